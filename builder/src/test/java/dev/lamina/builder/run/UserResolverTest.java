package dev.lamina.builder.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lamina.builder.testing.BusyboxRootfs;
import dev.lamina.image.LaminaException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UserResolverTest {
    static final RootView ROOT = path -> Optional.ofNullable(Map.of(
            "/etc/passwd", BusyboxRootfs.PASSWD + "# a comment\n\nbroken-line\n",
            "/etc/group", BusyboxRootfs.GROUP).get(path)).map(s -> s.getBytes(StandardCharsets.UTF_8));
    static final RootView EMPTY = path -> Optional.empty();

    @Test
    void emptyUserIsRoot() {
        assertThat(UserResolver.resolve("", ROOT)).isEqualTo(new ResolvedUser(0, 0, List.of(), "/root"));
    }

    @Test
    void nameTakesIdsHomeAndMembershipsFromTheRoot() {
        assertThat(UserResolver.resolve("builder", ROOT))
                .isEqualTo(new ResolvedUser(1000, 1000, List.of(29, 2000), "/home/builder"));
    }

    @Test
    void uidWithAnEntryIsTreatedLikeItsName() {
        assertThat(UserResolver.resolve("1000", ROOT))
                .isEqualTo(new ResolvedUser(1000, 1000, List.of(29, 2000), "/home/builder"));
    }

    @Test
    void uidWithoutAnEntryGetsGroupZeroAndSlashAsHome() {
        assertThat(UserResolver.resolve("4242", ROOT)).isEqualTo(new ResolvedUser(4242, 0, List.of(), "/"));
        assertThat(UserResolver.resolve("4242", EMPTY)).isEqualTo(new ResolvedUser(4242, 0, List.of(), "/"));
    }

    @Test
    void explicitGroupByNameOrIdReplacesMemberships() {
        assertThat(UserResolver.resolve("builder:extra", ROOT))
                .isEqualTo(new ResolvedUser(1000, 2000, List.of(), "/home/builder"));
        assertThat(UserResolver.resolve("4242:77", ROOT)).isEqualTo(new ResolvedUser(4242, 77, List.of(), "/"));
    }

    @Test
    void unknownNamesAreRefusedAsDockerWords() {
        assertThatThrownBy(() -> UserResolver.resolve("ghost", ROOT)).isInstanceOf(LaminaException.class)
                .hasMessage("unable to find user ghost: no matching entries in passwd file");
        assertThatThrownBy(() -> UserResolver.resolve("builder:ghosts", ROOT)).isInstanceOf(LaminaException.class)
                .hasMessage("unable to find group ghosts: no matching entries in group file");
        assertThatThrownBy(() -> UserResolver.resolve("builder", EMPTY)).isInstanceOf(LaminaException.class)
                .hasMessageStartingWith("unable to find user builder");
    }

    @Test
    void refusesTheIdThatMeansNoId() {
        assertThatThrownBy(() -> UserResolver.resolve("4294967295", ROOT)).isInstanceOf(LaminaException.class)
                .hasMessage("invalid user id 4294967295");
        assertThat(UserResolver.resolve("4294967294", ROOT).uid()).isEqualTo((int) 4294967294L);
    }
}
