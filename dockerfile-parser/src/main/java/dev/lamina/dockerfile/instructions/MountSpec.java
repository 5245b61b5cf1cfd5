package dev.lamina.dockerfile.instructions;

import dev.lamina.dockerfile.text.GoQuote;
import dev.lamina.dockerfile.text.GoStrings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * One {@code RUN --mount=…} value as written: comma-separated {@code key=value} fields (CSV quoting allowed).
 * At parse time BuildKit only checks that the value is valid CSV and that {@code from} uses no variable;
 * everything else is checked by {@link #resolve} once the values are expanded.
 */
public record MountSpec(String text, List<String> fields) {
    private static final Set<String> TYPES = Set.of("bind", "cache", "tmpfs", "secret", "ssh");
    private static final List<String> TYPE_LIST = List.of("bind", "cache", "tmpfs", "secret", "ssh");
    private static final List<String> KEYS = List.of("type", "from", "source", "target", "readonly", "id", "sharing",
            "required", "size", "mode", "uid", "gid", "src", "dst", "destination", "ro", "rw", "readwrite", "env");

    public MountSpec {
        fields = List.copyOf(fields);
    }

    /** Reads one {@code --mount} value; a failure is thrown as {@link IllegalArgumentException}. */
    static MountSpec parse(String text) {
        List<String> fields = csv(text);
        for (String field : fields) {
            int eq = field.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = GoStrings.toLower(field.substring(0, eq));
            String value = field.substring(eq + 1);
            int dollar = value.indexOf('$');
            if (key.equals("from") && dollar >= 0 && dollar != value.length() - 1) {
                throw new IllegalArgumentException("'from' doesn't support variable expansion, define alias stage instead");
            }
        }
        return new MountSpec(text, fields);
    }

    /** The fields of one CSV record (Go's encoding/csv rules: {@code ""} escapes a quote inside quotes). */
    private static List<String> csv(String text) {
        List<String> fields = new ArrayList<>();
        if (text.isEmpty()) {
            return fields;
        }
        int i = 0;
        int n = text.length();
        while (true) {
            StringBuilder field = new StringBuilder();
            if (i < n && text.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= n) {
                        throw new IllegalArgumentException("failed to parse csv mounts: extraneous or missing \" in quoted field");
                    }
                    char c = text.charAt(i++);
                    if (c == '"') {
                        if (i < n && text.charAt(i) == '"') {
                            field.append('"');
                            i++;
                            continue;
                        }
                        break;
                    }
                    field.append(c);
                }
                if (i < n && text.charAt(i) != ',') {
                    throw new IllegalArgumentException("failed to parse csv mounts: extraneous or missing \" in quoted field");
                }
            } else {
                int end = text.indexOf(',', i);
                String raw = text.substring(i, end < 0 ? n : end);
                if (raw.indexOf('"') >= 0) {
                    throw new IllegalArgumentException("failed to parse csv mounts: bare \" in non-quoted field");
                }
                field.append(raw);
                i += raw.length();
            }
            fields.add(field.toString());
            if (i >= n) {
                return fields;
            }
            i++; // the comma
        }
    }

    /** The mount with its values expanded and checked as BuildKit checks them when it runs the RUN. */
    Mount resolve(UnaryOperator<String> expander, Source at) {
        try {
            return resolve(expander);
        } catch (IllegalArgumentException e) {
            throw at.error(e.getMessage());
        }
    }

    private Mount resolve(UnaryOperator<String> expander) {
        Mount.Builder m = new Mount.Builder();
        boolean readOnlyAuto = true;
        for (String field : fields) {
            int eq = field.indexOf('=');
            String key = GoStrings.toLower(eq < 0 ? field : field.substring(0, eq));
            if (eq < 0) {
                switch (key) {
                    case "readonly", "ro" -> {
                        m.readOnly = true;
                        readOnlyAuto = false;
                    }
                    case "readwrite", "rw" -> {
                        m.readOnly = false;
                        readOnlyAuto = false;
                    }
                    case "required" -> {
                        if (!m.type.equals("secret") && !m.type.equals("ssh")) {
                            throw unexpectedForType(key, m.type);
                        }
                        m.required = true;
                    }
                    default -> throw new IllegalArgumentException("invalid field '" + field
                            + "' must be a key=value pair");
                }
                continue;
            }
            String value = expander.apply(field.substring(eq + 1));
            switch (key) {
                case "type" -> {
                    String type = GoStrings.toLower(value);
                    if (!TYPES.contains(type)) {
                        throw new IllegalArgumentException(Suggest.withSuggestion("unsupported mount type "
                                + GoQuote.quote(value), value, TYPE_LIST, true));
                    }
                    m.type = type;
                }
                case "from" -> m.from = Optional.of(value);
                case "source", "src" -> m.source = Optional.of(value);
                case "target", "dst", "destination" -> m.target = Optional.of(value);
                case "readonly", "ro" -> {
                    m.readOnly = GoValues.parseBool(value).orElseThrow(() -> invalidValue(key, value));
                    readOnlyAuto = false;
                }
                case "readwrite", "rw" -> {
                    m.readOnly = !GoValues.parseBool(value).orElseThrow(() -> invalidValue(key, value));
                    readOnlyAuto = false;
                }
                case "required" -> {
                    if (!m.type.equals("secret") && !m.type.equals("ssh")) {
                        throw unexpectedForType(key, m.type);
                    }
                    m.required = GoValues.parseBool(value).orElseThrow(() -> invalidValue(key, value));
                }
                case "id" -> m.id = Optional.of(value);
                case "sharing" -> {
                    String sharing = GoStrings.toLower(value);
                    if (!Set.of("shared", "private", "locked").contains(sharing)) {
                        throw new IllegalArgumentException("unsupported sharing value " + GoQuote.quote(value));
                    }
                    m.sharing = Optional.of(sharing);
                }
                case "size" -> m.size = Optional.of(GoValues.ramInBytes(value).orElseThrow(
                        () -> new IllegalArgumentException("invalid value for size: " + value)));
                case "mode" -> m.mode = Optional.of(GoValues.parseUint32(value, 8).orElseThrow(
                        () -> new IllegalArgumentException("invalid value " + value + " for mode")));
                case "uid" -> m.uid = Optional.of(GoValues.parseUint32(value, 10).orElseThrow(
                        () -> new IllegalArgumentException("invalid value " + value + " for uid")));
                case "gid" -> m.gid = Optional.of(GoValues.parseUint32(value, 10).orElseThrow(
                        () -> new IllegalArgumentException("invalid value " + value + " for gid")));
                case "env" -> m.env = Optional.of(value);
                default -> throw new IllegalArgumentException(Suggest.withSuggestion("unexpected key '" + key
                        + "' in '" + field + "'", key, KEYS, true));
            }
        }
        return m.build(readOnlyAuto);
    }

    private static IllegalArgumentException invalidValue(String key, String value) {
        return new IllegalArgumentException("invalid value for " + key + ": " + value);
    }

    private static IllegalArgumentException unexpectedForType(String key, String type) {
        return new IllegalArgumentException("unexpected key '" + key + "' for mount type '" + type + "'");
    }
}
