package dev.lamina.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.image.json.Json;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of Docker's {@code --format} Go templates that listing commands need: {@code {{.Field}}}, the
 * functions {@code json}, {@code upper}, {@code lower} and {@code truncate}, {@code {{json .}}}
 * for the whole row (an object of its fields, keys sorted, as Docker marshals it), the escapes {@code \t} and
 * {@code \n}, and a leading {@code table} for aligned columns under a header. Each row is written on its own line.
 * Anything else is refused when parsed, before any work is done.
 */
final class Template {
    private static final Pattern ACTION = Pattern.compile("\\{\\{\\s*(.*?)\\s*}}");
    private static final Pattern CALL = Pattern.compile(
            "(?:(json|upper|lower|truncate)\\s+)?(\\.[A-Za-z]*)(?:\\s+(\\d+))?");

    /** One piece of a template: text, or a field with the function applied to it. */
    private record Part(String text, String field, String function, int limit) {
        boolean literal() {
            return field == null;
        }
    }

    private final List<Part> parts;
    private final boolean table;
    private final Map<String, String> headers;

    private Template(List<Part> parts, boolean table, Map<String, String> headers) {
        this.parts = parts;
        this.table = table;
        this.headers = headers;
    }

    /**
     * Parses {@code format}; {@code headers} maps each field rows have to the column title a table shows for it.
     * Unknown fields and functions fail as usage errors naming the known ones.
     */
    static Template parse(String format, Map<String, String> headers) {
        String text = format;
        boolean table = false;
        if (text.startsWith("table")) {
            table = true;
            text = text.substring("table".length());
        }
        text = text.strip().replace("\\t", "\t").replace("\\n", "\n");
        List<Part> parts = new ArrayList<>();
        Matcher action = ACTION.matcher(text);
        int last = 0;
        while (action.find()) {
            if (action.start() > last) {
                parts.add(new Part(text.substring(last, action.start()), null, null, 0));
            }
            Matcher call = CALL.matcher(action.group(1));
            if (!call.matches() || ("truncate".equals(call.group(1))) != (call.group(3) != null)) {
                throw new UsageException("--format: unsupported template action {{" + action.group(1) + "}}"
                        + " (use {{.Field}}, {{json .}}, or json, upper, lower, truncate N on a field)");
            }
            String field = call.group(2).substring(1);
            if (!(field.isEmpty() ? "json".equals(call.group(1)) : headers.containsKey(field))) {
                throw new UsageException("--format: unknown field ." + field + " (the fields are ."
                        + String.join(", .", headers.keySet()) + ")");
            }
            parts.add(new Part(null, field, call.group(1) == null ? "" : call.group(1),
                    call.group(3) == null ? 0 : Integer.parseInt(call.group(3))));
            last = action.end();
        }
        if (text.indexOf("{{", last) >= 0 || text.substring(last).contains("}}")) {
            throw new UsageException("--format: unbalanced {{ }} in \"" + format + "\"");
        }
        if (last < text.length()) {
            parts.add(new Part(text.substring(last), null, null, 0));
        }
        return new Template(parts, table, headers);
    }

    /** Whether the template reads {@code field} (directly, or through {@code {{json .}}}). */
    boolean uses(String field) {
        return parts.stream().anyMatch(p -> !p.literal() && (p.field.equals(field) || p.field.isEmpty()));
    }

    /** Writes one line per row (rows map each field to its text), aligned under a header for a table. */
    void print(List<Map<String, String>> rows, PrintStream out) {
        if (!table) {
            rows.forEach(row -> out.println(render(row)));
            return;
        }
        List<String> header = List.of(render(headers).split("\t", -1));
        List<String[]> lines = new ArrayList<>();
        int columns = header.size();
        for (Map<String, String> row : rows) {
            String[] cells = render(row).split("\t", -1);
            columns = Math.max(columns, cells.length);
            lines.add(cells);
        }
        Table aligned = Table.headless(columns);
        aligned.row(pad(header.toArray(String[]::new), columns));
        for (String[] cells : lines) {
            aligned.row(pad(cells, columns));
        }
        aligned.print(out);
    }

    private static String[] pad(String[] cells, int columns) {
        String[] padded = Arrays.copyOf(cells, columns);
        for (int i = cells.length; i < columns; i++) {
            padded[i] = "";
        }
        return padded;
    }

    private String render(Map<String, String> row) {
        StringBuilder line = new StringBuilder();
        for (Part part : parts) {
            if (part.literal()) {
                line.append(part.text);
                continue;
            }
            if (part.field.isEmpty()) {
                ObjectNode fields = Json.object();
                new TreeMap<>(row).forEach(fields::put);
                line.append(json(fields));
                continue;
            }
            String value = row.getOrDefault(part.field, "");
            line.append(switch (part.function) {
                case "json" -> json(Json.nodes().textNode(value));
                case "upper" -> value.toUpperCase(Locale.ROOT);
                case "lower" -> value.toLowerCase(Locale.ROOT);
                case "truncate" -> value.codePointCount(0, value.length()) <= part.limit ? value
                        : value.substring(0, value.offsetByCodePoints(0, part.limit));
                default -> value;
            });
        }
        return line.toString();
    }

    /** JSON as Go's encoding/json writes it: {@code <}, {@code >} and {@code &} escaped (Docker prints {@code \u003cmissing\u003e}). */
    private static String json(JsonNode value) {
        return new String(Json.write(value), StandardCharsets.UTF_8).replace("<", "\\u003c").replace(">", "\\u003e")
                .replace("&", "\\u0026").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
    }
}
