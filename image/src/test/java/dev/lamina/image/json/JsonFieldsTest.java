package dev.lamina.image.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lamina.image.Descriptor;
import dev.lamina.image.Digest;
import dev.lamina.image.LaminaException;
import dev.lamina.image.MediaType;
import dev.lamina.image.Platform;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Typed reads follow Go's encoding/json, the reader of every peer lamina exchanges documents with. */
class JsonFieldsTest {
    private static final String D = "sha256:" + "a".repeat(64);

    private static JsonFields fields(String json) {
        return JsonFields.parse(json.replace('\'', '"').getBytes(StandardCharsets.UTF_8), "test document");
    }

    private static String manifest(String config) {
        return "{'schemaVersion':2,'config':" + config + ",'layers':[]}";
    }

    @Test
    void absentAndNullMembersAreZeroValues() {
        JsonFields json = fields("{'s':null,'n':null,'b':null,'l':null,'m':null,'o':null}");
        for (String name : List.of("s", "missing")) {
            assertThat(json.text(name)).isEmpty();
            assertThat(json.optionalText(name)).isEmpty();
            assertThat(json.integer(name)).isZero();
            assertThat(json.bool(name)).isFalse();
            assertThat(json.texts(name)).isEmpty();
            assertThat(json.optionalTexts(name)).isEmpty();
            assertThat(json.textMap(name)).isEmpty();
            assertThat(json.object(name)).isEmpty();
            assertThat(json.has(name)).isFalse();
        }
    }

    @Test
    void anEmptyStringOrListIsPresentNotAbsent() {
        JsonFields json = fields("{'s':'','l':[]}");
        assertThat(json.optionalText("s")).contains("");
        assertThat(json.optionalTexts("l")).contains(List.of());
    }

    @Test
    void refusesAMemberOfTheWrongTypeNamingItsPath() {
        assertThatThrownBy(() -> Manifest.parse(bytes(manifest("{'mediaType':'a/b','digest':'" + D + "','size':'12'}")),
                "manifest m"))
                .isInstanceOf(LaminaException.class)
                .hasMessage("invalid manifest m: config.size: expected an integer");
        assertThatThrownBy(() -> Manifest.parse(bytes(manifest("{'mediaType':'a/b','digest':'" + D + "','size':1.5}")),
                "manifest m"))
                .hasMessage("invalid manifest m: config.size: expected an integer");
        assertThatThrownBy(() -> Manifest.parse(bytes(manifest("{'mediaType':5,'digest':'" + D + "','size':1}")),
                "manifest m"))
                .hasMessage("invalid manifest m: config.mediaType: expected a string");
        assertThatThrownBy(() -> ImageIndex.parse(bytes("{'schemaVersion':2,'manifests':{}}"), "index i"))
                .hasMessage("invalid index i: manifests: expected an array of objects");
        assertThatThrownBy(() -> ImageIndex.parse(bytes("{'schemaVersion':2,'manifests':[{'mediaType':'a/b',"
                + "'digest':'" + D + "','size':1,'annotations':{'k':1}}]}"), "index i"))
                .hasMessage("invalid index i: manifests[0].annotations.k: expected a string");
    }

    @Test
    void namesTheMemberWhoseValueIsNotValid() {
        assertThatThrownBy(() -> Manifest.parse(bytes(manifest("{'mediaType':'a/b','digest':'sha256:zz','size':1}")),
                "manifest m"))
                .hasMessageStartingWith("invalid manifest m: config.digest: invalid sha256 digest \"sha256:zz\"");
        assertThatThrownBy(() -> Manifest.parse(bytes(manifest("{'digest':'" + D + "','size':1}")), "manifest m"))
                .hasMessage("invalid manifest m: config: invalid descriptor: mediaType and digest are required");
        assertThatThrownBy(() -> ImageConfig.parse(bytes("{'history':[{'created_by':'x'},{'empty_layer':'true'}]}"),
                "config c").history())
                .hasMessage("invalid image config: history[1].empty_layer: expected true or false");
    }

    @Test
    void integersOutsideSixtyFourBitsAreRefused() {
        assertThatThrownBy(() -> fields("{'n':12345678901234567890}").integer("n"))
                .hasMessage("invalid test document: n: expected an integer");
        assertThatThrownBy(() -> fields("{'n':4294967296}").int32("n"))
                .hasMessage("invalid test document: n: expected a 32-bit integer");
        assertThat(fields("{'n':9007199254740993}").integer("n")).isEqualTo(9007199254740993L);
    }

    @Test
    void keepsUnknownMembersInDocumentOrder() {
        JsonFields json = fields("{'z':1,'known':2,'a':[true],'m':null}");
        assertThat(json.others(Set.of("known")).keySet()).containsExactly("z", "a", "m");
    }

    @Test
    void aNullAnnotationIsTheEmptyString() {
        assertThat(fields("{'a':{'k':null,'j':'v'}}").textMap("a")).containsExactly(Map.entry("k", ""),
                Map.entry("j", "v"));
    }

    @Test
    void writesDescriptorsWithTheSpecsMemberOrderAndOmitsEmptyOnes() {
        Descriptor bare = new Descriptor(MediaType.OCI_LAYER_GZIP, Digest.parse(D), 0);
        assertThat(text(Json.write(bare))).isEqualTo("{'mediaType':'application/vnd.oci.image.layer.v1.tar+gzip',"
                + "'digest':'" + D + "','size':0}");

        Descriptor full = new Descriptor(MediaType.OCI_MANIFEST, Digest.parse(D), 7, List.of("https://x/y"),
                Map.of(Descriptor.REF_NAME, "v1"), new Platform("arm64", "linux", "10", List.of("f"), "v8"), "a/t",
                Map.of("data", Json.nodes().textNode("e30=")));
        assertThat(text(Json.write(full))).isEqualTo("{'mediaType':'application/vnd.oci.image.manifest.v1+json',"
                + "'digest':'" + D + "','size':7,'urls':['https://x/y'],"
                + "'annotations':{'org.opencontainers.image.ref.name':'v1'},"
                + "'platform':{'architecture':'arm64','os':'linux','os.version':'10','os.features':['f'],'variant':'v8'},"
                + "'artifactType':'a/t','data':'e30='}");
    }

    @Test
    void aManifestWithoutLayersStillHasTheLayersArray() {
        Manifest empty = Manifest.of(MediaType.OCI_MANIFEST, new Descriptor(MediaType.OCI_CONFIG, Digest.parse(D), 2),
                List.of());
        assertThat(text(empty.toBytes())).isEqualTo("{'schemaVersion':2,"
                + "'mediaType':'application/vnd.oci.image.manifest.v1+json','config':{"
                + "'mediaType':'application/vnd.oci.image.config.v1+json','digest':'" + D + "','size':2},'layers':[]}");
        assertThat(text(ImageIndex.of(null, List.of()).toBytes())).isEqualTo("{'schemaVersion':2,'manifests':[]}");
    }

    @Test
    void historyEntriesAlwaysSayWhetherTheyAreEmpty() {
        assertThat(text(Json.write(new History("", "ENV a=b", "", "", false))))
                .isEqualTo("{'created_by':'ENV a=b','empty_layer':false}");
        assertThat(Json.toTree(new History("2024-01-01T00:00:00Z", "x", "me", "c", true)))
                .isEqualTo(Json.readTree(bytes("{'created':'2024-01-01T00:00:00Z','created_by':'x','author':'me',"
                        + "'comment':'c','empty_layer':true}"), "expected"));
    }

    @Test
    void aTreeIsWrittenBackAsItWasRead() {
        byte[] original = bytes("{'n':[1,-0,2.5,1.0E10,12345678901234567890123,true,false,null],'s':'\u00e9\\u2028\\t',"
                + "'o':{},'a':[]}");
        assertThat(text(Json.write(Json.readTree(original, "t")))).isEqualTo(
                "{'n':[1,0,2.5,1.0E10,12345678901234567890123,true,false,null],'s':'\u00e9\u2028\\t','o':{},'a':[]}");
    }

    @Test
    void refusesTrailingContentAndEmptyDocuments() {
        assertThatThrownBy(() -> Json.readTree(bytes("{} {}"), "doc d")).hasMessageStartingWith("invalid doc d: ");
        assertThatThrownBy(() -> Json.readTree(bytes(" "), "doc d"))
                .hasMessage("invalid doc d: the document is empty or null");
        assertThat(Json.tryReadTree(bytes("{'a':"))).isEmpty();
        assertThat(Json.sniffMediaType(bytes("{'manifests':[]} x"))).isEmpty();
        assertThat(Json.sniffMediaType(bytes("{'layers':[],'config':{}}"))).isEqualTo(Optional.of(MediaType.OCI_MANIFEST));
    }

    private static byte[] bytes(String json) {
        return json.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] json) {
        return new String(json, StandardCharsets.UTF_8).replace('"', '\'');
    }
}
