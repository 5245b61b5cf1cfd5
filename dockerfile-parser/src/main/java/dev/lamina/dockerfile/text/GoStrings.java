package dev.lamina.dockerfile.text;

import java.io.ByteArrayOutputStream;

/**
 * Go's view of text, which BuildKit's behaviour is defined in: strings are UTF-8 bytes that need not be
 * valid, {@code unicode.IsSpace} is the notion of white space, and case mapping works rune by rune.
 *
 * <p>Java strings cannot hold invalid UTF-8, so {@link #decode} maps each byte of an invalid sequence to the
 * lone surrogate {@code U+DC80..U+DCFF} (as Python's "surrogateescape" does) and {@link #encode} maps it back.
 * Such a char is neither a letter, a digit nor a space, exactly as Go's {@code utf8.RuneError} is not, and the
 * dumper prints it as {@code \xNN} like Go's {@code strconv.Quote}. Internal to the parser module.
 */
public final class GoStrings {
    private static final int ESCAPE_BASE = 0xDC00;

    private GoStrings() {
    }

    /** Decodes UTF-8 the way Go ranges over a string, keeping every invalid byte (see the class comment). */
    public static String decode(byte[] bytes, int from, int to) {
        StringBuilder out = new StringBuilder(to - from);
        int i = from;
        while (i < to) {
            int b0 = bytes[i] & 0xFF;
            if (b0 < 0x80) {
                out.append((char) b0);
                i++;
                continue;
            }
            int width = validSequenceLength(bytes, i, to);
            if (width == 0) {
                out.append((char) (ESCAPE_BASE | b0));
                i++;
                continue;
            }
            int cp;
            if (width == 2) {
                cp = (b0 & 0x1F) << 6 | (bytes[i + 1] & 0x3F);
            } else if (width == 3) {
                cp = (b0 & 0x0F) << 12 | (bytes[i + 1] & 0x3F) << 6 | (bytes[i + 2] & 0x3F);
            } else {
                cp = (b0 & 0x07) << 18 | (bytes[i + 1] & 0x3F) << 12 | (bytes[i + 2] & 0x3F) << 6 | (bytes[i + 3] & 0x3F);
            }
            out.appendCodePoint(cp);
            i += width;
        }
        return out.toString();
    }

    public static String decode(byte[] bytes) {
        return decode(bytes, 0, bytes.length);
    }

    /** The length of the valid UTF-8 sequence at {@code i} (Go's rules: no surrogates, no overlongs), or 0. */
    private static int validSequenceLength(byte[] b, int i, int to) {
        int b0 = b[i] & 0xFF;
        int n;
        int lo = 0x80;
        int hi = 0xBF;
        if (b0 >= 0xC2 && b0 <= 0xDF) {
            n = 2;
        } else if (b0 >= 0xE0 && b0 <= 0xEF) {
            n = 3;
            if (b0 == 0xE0) {
                lo = 0xA0;
            } else if (b0 == 0xED) {
                hi = 0x9F;
            }
        } else if (b0 >= 0xF0 && b0 <= 0xF4) {
            n = 4;
            if (b0 == 0xF0) {
                lo = 0x90;
            } else if (b0 == 0xF4) {
                hi = 0x8F;
            }
        } else {
            return 0;
        }
        if (i + n > to) {
            return 0;
        }
        int b1 = b[i + 1] & 0xFF;
        if (b1 < lo || b1 > hi) {
            return 0;
        }
        for (int k = 2; k < n; k++) {
            int bk = b[i + k] & 0xFF;
            if (bk < 0x80 || bk > 0xBF) {
                return 0;
            }
        }
        return n;
    }

    /** Whether {@code ch} stands for one invalid byte of the original input (see the class comment). */
    public static boolean isEscapedByte(int ch) {
        return ch >= 0xDC80 && ch <= 0xDCFF;
    }

    /** The inverse of {@link #decode}: the original bytes. */
    public static byte[] encode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length() + 8);
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (isEscapedByte(cp)) {
                out.write(cp & 0xFF);
            } else if (cp >= 0xD800 && cp <= 0xDFFF) {
                writeUtf8(out, 0xFFFD);
            } else {
                writeUtf8(out, cp);
            }
        }
        return out.toByteArray();
    }

    private static void writeUtf8(ByteArrayOutputStream out, int cp) {
        if (cp < 0x80) {
            out.write(cp);
        } else if (cp < 0x800) {
            out.write(0xC0 | cp >> 6);
            out.write(0x80 | cp & 0x3F);
        } else if (cp < 0x10000) {
            out.write(0xE0 | cp >> 12);
            out.write(0x80 | cp >> 6 & 0x3F);
            out.write(0x80 | cp & 0x3F);
        } else {
            out.write(0xF0 | cp >> 18);
            out.write(0x80 | cp >> 12 & 0x3F);
            out.write(0x80 | cp >> 6 & 0x3F);
            out.write(0x80 | cp & 0x3F);
        }
    }

    /** Go's {@code unicode.IsSpace}. */
    public static boolean isSpace(int cp) {
        switch (cp) {
            case '\t', '\n', 0x0B, '\f', '\r', ' ', 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
                return true;
            default:
                return cp >= 0x2000 && cp <= 0x200A;
        }
    }

    /** Go's {@code unicode.IsSpace(rune(b))} for one byte, as BuildKit's byte-wise scanners test it. */
    public static boolean isSpaceByte(int b) {
        return b >= 9 && b <= 13 || b == ' ' || b == 0x85 || b == 0xA0;
    }

    /** Go's {@code unicode.IsLetter}. */
    public static boolean isLetter(int cp) {
        return !isEscapedByte(cp) && Character.isLetter(cp);
    }

    /** Go's {@code unicode.IsDigit} (decimal digits of any script). */
    public static boolean isDigit(int cp) {
        return Character.isDigit(cp);
    }

    /** Go's {@code strings.TrimSpace}. */
    public static String trimSpace(String s) {
        return trimRightSpace(trimLeftSpace(s));
    }

    /** Go's {@code strings.TrimLeftFunc(s, unicode.IsSpace)}. */
    public static String trimLeftSpace(String s) {
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            if (!isSpace(cp)) {
                break;
            }
            i += Character.charCount(cp);
        }
        return s.substring(i);
    }

    /** Go's {@code strings.TrimRightFunc(s, unicode.IsSpace)}. */
    public static String trimRightSpace(String s) {
        int end = s.length();
        while (end > 0) {
            int cp = s.codePointBefore(end);
            if (!isSpace(cp)) {
                break;
            }
            end -= Character.charCount(cp);
        }
        return s.substring(0, end);
    }

    /**
     * Go's {@code strings.ToLower}: rune by rune, with no locale and no context (unlike Java's); like Go, an
     * invalid byte comes out as U+FFFD.
     */
    public static String toLower(String s) {
        return isAscii(s) ? s.toLowerCase(java.util.Locale.ROOT) : mapRunes(s, Character::toLowerCase);
    }

    /** Go's {@code strings.ToUpper}: rune by rune ({@code ß} stays {@code ß}, unlike Java's). */
    public static String toUpper(String s) {
        return isAscii(s) ? s.toUpperCase(java.util.Locale.ROOT) : mapRunes(s, Character::toUpperCase);
    }

    /** Go's {@code strings.Map}: each rune mapped, each invalid byte replaced by U+FFFD. */
    private static String mapRunes(String s, java.util.function.IntUnaryOperator mapping) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> out.appendCodePoint(isEscapedByte(cp) ? 0xFFFD : mapping.applyAsInt(cp)));
        return out.toString();
    }

    /** Go's {@code string([]rune(s))} round trip: every invalid byte becomes U+FFFD. */
    public static String replaceInvalid(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isEscapedByte(c)) {
                if (out == null) {
                    out = new StringBuilder(s.length()).append(s, 0, i);
                }
                out.append('\uFFFD');
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? s : out.toString();
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** Go's {@code strings.EqualFold}, by simple case folding of each rune. */
    public static boolean equalFold(String a, String b) {
        int[] x = a.codePoints().toArray();
        int[] y = b.codePoints().toArray();
        if (x.length != y.length) {
            return false;
        }
        for (int i = 0; i < x.length; i++) {
            int p = x[i];
            int q = y[i];
            if (p != q && Character.toUpperCase(p) != Character.toUpperCase(q)
                    && Character.toLowerCase(p) != Character.toLowerCase(q)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The runes Go's {@code text/scanner} yields for {@code s}, which BuildKit's lexers and moby's pattern
     * compiler read through: a byte-order mark at the very start is skipped, an invalid byte reads as U+FFFD.
     */
    public static int[] scannerRunes(String s) {
        int[] cps = s.codePoints().toArray();
        int from = cps.length > 0 && cps[0] == 0xFEFF ? 1 : 0;
        int[] out = new int[cps.length - from];
        for (int i = from; i < cps.length; i++) {
            out[i - from] = isEscapedByte(cps[i]) ? 0xFFFD : cps[i];
        }
        return out;
    }
}
