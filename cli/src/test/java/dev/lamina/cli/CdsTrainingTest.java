package dev.lamina.cli;

import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's training run must exercise every command it names, or the archive silently lacks them. */
class CdsTrainingTest {
    @Test
    void everyTrainingCommandSucceedsAgainstTheInProcessRegistry(@TempDir Path work) {
        assertThatCode(() -> CdsTraining.train(work)).doesNotThrowAnyException();
    }
}
