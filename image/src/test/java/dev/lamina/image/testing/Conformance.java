package dev.lamina.image.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * The shared conformance corpus, read in place: {@code $LAMINA_CONFORMANCE}, else
 * {@code ../shared/conformance} beside the project. Where it is absent, the tests that need it say so loudly
 * on stderr and are skipped; nothing else is.
 */
public final class Conformance {
    public static final String ENV = "LAMINA_CONFORMANCE";

    private Conformance() {
    }

    public static Optional<Path> root() {
        String fromEnv = System.getenv(ENV);
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return Optional.of(Path.of(fromEnv)).filter(Files::isDirectory);
        }
        return Optional.of(ProjectRoot.get().resolve("../shared/conformance").normalize()).filter(Files::isDirectory);
    }

    /** The corpus directory (or a subdirectory of it), or the test is skipped with a loud warning. */
    public static Path require(String subdirectory) {
        Optional<Path> root = root();
        if (root.isEmpty() || !Files.exists(root.get().resolve(subdirectory))) {
            String message = "CONFORMANCE DATA MISSING: " + subdirectory + " not found under "
                    + root.map(Path::toString).orElse(ProjectRoot.get().resolve("../shared/conformance").normalize()
                    + " (set " + ENV + ")") + "; skipping the tests that read it";
            System.err.println("\n!!! " + message + " !!!\n");
            Assumptions.abort(message);
        }
        return root.get().resolve(subdirectory);
    }
}
