package dev.lamina.builder.cache;

import dev.lamina.image.Digest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collection;

/**
 * Builds a digest from named parts, each length-prefixed so that no two different part lists hash alike. The one
 * way the builder makes cache keys, slots and input fingerprints.
 *
 * <p>The parts are gathered and hashed in one call: a step's inputs are thousands of short parts, and in a JVM that
 * has not warmed up, a call into the digest per part costs several times the hashing itself.
 */
public final class KeyHasher {
    private byte[] buffer = new byte[256];
    private int length;

    public KeyHasher(String kind) {
        add("kind", kind);
    }

    public KeyHasher add(String name, String value) {
        field(name);
        bytes(value.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    public KeyHasher add(String name, long value) {
        return add(name, Long.toString(value));
    }

    public KeyHasher add(String name, boolean value) {
        return add(name, Boolean.toString(value));
    }

    public KeyHasher add(String name, Digest value) {
        return add(name, value.toString());
    }

    public KeyHasher add(String name, Collection<String> values) {
        add(name, values.size());
        values.forEach(v -> add(name + "[]", v));
        return this;
    }

    public KeyHasher add(String name, byte[] value) {
        field(name);
        bytes(value);
        return this;
    }

    public Digest digest() {
        MessageDigest sha = Digest.newSha256();
        sha.update(buffer, 0, length);
        return Digest.ofSha256(sha.digest());
    }

    private void field(String name) {
        bytes(name.getBytes(StandardCharsets.UTF_8));
    }

    private void bytes(byte[] b) {
        int n = b.length;
        if (length + 4 + n > buffer.length) {
            buffer = java.util.Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + 4 + n));
        }
        buffer[length] = (byte) (n >>> 24);
        buffer[length + 1] = (byte) (n >>> 16);
        buffer[length + 2] = (byte) (n >>> 8);
        buffer[length + 3] = (byte) n;
        System.arraycopy(b, 0, buffer, length + 4, n);
        length += 4 + n;
    }
}
