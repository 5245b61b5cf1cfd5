package dev.lamina.cli;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes and ages written as Docker writes them (go-units), so output reads the same. */
final class Units {
    private static final String[] DECIMAL = {"B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};
    private static final Pattern SIZE = Pattern.compile("(?i)\\s*(\\d+(?:\\.\\d+)?)\\s*([kmgtp]?)(i?)(b?)\\s*");

    private Units() {
    }

    /**
     * {@code 4.26MB}: three significant digits, decimal units, as {@code docker images} shows sizes (go-units'
     * {@code HumanSizeWithPrecision(size, 3)}, that is Go's {@code %.3g}: ties round to even, and a value that
     * rounds up to 1000 is written {@code 1e+03}, as Docker writes it).
     */
    static String humanSize(long bytes) {
        double size = bytes;
        int unit = 0;
        while (size >= 1000 && unit < DECIMAL.length - 1) {
            size /= 1000;
            unit++;
        }
        BigDecimal rounded = new BigDecimal(size).round(new MathContext(3, RoundingMode.HALF_EVEN));
        if (rounded.compareTo(BigDecimal.valueOf(1000)) >= 0) {
            int exponent = rounded.precision() - rounded.scale() - 1;
            String mantissa = rounded.movePointLeft(exponent).stripTrailingZeros().toPlainString();
            return mantissa + "e+" + (exponent < 10 ? "0" : "") + exponent + DECIMAL[unit];
        }
        return rounded.stripTrailingZeros().toPlainString() + DECIMAL[unit];
    }

    /**
     * Reads a size as {@code docker} options take one (go-units' {@code FromHumanSize}, plus binary units):
     * {@code 1024}, {@code 20MB}, {@code 1.5g}, {@code 64MiB}. Decimal units by default.
     */
    static long parseSize(String text) {
        Matcher m = SIZE.matcher(text);
        if (!m.matches()) {
            throw new UsageException("invalid size \"" + text + "\" (for example 500kB, 20MB, 1.5GB)");
        }
        int power = m.group(2).isEmpty() ? 0 : "kmgtp".indexOf(m.group(2).toLowerCase(Locale.ROOT)) + 1;
        BigDecimal base = BigDecimal.valueOf(m.group(3).isEmpty() ? 1000 : 1024);
        return new BigDecimal(m.group(1)).multiply(base.pow(power)).setScale(0, RoundingMode.DOWN).longValueExact();
    }

    /** {@code 2 weeks}, {@code About an hour}: Docker's relative ages. */
    static String humanDuration(Duration d) {
        long seconds = d.getSeconds();
        if (seconds < 1) {
            return "Less than a second";
        }
        if (seconds == 1) {
            return "1 second";
        }
        if (seconds < 60) {
            return seconds + " seconds";
        }
        long minutes = d.toMinutes();
        if (minutes == 1) {
            return "About a minute";
        }
        if (minutes < 60) {
            return minutes + " minutes";
        }
        long hours = Math.round(seconds / 3600.0);
        if (hours == 1) {
            return "About an hour";
        }
        if (hours < 48) {
            return hours + " hours";
        }
        if (hours < 24 * 7 * 2) {
            return hours / 24 + " days";
        }
        if (hours < 24 * 30 * 2) {
            return hours / 24 / 7 + " weeks";
        }
        if (hours < 24 * 365 * 2) {
            return hours / 24 / 30 + " months";
        }
        return seconds / 3600 / 24 / 365 + " years";
    }

    /**
     * Docker's {@code formatter.Ellipsis}: {@code text} cut to {@code width} display columns, the last being
     * {@code …} when it was cut; East Asian wide and fullwidth characters take two columns.
     */
    static String ellipsis(String text, int width) {
        if (width <= 0) {
            return "";
        }
        int[] runes = text.codePoints().toArray();
        if (width == 1) {
            return runes.length == 0 ? "" : new String(runes, 0, 1);
        }
        int total = 0;
        for (int rune : runes) {
            total += columns(rune);
        }
        if (total <= width) {
            return text;
        }
        int used = 0;
        int kept = 0;
        while (kept < runes.length && used + columns(runes[kept]) <= width - 1) {
            used += columns(runes[kept++]);
        }
        return new String(runes, 0, kept) + "…";
    }

    /** Display columns of a character: two for the East Asian wide and fullwidth ranges, else one. */
    private static int columns(int rune) {
        boolean wide = rune >= 0x1100 && (rune <= 0x115F || rune == 0x2329 || rune == 0x232A
                || (rune >= 0x2E80 && rune <= 0xA4CF && rune != 0x303F)
                || (rune >= 0xAC00 && rune <= 0xD7A3)
                || (rune >= 0xF900 && rune <= 0xFAFF)
                || (rune >= 0xFE10 && rune <= 0xFE19)
                || (rune >= 0xFE30 && rune <= 0xFE6F)
                || (rune >= 0xFF00 && rune <= 0xFF60)
                || (rune >= 0xFFE0 && rune <= 0xFFE6)
                || (rune >= 0x1F300 && rune <= 0x1F64F)
                || (rune >= 0x1F900 && rune <= 0x1F9FF)
                || (rune >= 0x20000 && rune <= 0x3FFFD));
        return wide ? 2 : 1;
    }
}
