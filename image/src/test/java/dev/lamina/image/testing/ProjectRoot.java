package dev.lamina.image.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's top directory, wherever the test runs from (Maven sets a property; an IDE may not). */
public final class ProjectRoot {
    private ProjectRoot() {
    }

    public static Path get() {
        String property = System.getProperty("lamina.projectRoot");
        if (property != null && !property.isEmpty() && Files.isDirectory(Path.of(property))) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the project root above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
