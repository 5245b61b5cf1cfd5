package dev.lamina.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Go-template subset of --format. */
class TemplateTest {
    static final Map<String, String> HEADERS = new LinkedHashMap<>();

    static {
        HEADERS.put("ID", "IMAGE");
        HEADERS.put("Size", "SIZE");
    }

    static String print(String format, List<Map<String, String>> rows) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Template.parse(format, HEADERS).print(rows, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void fieldsFunctionsAndEscapesRenderOneLinePerRow() {
        List<Map<String, String>> rows = List.of(Map.of("ID", "abc", "Size", "1kB"), Map.of("ID", "<x>", "Size", "0B"));
        assertThat(print("{{.ID}}={{ .Size }}", rows)).isEqualTo("abc=1kB\n<x>=0B\n");
        assertThat(print("{{upper .Size}}\\t{{lower .ID}}{{json .ID}}", rows))
                .isEqualTo("1KB\tabc\"abc\"\n0B\t<x>\"\\u003cx\\u003e\"\n");
        assertThat(print("{{truncate .ID 2}}", rows)).isEqualTo("ab\n<x\n");
        assertThat(print("{{json .}}", rows.subList(0, 1))).isEqualTo("{\"ID\":\"abc\",\"Size\":\"1kB\"}\n");
    }

    @Test
    void aTableTemplateAlignsColumnsUnderTheirHeaders() {
        assertThat(print("table {{.ID}}\\t{{.Size}}", List.of(Map.of("ID", "abcdefghijkl", "Size", "1kB"))))
                .isEqualTo("IMAGE          SIZE\nabcdefghijkl   1kB\n");
    }

    @Test
    void unknownFieldsAndActionsAreRefusedWhenParsed() {
        assertThatThrownBy(() -> Template.parse("{{.Nope}}", HEADERS)).isInstanceOf(UsageException.class)
                .hasMessage("--format: unknown field .Nope (the fields are .ID, .Size)");
        assertThatThrownBy(() -> Template.parse("{{range .}}", HEADERS)).isInstanceOf(UsageException.class)
                .hasMessageStartingWith("--format: unsupported template action {{range .}}");
        assertThatThrownBy(() -> Template.parse("{{.ID", HEADERS)).isInstanceOf(UsageException.class);
    }

    @Test
    void aTemplateSaysWhichFieldsItReads() {
        assertThat(Template.parse("{{.ID}}", HEADERS).uses("Size")).isFalse();
        assertThat(Template.parse("{{json .}}", HEADERS).uses("Size")).isTrue();
        assertThat(Template.parse("{{upper .Size}}", HEADERS).uses("Size")).isTrue();
    }
}
