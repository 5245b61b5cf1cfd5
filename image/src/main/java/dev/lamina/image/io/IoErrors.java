package dev.lamina.image.io;

import dev.lamina.image.LaminaException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * One line for a user from a failure: lamina's own messages as they are, and the JDK's file-system exceptions
 * (whose message is often only a path) worded as the C library words them.
 */
public final class IoErrors {
    private IoErrors() {
    }

    public static String describe(Throwable t) {
        if (t instanceof LaminaException) {
            return t.getMessage();
        }
        if (t instanceof NoSuchFileException e) {
            return "no such file or directory: " + path(e);
        }
        if (t instanceof AccessDeniedException e) {
            return "permission denied: " + path(e);
        }
        if (t instanceof FileAlreadyExistsException e) {
            return "file exists: " + path(e);
        }
        if (t instanceof FileSystemException e && e.getReason() != null) {
            return e.getReason().toLowerCase(java.util.Locale.ROOT) + ": " + path(e);
        }
        String message = t.getMessage();
        if (message != null && t instanceof java.io.IOException) {
            return message;
        }
        return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static String path(FileSystemException e) {
        return e.getFile() != null ? e.getFile() + (e.getOtherFile() != null ? " -> " + e.getOtherFile() : "")
                : String.valueOf(e.getMessage());
    }
}
