package dev.lamina.builder.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OciConfigTest {
    @Test
    void describesTheStepPerTheRuntimeSpec() {
        RunSpec spec = RunSpec.of(new Rootfs.Directory(Path.of("/r")), List.of("sh", "-c", "x"))
                .withNetwork(NetworkMode.NONE).withHostname("h");
        JsonNode config = OciConfig.of(spec, Path.of("/r"), new ResolvedUser(1000, 1000, List.of(29), "/home/b"),
                Map.of("/etc/hosts", Path.of("/s/hosts")), Optional.of("/lamina/x"), Optional.empty());

        assertThat(config.path("process").path("user").toString())
                .isEqualTo("{\"uid\":1000,\"gid\":1000,\"additionalGids\":[29]}");
        assertThat(config.path("root").path("path").asText()).isEqualTo("/r");
        assertThat(config.path("linux").path("namespaces").findValuesAsText("type"))
                .containsExactly("pid", "ipc", "uts", "mount", "network");
        assertThat(config.path("linux").path("cgroupsPath").asText()).isEqualTo("/lamina/x");
        assertThat(config.path("mounts").findValuesAsText("destination"))
                .containsExactly("/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue", "/sys", "/etc/hosts");
        assertThat(config.path("process").path("capabilities").path("bounding").size())
                .isEqualTo(OciConfig.DEFAULT_CAPABILITIES.size());
    }
}
