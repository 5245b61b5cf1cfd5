package dev.lamina.tarball.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lamina.image.Digest;
import dev.lamina.image.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class LegacyLayersTest {
    private static final Digest LAYER = Digest.parse(
            "sha256:8897395fd26dc44ad0e2a834335b33198cb41ac4d98dfddf58eced3853fa7b17");

    @Test
    void theIdOfALayerBelowTheTopIsDockersOwn() {
        // go-containerregistry's test_link.tar, saved by Docker 20.10: its first layer directory is b159278a…
        var config = Json.readObject("{\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\"}}".getBytes(StandardCharsets.UTF_8), "c");
        List<LegacyLayers.Layer> layers = LegacyLayers.of(config, List.of(LAYER, Digest.sha256(new byte[1])));
        assertThat(layers.get(0).id()).isEqualTo("b159278ac0c8813245b6c3b22cbbe7abefe3b2ec3fac6c7e87138811e1ef2a88");
        assertThat(new String(layers.get(0).json(), StandardCharsets.UTF_8))
                .startsWith("{\"id\":\"b159278ac0c8813245b6c3b22cbbe7abefe3b2ec3fac6c7e87138811e1ef2a88\","
                        + "\"created\":\"1970-01-01T00:00:00Z\",\"container_config\":{\"Hostname\":\"\"")
                .endsWith("\"Labels\":null},\"os\":\"linux\"}");
        assertThat(new String(layers.get(1).json(), StandardCharsets.UTF_8))
                .contains("\"parent\":\"b159278ac0c8813245b6c3b22cbbe7abefe3b2ec3fac6c7e87138811e1ef2a88\"");
    }

    @Test
    void chainIdsFollowTheImageSpec() {
        Digest second = Digest.sha256("x".getBytes(StandardCharsets.UTF_8));
        assertThat(LegacyLayers.chainIds(List.of(LAYER, second))).containsExactly(LAYER,
                Digest.sha256((LAYER + " " + second).getBytes(StandardCharsets.UTF_8)));
    }
}
