package dev.lamina.builder.run;

import java.nio.file.Path;
import java.util.List;

/** The file system a command gets as {@code /}. */
public sealed interface Rootfs {
    /**
     * A directory used in place: what the command writes lands in it. Mount points the runner needs and
     * the directory lacks ({@code /etc/hosts}, {@code /proc}, a {@code --mount} target) are created for the
     * step and removed after it, their parent directories' times restored (by lamina's own runner even
     * when lamina is killed).
     */
    record Directory(Path path) implements Rootfs {
        public Directory {
            path = path.toAbsolutePath().normalize();
        }
    }

    /**
     * An overlay the runner mounts inside the step's private mount namespace, so it is never visible on
     * the host and cannot outlive the step: {@code lowerDirs} top-most first, the step's changes land in
     * {@code upperDir}. Mount points the lower layers lack come from a scratch layer below them all, so
     * nothing but the command's own changes reaches {@code upperDir}.
     */
    record Overlay(List<Path> lowerDirs, Path upperDir, Path workDir) implements Rootfs {
        public Overlay {
            lowerDirs = lowerDirs.stream().map(p -> p.toAbsolutePath().normalize()).toList();
            upperDir = upperDir.toAbsolutePath().normalize();
            workDir = workDir.toAbsolutePath().normalize();
        }
    }
}
