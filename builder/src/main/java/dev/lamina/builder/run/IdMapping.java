package dev.lamina.builder.run;

/** {@code size} consecutive ids from {@code containerId} inside a user namespace are {@code hostId}… outside. */
public record IdMapping(long containerId, long hostId, long size) {
    public IdMapping {
        if (containerId < 0 || hostId < 0 || size < 1) {
            throw new IllegalArgumentException("invalid id mapping " + containerId + " " + hostId + " " + size);
        }
    }

    /** The id inside for {@code host} outside, when this mapping covers it. */
    java.util.OptionalLong inside(long host) {
        return host >= hostId && host - hostId < size ? java.util.OptionalLong.of(containerId + (host - hostId))
                : java.util.OptionalLong.empty();
    }

    /** The line /proc/PID/uid_map takes, and the triple newuidmap takes. */
    String line() {
        return containerId + " " + hostId + " " + size;
    }
}
