package dev.lamina.builder.state;

import dev.lamina.dockerfile.text.GoQuote;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Values printed as Go prints them, because BuildKit writes history entries with {@code fmt}: {@code %v} and
 * {@code %q} of a {@code []string}, {@code time.Duration.String()}, and times as Go's JSON encoder writes them
 * (RFC 3339 with only as many fraction digits as needed).
 */
public final class GoFormat {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private GoFormat() {
    }

    /** {@code %v} of a {@code []string}: {@code [a b]}. */
    public static String list(List<String> values) {
        return "[" + String.join(" ", values) + "]";
    }

    /** {@code %q} of a {@code []string}: {@code ["a" "b"]}. */
    public static String quotedList(List<String> values) {
        return GoQuote.quoteList(values);
    }

    /**
     * {@code %q} of an integer: Go quotes it as the rune with that code point, so a HEALTHCHECK's
     * {@code Retries: 3} reads {@code '\x03'} in BuildKit's history.
     */
    public static String quotedRune(int codePoint) {
        String body = switch (codePoint) {
            case 0x07 -> "\\a";
            case 0x08 -> "\\b";
            case 0x0c -> "\\f";
            case 0x0a -> "\\n";
            case 0x0d -> "\\r";
            case 0x09 -> "\\t";
            case 0x0b -> "\\v";
            case '\'' -> "\\'";
            case '\\' -> "\\\\";
            default -> printable(codePoint) ? Character.toString(codePoint)
                    : codePoint < 0 || codePoint > Character.MAX_CODE_POINT ? "\\uFFFD"
                    : codePoint < 0x80 ? String.format("\\x%02x", codePoint)
                    : codePoint < 0x10000 ? String.format("\\u%04x", codePoint)
                    : String.format("\\U%08x", codePoint);
        };
        return "'" + body + "'";
    }

    private static boolean printable(int codePoint) {
        if (codePoint < 0 || codePoint > Character.MAX_CODE_POINT) {
            return false;
        }
        if (codePoint < 0x80) {
            return codePoint >= 0x20 && codePoint < 0x7f;
        }
        int type = Character.getType(codePoint);
        return type != Character.CONTROL && type != Character.FORMAT && type != Character.SURROGATE
                && type != Character.PRIVATE_USE && type != Character.UNASSIGNED
                && type != Character.LINE_SEPARATOR && type != Character.PARAGRAPH_SEPARATOR
                && (type != Character.SPACE_SEPARATOR || codePoint == ' ');
    }

    /** Go's {@code time.Time} in JSON, UTC: {@code 2024-01-02T03:04:05.5Z}. */
    public static String time(Instant instant) {
        StringBuilder out = new StringBuilder(SECONDS.format(instant));
        int nanos = instant.getNano();
        if (nanos != 0) {
            String fraction = withoutTrailingZeros(zeroPadded(nanos, 9));
            out.append('.').append(fraction);
        }
        return out.append('Z').toString();
    }

    /** Go's {@code time.Duration.String()}: {@code 0s}, {@code 1.5s}, {@code 1m30s}, {@code 2h0m0s}, {@code 500ms}. */
    public static String duration(Duration duration) {
        long d = duration.toNanos();
        if (d == 0) {
            return "0s";
        }
        boolean negative = d < 0;
        long u = Math.abs(d);
        StringBuilder out = new StringBuilder();
        if (u < 1_000_000_000L) {
            String unit;
            int precision;
            if (u < 1_000L) {
                return (negative ? "-" : "") + u + "ns";
            } else if (u < 1_000_000L) {
                unit = "µs";
                precision = 3;
            } else {
                unit = "ms";
                precision = 6;
            }
            out.append(fraction(u, precision)).append(unit);
        } else {
            long seconds = u / 1_000_000_000L;
            long nanos = u % 1_000_000_000L;
            String secondsText = fraction(seconds % 60 * 1_000_000_000L + nanos, 9);
            long minutes = seconds / 60;
            if (minutes > 0) {
                long hours = minutes / 60;
                if (hours > 0) {
                    out.append(hours).append('h');
                }
                out.append(minutes % 60).append('m');
            }
            out.append(secondsText).append('s');
        }
        return (negative ? "-" : "") + out;
    }

    /** {@code value / 10^precision} with the fraction's trailing zeros (and a bare point) removed. */
    private static String fraction(long value, int precision) {
        long scale = (long) Math.pow(10, precision);
        long whole = value / scale;
        long rest = value % scale;
        if (rest == 0) {
            return Long.toString(whole);
        }
        String digits = withoutTrailingZeros(zeroPadded(rest, precision));
        return whole + "." + digits;
    }

    /**
     * {@code value} in decimal, zeros before it up to {@code width} digits. (Not String.format: its first use loads
     * locale data, milliseconds of every build.)
     */
    private static String zeroPadded(long value, int width) {
        String digits = Long.toString(value);
        return "0".repeat(Math.max(0, width - digits.length())) + digits;
    }

    private static String withoutTrailingZeros(String digits) {
        int end = digits.length();
        while (end > 0 && digits.charAt(end - 1) == '0') {
            end--;
        }
        return digits.substring(0, end);
    }
}
