package dev.lamina.image.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TempNamesTest {
    @Test
    void namesFromManyThreadsNeverRepeat() {
        Set<String> names = ConcurrentHashMap.newKeySet();
        IntStream.range(0, 80_000).parallel().forEach(i -> names.add(TempNames.unique()));
        assertThat(names).hasSize(80_000);
    }

    @Test
    void namesAreSafeAsOneFileNameComponent() {
        for (String name : List.of(TempNames.unique(), TempNames.unique())) {
            assertThat(name).matches("[0-9a-f]+-[0-9a-f]+-[0-9a-f]+");
        }
    }

    @Test
    void aTemporaryDirectoryIsTheOwnersAlone(@TempDir Path parent) throws IOException {
        Path directory = TempNames.createDirectory(parent, ".lamina-test-");
        assertThat(directory.getParent()).isEqualTo(parent);
        assertThat(directory.getFileName().toString()).startsWith(".lamina-test-");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory))).isEqualTo("rwx------");
        assertThat(TempNames.createDirectory(parent, ".lamina-test-")).isNotEqualTo(directory);
    }

    @Test
    void namesCarryThisProcessSoThatTwoProcessesCannotCollide() {
        assertThat(TempNames.unique()).startsWith(Long.toHexString(ProcessHandle.current().pid()) + "-");
    }
}
