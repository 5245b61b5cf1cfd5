package dev.lamina.image.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.image.Descriptor;
import dev.lamina.image.Digest;
import dev.lamina.image.LaminaException;
import dev.lamina.image.MediaType;
import dev.lamina.image.Platform;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JsonRoundTripTest {
    private static final String D1 = "sha256:" + "1".repeat(64);
    private static final String D2 = "sha256:" + "2".repeat(64);

    private static byte[] bytes(String json) {
        return json.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void manifestKeepsUnknownFieldsOnTheDocumentAndItsDescriptors() {
        byte[] original = bytes("{'schemaVersion':2,'mediaType':'application/vnd.docker.distribution.manifest.v2+json',"
                + "'config':{'mediaType':'application/vnd.docker.container.image.v1+json','size':7,'digest':'" + D1
                + "','x-vendor':{'a':[1,2]}},'layers':[{'mediaType':'application/vnd.docker.image.rootfs.diff.tar.gzip',"
                + "'size':9,'digest':'" + D2 + "','urls':['https://example.com/l']}],'x-top':'kept'}");
        Manifest manifest = Manifest.parse(original, "test manifest");

        assertThat(manifest.mediaType()).contains(MediaType.DOCKER_MANIFEST);
        assertThat(manifest.config().digest()).isEqualTo(Digest.parse(D1));
        assertThat(manifest.layers().get(0).urls()).containsExactly("https://example.com/l");

        JsonNode rewritten = Json.readTree(manifest.toBytes(), "rewritten");
        assertThat(rewritten.path("x-top").asText()).isEqualTo("kept");
        assertThat(rewritten.path("config").path("x-vendor").path("a").size()).isEqualTo(2);
        assertThat(rewritten).isEqualTo(Json.readTree(original, "original"));
    }

    @Test
    void indexKeepsUnknownFieldsAndPlatforms() {
        byte[] original = bytes("{'schemaVersion':2,'mediaType':'application/vnd.oci.image.index.v1+json','manifests':["
                + "{'mediaType':'application/vnd.oci.image.manifest.v1+json','digest':'" + D1 + "','size':3,"
                + "'platform':{'architecture':'arm64','os':'linux','variant':'v8','os.features':['x']},"
                + "'annotations':{'org.opencontainers.image.ref.name':'v1'},'data':'e30='}],'annotations':{'k':'v'}}");
        ImageIndex index = ImageIndex.parse(original, "test index");
        Descriptor child = index.manifests().get(0);

        assertThat(child.platform()).map(Platform::architecture).contains("arm64");
        assertThat(child.refName()).contains("v1");
        assertThat(Json.readTree(index.toBytes(), "rewritten")).isEqualTo(Json.readTree(original, "original"));
    }

    @Test
    void configEditsKeepEveryFieldTheyDoNotTouch() {
        byte[] original = bytes("{'architecture':'amd64','os':'linux','config':{'Env':['A=1'],'X-Custom':true},"
                + "'rootfs':{'type':'layers','diff_ids':['" + D1 + "']},'history':[{'created_by':'x'}],"
                + "'container_config':{'Hostname':'abc'}}");
        ImageConfig config = ImageConfig.parse(original, "test config");
        ImageConfig edited = config.withLayer(Optional.of(Digest.parse(D2)),
                new History("2024-01-01T00:00:00Z", "COPY . /", "", "", false));

        JsonNode tree = Json.readTree(edited.toBytes(), "edited");
        assertThat(tree.path("config").path("X-Custom").asBoolean()).isTrue();
        assertThat(tree.path("container_config").path("Hostname").asText()).isEqualTo("abc");
        assertThat(edited.diffIds()).containsExactly(Digest.parse(D1), Digest.parse(D2));
        assertThat(edited.history()).hasSize(2);
        assertThat(config.diffIds()).hasSize(1); // the original is unchanged
        assertThat(edited.config().env()).containsExactly("A=1");
    }

    @Test
    void digestIsOfTheBytesReceivedNotOfARewrite() {
        byte[] spaced = bytes("{ 'schemaVersion' : 2, 'config' : {'mediaType':'application/vnd.oci.image.config.v1+json',"
                + "'digest':'" + D1 + "','size':1}, 'layers' : [] }");
        Manifest manifest = Manifest.parse(spaced, "m");
        assertThat(Digest.sha256(manifest.toBytes())).isNotEqualTo(Digest.sha256(spaced));
        assertThat(Json.sniffMediaType(spaced)).contains(MediaType.OCI_MANIFEST);
    }

    @Test
    void refusesSchema1WithAClearMessage() {
        byte[] schema1 = bytes("{'schemaVersion':1,'name':'x','tag':'y','fsLayers':[]}");
        assertThatThrownBy(() -> Manifest.parse(schema1, "manifest localhost:5000/old:1"))
                .isInstanceOf(LaminaException.class)
                .hasMessageContaining("manifest localhost:5000/old:1")
                .hasMessageContaining("schema 1 is unsupported");
    }

    @Test
    void namesTheDocumentWhenJsonIsBroken() {
        assertThatThrownBy(() -> ImageConfig.parse(bytes("{'os':"), "image config in app.tar"))
                .hasMessageStartingWith("invalid image config in app.tar: ");
        assertThatThrownBy(() -> Manifest.parse(bytes("null"), "manifest.json"))
                .hasMessageContaining("manifest.json");
        assertThatThrownBy(() -> ImageConfig.parse(bytes("{'rootfs':{'diff_ids':['nope']}}"), "cfg"))
                .hasMessageContaining("rootfs.diff_ids");
    }

    @Test
    void readsHistoryTimesInAnyOffset() {
        History h = new History("2023-05-06T07:08:09.123456789+02:00", "RUN x", "", "", true);
        assertThat(h.createdInstant()).map(Object::toString).contains("2023-05-06T05:08:09.123456789Z");
    }
}
