package dev.lamina.builder.run;

/** {@code size} consecutive ids from {@code containerId} inside a user namespace are {@code hostId}… outside. */
public record IdMapping(long containerId, long hostId, long size) {
    public IdMapping {
        if (containerId < 0 || hostId < 0 || size < 1) {
            throw new IllegalArgumentException("invalid id mapping " + containerId + " " + hostId + " " + size);
        }
    }

    /** The line /proc/PID/uid_map takes, and the triple newuidmap takes. */
    String line() {
        return containerId + " " + hostId + " " + size;
    }
}
