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
    void theIdOfTheTopLayerIsDockersOwnToo() throws java.io.IOException {
        // test_link.tar's second image, saved by Docker 20.10: config d4c9adac…, layers b159278a… then 3fe17a76…
        java.nio.file.Path archive = dev.lamina.image.testing.Conformance.require("images")
                .resolve("go-containerregistry/pkg/v1/tarball/testdata/test_link.tar");
        try (var contents = dev.lamina.tarball.archive.ImageArchives.open(archive,
                dev.lamina.tarball.archive.TempSpool.create(null), "test_link")) {
            byte[] config = contents.read(contents.find(
                    "d4c9adacde69c3d92446e0484cea29493e9fd573cf0c8febfc700d80c46697a4.json").orElseThrow(), 1 << 20);
            var tree = dev.lamina.image.json.ImageConfig.parse(config, "config");
            List<LegacyLayers.Layer> layers = LegacyLayers.of(tree.tree(), tree.diffIds());
            assertThat(layers).extracting(LegacyLayers.Layer::id).containsExactly(
                    "b159278ac0c8813245b6c3b22cbbe7abefe3b2ec3fac6c7e87138811e1ef2a88",
                    "3fe17a762ab6ad87de78c88326e1667b3e6a8924a0eb92a34a2bfeb40f49824d");
            byte[] dockers = contents.read(contents.find(
                    "3fe17a762ab6ad87de78c88326e1667b3e6a8924a0eb92a34a2bfeb40f49824d/json").orElseThrow(), 1 << 20);
            assertThat(new String(layers.get(1).json(), StandardCharsets.UTF_8))
                    .isEqualTo(new String(dockers, StandardCharsets.UTF_8));
        }
    }

    @Test
    void goEscapesHtmlCharactersAndNormalisesTimes() {
        assertThat(GoJson.write(Json.readTree("{\"Cmd\":[\"a && b > c\"]}".getBytes(StandardCharsets.UTF_8), "x")))
                .isEqualTo("{\"Cmd\":[\"a \\u0026\\u0026 b \\u003e c\"]}");
        assertThat(GoJson.time("2024-01-02T03:04:05.500000000Z")).isEqualTo("2024-01-02T03:04:05.5Z");
        assertThat(GoJson.time("2024-01-02T03:04:05+02:00")).isEqualTo("2024-01-02T03:04:05+02:00");
        assertThat(GoJson.time("")).isEqualTo("0001-01-01T00:00:00Z");
    }

    @Test
    void chainIdsFollowTheImageSpec() {
        Digest second = Digest.sha256("x".getBytes(StandardCharsets.UTF_8));
        assertThat(LegacyLayers.chainIds(List.of(LAYER, second))).containsExactly(LAYER,
                Digest.sha256((LAYER + " " + second).getBytes(StandardCharsets.UTF_8)));
    }
}
