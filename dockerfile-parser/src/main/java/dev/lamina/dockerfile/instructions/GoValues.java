package dev.lamina.dockerfile.instructions;

import dev.lamina.dockerfile.text.GoQuote;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go's parsers for the values BuildKit checks while parsing instructions: durations ({@code time.ParseDuration}),
 * integers ({@code strconv}), booleans, and Docker's byte sizes ({@code units.RAMInBytes}). Failures are thrown as
 * {@link IllegalArgumentException} with Go's message.
 */
final class GoValues {
    private static final Map<String, Long> UNITS = Map.of("ns", 1L, "us", 1_000L, "\u00b5s", 1_000L, "\u03bcs", 1_000L,
            "ms", 1_000_000L, "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);
    private static final BigInteger LIMIT = BigInteger.ONE.shiftLeft(63);
    private static final Pattern SIZE = Pattern.compile("^(\\d+(\\.\\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$");

    private GoValues() {
    }

    /** {@code time.ParseDuration}. */
    static Duration duration(String text) {
        String s = text;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        if (s.isEmpty()) {
            throw invalidDuration(text);
        }
        BigInteger total = BigInteger.ZERO;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (!(c == '.' || c >= '0' && c <= '9')) {
                throw invalidDuration(text);
            }
            int start = i;
            while (i < s.length() && isDigit(s.charAt(i))) {
                i++;
            }
            boolean pre = i > start;
            BigInteger whole = pre ? new BigInteger(s.substring(start, i)) : BigInteger.ZERO;
            if (whole.compareTo(LIMIT) > 0) {
                throw invalidDuration(text);
            }
            String fraction = "";
            boolean post = false;
            if (i < s.length() && s.charAt(i) == '.') {
                i++;
                int fs = i;
                while (i < s.length() && isDigit(s.charAt(i))) {
                    i++;
                }
                post = i > fs;
                fraction = s.substring(fs, i);
            }
            if (!pre && !post) {
                throw invalidDuration(text);
            }
            int us = i;
            while (i < s.length() && s.charAt(i) != '.' && !isDigit(s.charAt(i))) {
                i++;
            }
            if (i == us) {
                throw new IllegalArgumentException("time: missing unit in duration " + GoQuote.quote(text));
            }
            String unitName = s.substring(us, i);
            Long unit = UNITS.get(unitName);
            if (unit == null) {
                throw new IllegalArgumentException("time: unknown unit " + GoQuote.quote(unitName) + " in duration "
                        + GoQuote.quote(text));
            }
            BigInteger u = BigInteger.valueOf(unit);
            if (whole.compareTo(LIMIT.divide(u)) > 0) {
                throw invalidDuration(text);
            }
            BigInteger v = whole.multiply(u);
            if (!fraction.isEmpty()) {
                // Go keeps the fraction's digits that fit in 63 bits, then scales in floating point
                long f = 0;
                double scale = 1;
                for (char d : fraction.toCharArray()) {
                    if (f > Long.MAX_VALUE / 10) {
                        break;
                    }
                    f = f * 10 + (d - '0');
                    scale *= 10;
                }
                v = v.add(BigInteger.valueOf((long) ((double) f * ((double) unit / scale))));
                if (v.compareTo(LIMIT) > 0) {
                    throw invalidDuration(text);
                }
            }
            total = total.add(v);
            if (total.compareTo(LIMIT) > 0) {
                throw invalidDuration(text);
            }
        }
        if (!negative && total.compareTo(LIMIT) >= 0) {
            throw invalidDuration(text);
        }
        long nanos = total.longValue();
        return Duration.ofNanos(negative ? -nanos : nanos);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static IllegalArgumentException invalidDuration(String text) {
        return new IllegalArgumentException("time: invalid duration " + GoQuote.quote(text));
    }

    /** {@code strconv.ParseInt(s, 10, 32)}. */
    static int parseInt32(String s) {
        if (!s.matches("[+-]?[0-9]+")) {
            throw new IllegalArgumentException("strconv.ParseInt: parsing " + GoQuote.quote(s) + ": invalid syntax");
        }
        BigInteger v = new BigInteger(s.startsWith("+") ? s.substring(1) : s);
        if (v.bitLength() > 31) {
            throw new IllegalArgumentException("strconv.ParseInt: parsing " + GoQuote.quote(s) + ": value out of range");
        }
        return v.intValue();
    }

    /** {@code strconv.ParseUint(s, base, 32)}, or empty when it fails. */
    static Optional<Long> parseUint32(String s, int radix) {
        if (s.isEmpty() || !s.chars().allMatch(c -> Character.digit(c, radix) >= 0 && c < 0x80)) {
            return Optional.empty();
        }
        BigInteger v = new BigInteger(s, radix);
        return v.bitLength() > 32 ? Optional.empty() : Optional.of(v.longValue());
    }

    /** {@code strconv.ParseBool}. */
    static Optional<Boolean> parseBool(String s) {
        return switch (s) {
            case "1", "t", "T", "TRUE", "true", "True" -> Optional.of(true);
            case "0", "f", "F", "FALSE", "false", "False" -> Optional.of(false);
            default -> Optional.empty();
        };
    }

    /** Docker's {@code units.RAMInBytes}: {@code 64m}, {@code 1.5GiB}, … in powers of 1024. */
    static Optional<Long> ramInBytes(String s) {
        Matcher m = SIZE.matcher(s);
        if (!m.matches()) {
            return Optional.empty();
        }
        double size;
        try {
            size = Double.parseDouble(m.group(1));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (m.group(3) != null) {
            int power = "kmgtp".indexOf(Character.toLowerCase(m.group(3).charAt(0))) + 1;
            size *= Math.pow(1024, power);
        }
        return Optional.of((long) size);
    }
}
