package dev.lamina.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MediaTypeTest {
    @Test
    void dockerSchema2TypesMapToTheirOciEquivalents() {
        assertThat(MediaType.DOCKER_MANIFEST.toOci()).isEqualTo(MediaType.OCI_MANIFEST);
        assertThat(MediaType.DOCKER_MANIFEST_LIST.toOci()).isEqualTo(MediaType.OCI_INDEX);
        assertThat(MediaType.DOCKER_CONFIG.toOci()).isEqualTo(MediaType.OCI_CONFIG);
        assertThat(MediaType.DOCKER_LAYER.toOci()).isEqualTo(MediaType.OCI_LAYER_GZIP);
        assertThat(MediaType.DOCKER_LAYER_TAR.toOci()).isEqualTo(MediaType.OCI_LAYER);
        assertThat(MediaType.DOCKER_FOREIGN_LAYER.toOci()).isEqualTo(MediaType.OCI_NONDISTRIBUTABLE_LAYER_GZIP);
        assertThat(MediaType.DOCKER_FOREIGN_LAYER.toOci().isForeignLayer()).isTrue();
    }

    @Test
    void otherTypesAreLeftAsTheyAre() {
        assertThat(MediaType.OCI_LAYER_ZSTD.toOci()).isEqualTo(MediaType.OCI_LAYER_ZSTD);
        assertThat(MediaType.of("application/vnd.cncf.helm.config.v1+json").toOci().value())
                .isEqualTo("application/vnd.cncf.helm.config.v1+json");
    }
}
