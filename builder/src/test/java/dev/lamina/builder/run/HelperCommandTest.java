package dev.lamina.builder.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lamina.image.LaminaException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HelperCommandTest {
    @TempDir
    Path temp;

    @Test
    void spellsOutTheWholeStep() throws Exception {
        Path cache = Files.createDirectories(temp.resolve("cache"));
        RunSpec spec = RunSpec.of(new Rootfs.Directory(Path.of("/images/root")), List.of("sh", "-c", "make"))
                .withEnv(Map.of("A", "1")).withWorkdir("/src").withHostname("h").withNetwork(NetworkMode.NONE)
                .withMounts(List.of(new RunMount.Tmpfs("/src/build/tmp", OptionalLong.of(4096)),
                        new RunMount.Cache(cache, "/src")));
        ResolvedUser user = new ResolvedUser(1000, 1000, List.of(29), "/home/b");
        IdMapping self = new IdMapping(0, 1000, 1);
        try (StepDirectory step = StepDirectory.create(temp.resolve("scratch"), EtcFiles.contents("h", ""))) {
            List<String> args = HelperCommand.build(Path.of("/cache/lamina-init"), 42, spec, user, step,
                    List.of(Path.of("/sys/fs/cgroup/memory/lamina/x")),
                    Optional.of(new UserNamespace(List.of(self), List.of(self), Optional.empty())));

            String s = step.path().toString();
            assertThat(args).containsExactly("/cache/lamina-init", "--parent", "42", "--status", s + "/status",
                    "--step-dir", s, "--hostname", "h", "--rootfs", "/images/root", "--net-none",
                    "--userns", "--uid-map", "0 1000 1", "--gid-map", "0 1000 1",
                    "--cgroup", "/sys/fs/cgroup/memory/lamina/x",
                    "--bind", s + "/hosts", "/etc/hosts", "--bind", s + "/hostname", "/etc/hostname",
                    "--bind", s + "/resolv.conf", "/etc/resolv.conf",
                    "--bind", cache.toString(), "/src", "--tmpfs", "/src/build/tmp", "mode=1777,size=4096",
                    "--user", "1000", "1000", "--group", "29", "--cwd", "/src",
                    "--env", "A=1", "--env", "PATH=" + CommandEnvironment.DEFAULT_PATH, "--env", "HOME=/home/b",
                    "--", "sh", "-c", "make");
        }
    }

    @Test
    void overlayRootGetsAScratchLayerBelowItsLayers() throws Exception {
        RunSpec spec = RunSpec.of(new Rootfs.Overlay(List.of(Path.of("/l/2"), Path.of("/l/1")), Path.of("/u"),
                Path.of("/w")), List.of("true"));
        try (StepDirectory step = StepDirectory.create(temp.resolve("scratch"), EtcFiles.contents("h", ""))) {
            List<String> args = HelperCommand.build(Path.of("/h"), 1, spec, ResolvedUser.ROOT, step, List.of(),
                    Optional.empty());

            int at = args.indexOf("--overlay");
            String scratch = step.path().resolve("lower").toString();
            assertThat(args.subList(at, at + 4)).containsExactly("--overlay",
                    "lowerdir=/l/2:/l/1:" + scratch + ",upperdir=/u,workdir=/w", "/u", step.path() + "/merged");
            assertThat(Path.of(scratch, "etc/hosts")).isEmptyFile();
            assertThat(Path.of(scratch, "proc")).isDirectory();
        }
    }

    @Test
    void refusesLayerPathsTheOverlayOptionsCannotCarry() throws Exception {
        RunSpec spec = RunSpec.of(new Rootfs.Overlay(List.of(Path.of("/l/a,b")), Path.of("/u"), Path.of("/w")),
                List.of("true"));
        try (StepDirectory step = StepDirectory.create(temp.resolve("scratch"), EtcFiles.contents("h", ""))) {
            assertThatThrownBy(() -> HelperCommand.build(Path.of("/h"), 1, spec, ResolvedUser.ROOT, step, List.of(),
                    Optional.empty())).isInstanceOf(LaminaException.class)
                    .hasMessage("an overlay layer path cannot contain ',', ':' or '\\': /l/a,b");
        }
    }
}
