package dev.lamina.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.lamina.dockerfile.instructions.Run;
import dev.lamina.dockerfile.parser.Node;
import dev.lamina.dockerfile.parser.ParseTree;
import dev.lamina.dockerfile.parser.RawParser;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Any bytes either parse or fail with a located {@link DockerfileException}, in bounded time. In the normal
 * suite this replays the seeds under {@code src/test/resources/.../DockerfileFuzzTestInputs}; with
 * {@code JAZZER_FUZZ=1} it fuzzes (see the README's Development section).
 */
class DockerfileFuzzTest {
    @FuzzTest(maxDuration = "10m")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void anyBytesParseOrFailWithALocatedError(byte[] content) {
        ParseTree tree;
        try {
            tree = RawParser.parse("Dockerfile", content);
        } catch (DockerfileException e) {
            assertThat(e.range().startLine()).isPositive();
            return;
        }
        assertThat(tree.dump()).isNotNull();
        for (Node node : tree.nodes()) {
            assertThat(node.startLine()).isLessThanOrEqualTo(node.endLine());
        }
        Dockerfile dockerfile;
        try {
            dockerfile = Dockerfile.parse("Dockerfile", content);
        } catch (DockerfileException e) {
            assertThat(e.getMessage()).startsWith("Dockerfile:");
            return;
        }
        dockerfile.stages().forEach(stage -> stage.instructions().forEach(instruction -> {
            if (instruction instanceof Run run) {
                try {
                    run.mounts(word -> word);
                } catch (DockerfileException e) {
                    // an invalid mount is reported at the RUN, which is all that is asked
                }
            }
        }));
    }
}
