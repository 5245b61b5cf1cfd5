package dev.lamina.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lamina.image.store.Store;
import dev.lamina.registry.testing.SharedRegistry;
import dev.lamina.tarball.testing.InspectionImages;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inspection commands read docker:// images straight from the real registry, layers streamed, and give what
 * they give for the same images in the store; nothing is stored on the way.
 */
@Tag("peer")
class InspectionRegistryTest {
    @RegisterExtension
    static final SharedRegistry registry = new SharedRegistry();

    @TempDir
    Path root;
    @TempDir
    Path work;

    @Test
    void everyInspectionCommandStreamsFromTheRegistryAndStoresNothing() throws IOException {
        String repository = registry.host() + "/inspect/";
        CliRunner cli = new CliRunner(root, work).env("HOME", work.toString());
        Store store = Store.open(root);
        InspectionImages.knownChanges(store, repository + "known:1");
        InspectionImages.twoImages(store, repository + "pair");
        for (String name : List.of("known:1", "pair:before", "pair:after")) {
            CliRunner.Result pushed = cli.run("push", "-q", repository + name);
            assertThat(pushed.code()).as(pushed.err()).isZero();
        }
        Path empty = work.resolve("never-created");
        CliRunner remote = new CliRunner(empty, work).env("HOME", work.toString());
        List<List<String>> commands = List.of(
                List.of("history", "--format", "{{.ID}} {{.CreatedBy}} {{.Size}}", "known:1"),
                List.of("layers", "--format", "json", "known:1"),
                List.of("diff", "known:1"),
                List.of("diff", "--layer", "2", "--format", "json", "known:1"),
                List.of("efficiency", "known:1"),
                List.of("diff", "pair:before", "pair:after"));
        for (List<String> command : commands) {
            String[] local = command.stream().map(a -> a.contains(":") && !a.startsWith("{") ? repository + a : a)
                    .toArray(String[]::new);
            String[] streamed = command.stream().map(a -> a.contains(":") && !a.startsWith("{")
                    ? "docker://" + repository + a : a).toArray(String[]::new);
            CliRunner.Result expected = cli.run(local);
            CliRunner.Result actual = remote.run(streamed);
            assertThat(expected.code()).as(String.join(" ", local) + ": " + expected.err()).isZero();
            assertThat(actual.code()).as(String.join(" ", streamed) + ": " + actual.err()).isZero();
            assertThat(actual.out()).as(String.join(" ", streamed)).isEqualTo(expected.out());
        }
        assertThat(empty).doesNotExist();
        CliRunner.Result missing = remote.run("layers", "docker://" + repository + "known:nope");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).startsWith("lamina: error: ").contains("known:nope").hasLineCount(1);
    }
}
