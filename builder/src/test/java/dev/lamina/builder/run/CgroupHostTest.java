package dev.lamina.builder.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CgroupHostTest {
    @Test
    void findsV1ControllersAndTheV2HierarchyOfAHybridHost() {
        CgroupHost host = CgroupHost.parse("""
                24 30 0:22 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw
                28 24 0:26 / /sys/fs/cgroup rw,relatime shared:9 - tmpfs tmpfs rw,mode=755
                31 28 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,relatime shared:12 - cgroup cgroup rw,cpu,cpuacct
                33 28 0:31 / /sys/fs/cgroup/memory rw,relatime shared:14 - cgroup cgroup rw,memory
                34 28 0:32 / /sys/fs/cgroup/pids rw,relatime shared:15 - cgroup cgroup rw,pids
                39 28 0:37 / /sys/fs/cgroup/unified rw,relatime shared:20 - cgroup2 cgroup2 rw
                40 28 0:38 / /sys/fs/cgroup/systemd rw,relatime shared:21 - cgroup cgroup rw,xattr,name=systemd
                """);

        assertThat(host.v2Root()).hasValue(Path.of("/sys/fs/cgroup/unified"));
        assertThat(host.v1Roots()).containsEntry("memory", Path.of("/sys/fs/cgroup/memory"))
                .containsEntry("cpu", Path.of("/sys/fs/cgroup/cpu,cpuacct"))
                .containsEntry("pids", Path.of("/sys/fs/cgroup/pids"));
    }

    @Test
    void findsAPureV2Host() {
        CgroupHost host = CgroupHost.parse(
                "35 24 0:30 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 rw,nsdelegate\n");

        assertThat(host).isEqualTo(new CgroupHost(Optional.of(Path.of("/sys/fs/cgroup")), Map.of()));
    }

    @Test
    void unescapesMountPoints() {
        assertThat(CgroupHost.unescape("/mnt/with\\040space")).isEqualTo("/mnt/with space");
    }

    @Test
    void limitsNeedTheirControllers() {
        assertThat(CgroupHost.controllersFor(Limits.NONE.withMemory(1 << 20).withPids(5).withCpus(1)))
                .containsExactly("memory", "cpu", "pids");
        assertThat(CgroupHost.controllersFor(Limits.NONE)).isEmpty();
    }
}
