package dev.lamina.builder.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UserNamespaceTest {
    static final Optional<UserNamespace.Mappers> TOOLS =
            Optional.of(new UserNamespace.Mappers(Path.of("/usr/bin/newuidmap"), Path.of("/usr/bin/newgidmap")));

    @Test
    void callerAloneWithoutSubordinateIds() {
        UserNamespace namespace = UserNamespace.forCaller(1000, 100, "ann", "bob:100000:65536\n", "", TOOLS);

        assertThat(namespace).isEqualTo(new UserNamespace(List.of(new IdMapping(0, 1000, 1)),
                List.of(new IdMapping(0, 100, 1)), Optional.empty()));
    }

    @Test
    void subordinateRangesFollowTheCallerByNameOrUid() {
        UserNamespace namespace = UserNamespace.forCaller(1000, 100, "ann",
                "ann:100000:65536\nbob:200000:10\n1000:300000:10\n", "ann:400000:65536\n", TOOLS);

        assertThat(namespace.uids()).containsExactly(new IdMapping(0, 1000, 1), new IdMapping(1, 100000, 65536),
                new IdMapping(65537, 300000, 10));
        assertThat(namespace.gids()).containsExactly(new IdMapping(0, 100, 1), new IdMapping(1, 400000, 65536));
        assertThat(namespace.mappers()).isEqualTo(TOOLS);
    }

    @Test
    void withoutTheSetuidToolsOnlyTheCallerCanBeMapped() {
        UserNamespace namespace = UserNamespace.forCaller(1000, 100, "ann", "ann:100000:65536\n",
                "ann:100000:65536\n", Optional.empty());

        assertThat(namespace.uids()).containsExactly(new IdMapping(0, 1000, 1));
        assertThat(namespace.mappers()).isEmpty();
    }

    @Test
    void hostOwnersReadBackAsTheIdsTheCommandSaw() {
        UserNamespace namespace = UserNamespace.forCaller(1000, 100, "ann", "ann:100000:65536\n",
                "ann:400000:65536\n", TOOLS);

        assertThat(namespace.containerUid(1000)).isZero();
        assertThat(namespace.containerUid(100_000)).isEqualTo(1);
        assertThat(namespace.containerUid(100_999)).isEqualTo(1000);
        assertThat(namespace.containerGid(100)).isZero();
        assertThat(namespace.containerGid(400_001)).isEqualTo(2);
        assertThat(namespace.containerUid(0)).as("host root is unmapped: the overflow id").isEqualTo(65534);
    }
}
