package dev.lamina.builder.run;

import java.nio.file.Path;
import java.util.Optional;

/** Runner settings for tests: scratch and helper cache under a test's own directory, as root without a user namespace. */
final class TestSettings {
    private TestSettings() {
    }

    static RunnerSettings in(Path dir) {
        return RunnerSettings.defaults().withScratchDir(dir.resolve("scratch")).withHelperCache(dir.resolve("cache"))
                .withUserNamespace(Optional.empty());
    }
}
