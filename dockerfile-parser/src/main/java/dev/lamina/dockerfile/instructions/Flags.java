package dev.lamina.dockerfile.instructions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An instruction's {@code --name=value} flags checked against the ones it accepts (BuildKit's {@code BFlags}):
 * declare, then {@link #parse}, then read. Values are kept unexpanded.
 */
final class Flags {
    private enum Kind { BOOL, STRING, STRINGS }

    /** A flag the instruction does not accept, or a malformed one. */
    static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    private final List<String> args;
    private final Map<String, Kind> declared = new LinkedHashMap<>();
    private final Map<String, String> values = new HashMap<>();
    private final Map<String, List<String>> lists = new HashMap<>();
    private final Set<String> used = new HashSet<>();

    Flags(List<String> args) {
        this.args = args;
    }

    Flags acceptBool(String name) {
        declared.put(name, Kind.BOOL);
        return this;
    }

    Flags acceptString(String name) {
        declared.put(name, Kind.STRING);
        return this;
    }

    Flags acceptStrings(String name) {
        declared.put(name, Kind.STRINGS);
        return this;
    }

    void parse() {
        for (String arg : args) {
            if (!arg.startsWith("--")) {
                throw new Invalid("arg should start with -- : " + arg);
            }
            if (arg.equals("--")) {
                return;
            }
            String body = arg.substring(2);
            int eq = body.indexOf('=');
            String name = eq < 0 ? body : body.substring(0, eq);
            String value = eq < 0 ? "" : body.substring(eq + 1);
            Kind kind = declared.get(name);
            if (kind == null) {
                List<String> options = declared.keySet().stream().sorted().map(n -> "--" + n).toList();
                throw new Invalid(Suggest.withSuggestion("unknown flag: --" + name, "--" + name, options, true));
            }
            if (!used.add(name) && kind != Kind.STRINGS) {
                throw new Invalid("duplicate flag specified: --" + name);
            }
            switch (kind) {
                case BOOL -> {
                    if (eq >= 0 && value.isEmpty()) {
                        throw new Invalid("missing a value on flag: --" + name);
                    }
                    String lower = value.toLowerCase(java.util.Locale.ROOT);
                    if (!lower.isEmpty() && !lower.equals("true") && !lower.equals("false")) {
                        throw new Invalid("expecting boolean value for flag --" + name + ", not: " + value);
                    }
                    values.put(name, lower.isEmpty() ? "true" : lower);
                }
                case STRING -> {
                    if (eq < 0) {
                        throw new Invalid("missing a value on flag: --" + name);
                    }
                    values.put(name, value);
                }
                case STRINGS -> {
                    if (eq < 0) {
                        throw new Invalid("missing a value on flag: --" + name);
                    }
                    lists.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
                }
            }
        }
    }

    boolean isTrue(String name) {
        return "true".equals(values.get(name));
    }

    boolean used(String name) {
        return used.contains(name);
    }

    Optional<String> string(String name) {
        return Optional.ofNullable(values.get(name));
    }

    List<String> strings(String name) {
        return lists.getOrDefault(name, List.of());
    }
}
