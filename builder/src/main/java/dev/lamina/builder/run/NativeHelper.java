package dev.lamina.builder.run;

import dev.lamina.image.LaminaException;
import dev.lamina.image.io.IoErrors;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the native helper, {@code lamina-init}. The build compiles it (statically, so that it runs on any
 * Linux of the same architecture) when gcc is there and ships it in the jar; here it is extracted once to
 * {@code CACHE/lamina-init-HASH}, verified against the digest shipped with it, and reused by every later
 * step and lamina process. {@code $LAMINA_INIT} may name an installed helper instead (distribution packages).
 */
final class NativeHelper {
    static final String ENV_OVERRIDE = "LAMINA_INIT";
    private static final String RESOURCE_DIR = "/dev/lamina/builder/run/native/";
    /** Extracted files this JVM has verified, by path: hashing ~1 MB per step would be wasted work. */
    private static final Map<Path, Boolean> VERIFIED = new ConcurrentHashMap<>();

    private NativeHelper() {
    }

    static Path locate(Path cacheDir) {
        String override = System.getenv(ENV_OVERRIDE);
        if (override != null && !override.isEmpty()) {
            Path path = Path.of(override);
            if (!Files.isExecutable(path)) {
                throw new LaminaException("$" + ENV_OVERRIDE + " names " + path + ", which is not an executable file");
            }
            return path;
        }
        return extracted(cacheDir, architecture());
    }

    /** The helper for {@code arch} from the jar, extracted into {@code cacheDir} if it is not there yet. */
    static Path extracted(Path cacheDir, String arch) {
        String name = "lamina-init-" + arch;
        String expected = resource(name + ".sha256")
                .map(bytes -> new String(bytes, StandardCharsets.US_ASCII).trim())
                .orElseThrow(() -> missing(arch));
        Path target = cacheDir.resolve("lamina-init-" + expected.substring(0, 16));
        if (VERIFIED.containsKey(target)) {
            return target;
        }
        prepareCacheDir(cacheDir);
        if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS) || !expected.equals(sha256(target))) {
            byte[] binary = resource(name).orElseThrow(() -> missing(arch));
            if (!expected.equals(sha256(binary))) {
                throw new LaminaException("the native helper in this lamina build is corrupt (" + name
                        + " does not match its digest)");
            }
            extract(binary, target);
        }
        VERIFIED.put(target, true);
        return target;
    }

    private static LaminaException missing(String arch) {
        return new LaminaException("this lamina build has no native RUN helper for linux/" + arch
                + " (gcc was missing when it was built): rebuild lamina with gcc and libc6-dev installed,"
                + " or use --runtime runc");
    }

    /** The architecture as {@code uname -m} names it, which is how the build names the helper. */
    static String architecture() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "arm64", "aarch64" -> "aarch64";
            default -> arch;
        };
    }

    /**
     * The cache must be ours and closed to others: root executes what is in it, so another user able to
     * write there could run code as root.
     */
    private static void prepareCacheDir(Path dir) {
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir.getParent());
                try {
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    // created concurrently; checked below like any existing directory
                }
            }
            Object owner = Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
            if (((Number) owner).longValue() != RunnerSettings.id("uid")
                    || permissions.contains(PosixFilePermission.GROUP_WRITE)
                    || permissions.contains(PosixFilePermission.OTHERS_WRITE)
                    || Files.isSymbolicLink(dir)) {
                throw new LaminaException("refusing to use " + dir + " for the native helper: it must be a directory"
                        + " owned by this user and writable by no one else");
            }
        } catch (IOException e) {
            throw new LaminaException("cannot prepare " + dir + " for lamina's native RUN helper: "
                    + IoErrors.describe(e) + " (set XDG_CACHE_HOME to a directory of yours)", e);
        }
    }

    private static void extract(byte[] binary, Path target) {
        try {
            Path temporary = Files.createTempFile(target.getParent(), ".lamina-init", ".tmp");
            try {
                Files.write(temporary, binary);
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rwxr-xr-x"));
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the native helper to " + target, e);
        }
    }

    private static Optional<byte[]> resource(String name) {
        try (InputStream in = NativeHelper.class.getResourceAsStream(RESOURCE_DIR + name)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the native helper from lamina's jar", e);
        }
    }

    private static String sha256(Path file) {
        try {
            return sha256(Files.readAllBytes(file));
        } catch (IOException e) {
            return "";
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
