package dev.lamina.image.io;

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

    private TempNames() {
    }

    public static String unique() {
        return PROCESS + "-" + Long.toHexString(COUNTER.incrementAndGet()) + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong());
    }
}
