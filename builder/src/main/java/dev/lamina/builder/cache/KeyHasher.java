package dev.lamina.builder.cache;

import dev.lamina.image.Digest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collection;

/**
 * Builds a digest from named parts, each length-prefixed so that no two different part lists hash alike. The one
 * way the builder makes cache keys, slots and input fingerprints.
 */
public final class KeyHasher {
    private final MessageDigest sha = Digest.newSha256();

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
        return Digest.ofSha256(sha.digest());
    }

    private void field(String name) {
        bytes(name.getBytes(StandardCharsets.UTF_8));
    }

    private void bytes(byte[] b) {
        int n = b.length;
        sha.update(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
        sha.update(b);
    }
}
