package dev.lamina.image;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A content digest as OCI writes it: {@code algorithm:encoded}. Only the registered algorithms
 * (sha256, sha512) are accepted, with their exact lowercase-hex encodings, so that a digest that
 * parses is always one lamina can verify.
 */
public record Digest(String algorithm, String hex) implements Comparable<Digest> {
    public static final String SHA256 = "sha256";
    public static final String SHA512 = "sha512";

    /** Compiled only to word an error: compiling it with the class cost every command 13 ms of CPU. */
    private static final class Grammar {
        static final Pattern ALGORITHM = Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*");
    }

    public Digest {
        validate(algorithm, hex);
    }

    /** Parses {@code sha256:…}; the message of the exception says what is wrong with the text. */
    public static Digest parse(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new InvalidDigestException("invalid digest \"" + text + "\": expected algorithm:hex");
        }
        return new Digest(text.substring(0, colon), text.substring(colon + 1));
    }

    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (InvalidDigestException e) {
            return false;
        }
    }

    public static Digest sha256(byte[] content) {
        return new Digest(SHA256, HexFormat.of().formatHex(newSha256().digest(content)));
    }

    public static Digest ofSha256(byte[] rawHash) {
        return new Digest(SHA256, HexFormat.of().formatHex(rawHash));
    }

    public static MessageDigest newSha256() {
        return newMessageDigest(SHA256);
    }

    /** A fresh hasher for this digest's algorithm. */
    public MessageDigest newHasher() {
        return newMessageDigest(algorithm);
    }

    /** The twelve-character short form Docker shows (hex only). */
    public String shortHex() {
        return hex.substring(0, 12);
    }

    @Override
    public String toString() {
        return algorithm + ":" + hex;
    }

    // equals and hashCode written out: a record's generated ones are bootstrapped through method handles at first
    // use, a cost every short-lived command would pay, and digests are the keys of most of lamina's maps
    @Override
    public boolean equals(Object other) {
        return other instanceof Digest d && d.hex.equals(hex) && d.algorithm.equals(algorithm);
    }

    @Override
    public int hashCode() {
        return hex.hashCode();
    }

    @Override
    public int compareTo(Digest other) {
        return toString().compareTo(other.toString());
    }

    private static MessageDigest newMessageDigest(String algorithm) {
        try {
            return MessageDigest.getInstance(SHA512.equals(algorithm) ? "SHA-512" : "SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + algorithm, e);
        }
    }

    private static void validate(String algorithm, String hex) {
        if (algorithm == null || hex == null) {
            throw new InvalidDigestException("invalid digest: algorithm and hex are required");
        }
        // Digests are parsed by the thousand (listings, cache records): a loop, not a regex, for the two
        // algorithms lamina knows; the grammar is consulted only to word the error about any other.
        int length = switch (algorithm) {
            case SHA256 -> 64;
            case SHA512 -> 128;
            default -> throw new InvalidDigestException(Grammar.ALGORITHM.matcher(algorithm).matches()
                    ? "unsupported digest algorithm \"" + algorithm + "\""
                    : "invalid digest algorithm \"" + algorithm + "\"");
        };
        if (!isLowerHex(hex, length)) {
            throw new InvalidDigestException("invalid " + algorithm + " digest \"" + algorithm + ":" + hex
                    + "\": expected " + length + " lowercase hex characters");
        }
    }

    private static boolean isLowerHex(String text, int length) {
        if (text.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /** The text is not a digest lamina accepts. */
    public static final class InvalidDigestException extends LaminaException {
        public InvalidDigestException(String message) {
            super(message);
        }
    }
}
