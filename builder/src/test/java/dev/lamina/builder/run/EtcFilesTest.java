package dev.lamina.builder.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EtcFilesTest {
    @Test
    void hostsNameTheStepAndResolvConfIsTheHostsWhenItNamesAServer() {
        var files = EtcFiles.contents("stage", "search example\nnameserver 10.0.0.2\n");

        assertThat(files.keySet()).containsExactly("/etc/hosts", "/etc/hostname", "/etc/resolv.conf");
        assertThat(files.get("/etc/hosts")).startsWith("127.0.0.1\tlocalhost stage\n");
        assertThat(files.get("/etc/hostname")).isEqualTo("stage\n");
        assertThat(files.get("/etc/resolv.conf")).isEqualTo("search example\nnameserver 10.0.0.2\n");
    }

    @Test
    void resolvConfFallsBackToDockersServers() {
        assertThat(EtcFiles.contents("s", "").get("/etc/resolv.conf")).isEqualTo(EtcFiles.DEFAULT_RESOLV_CONF);
    }
}
