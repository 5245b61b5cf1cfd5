package dev.lamina.image.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Names for temporary files and directories, made beside what they become: unique among the threads and processes
 * of one machine (process ID and a counter) and, with 64 random bits, among machines sharing a store over a network.
 * Not {@code UUID.randomUUID()}: its first call seeds a {@code SecureRandom}, 22 ms of a cold start, for names that
 * need no secrecy. Whoever creates the file does so exclusively, so a clash fails instead of sharing a file.
 */
public final class TempNames {
    private static final String PROCESS = Long.toHexString(ProcessHandle.current().pid());
    private static final AtomicLong COUNTER = new AtomicLong();
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

    private TempNames() {
    }

    /**
     * Creates a new directory only its owner may enter, as {@code Files.createTempDirectory} does but without the
     * {@code SecureRandom} that seeds its names: {@code prefix} and a {@link #unique} name, in {@code parentOrNull}
     * (null: the system's temporary directory).
     */
    public static Path createDirectory(Path parentOrNull, String prefix) throws IOException {
        Path parent = parentOrNull != null ? parentOrNull : Path.of(System.getProperty("java.io.tmpdir"));
        Path directory = parent.resolve(prefix + unique());
        if (parent.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return Files.createDirectory(directory, OWNER_ONLY);
        }
        return Files.createDirectory(directory);
    }

    public static String unique() {
        return PROCESS + "-" + Long.toHexString(COUNTER.incrementAndGet()) + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong());
    }
}
