package dev.lamina.dockerfile.instructions;

import dev.lamina.dockerfile.SourceRange;
import dev.lamina.dockerfile.text.GoQuote;
import dev.lamina.dockerfile.text.GoStrings;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The checks BuildKit runs over whole stages once every instruction is parsed. */
final class StageChecks {
    private static final Set<String> RESERVED_STAGE_NAMES = Set.of("context", "scratch");
    private static final Pattern SECRET = Pattern.compile(
            "(?i)(?:_|^)(?:apikey|auth|credential|credentials|key|password|pword|passwd|secret|token)(?:_|$)");
    private static final Pattern PUBLIC = Pattern.compile("(?i)(?:_|^)(?:public)(?:_|$)");

    private StageChecks() {
    }

    static void run(List<Arg> globalArgs, List<Stage> stages, Lints lints) {
        instructionCasing(stages, lints);
        Set<String> names = new HashSet<>();
        Map<String, Boolean> shellSetByStage = new HashMap<>();
        for (Arg arg : globalArgs) {
            arg.definitions().forEach(d -> secretKey("ARG", d.name(), arg.source().range(), lints));
        }
        for (Stage stage : stages) {
            stage.name().ifPresent(name -> {
                if (!names.add(name)) {
                    lints.add("DuplicateStageName", "Duplicate stage name " + GoQuote.quote(name)
                            + ", stage names should be unique", stage.from().source().range());
                }
                if (RESERVED_STAGE_NAMES.contains(name)) {
                    lints.add("ReservedStageName", "Stage name should not use the same name as reserved stage "
                            + GoQuote.quote(name), stage.from().source().range());
                }
            });
            // A stage built FROM an earlier stage inherits that stage's SHELL.
            boolean shellSet = shellSetByStage.getOrDefault(GoStrings.toLower(stage.from().baseName()), false);
            Map<String, SourceRange> usedOnce = new HashMap<>();
            for (Instruction instruction : stage.instructions()) {
                if (instruction instanceof Shell) {
                    shellSet = true;
                }
                if (instruction instanceof Cmd || instruction instanceof Entrypoint || instruction instanceof Healthcheck) {
                    SourceRange previous = usedOnce.put(instruction.name(), instruction.source().range());
                    if (previous != null) {
                        lints.add("MultipleInstructionsDisallowed", "Multiple " + instruction.source().keyword()
                                + " instructions should not be used in the same stage because only the last one will"
                                + " be used", previous);
                    }
                }
                CommandArgs command = instruction instanceof Cmd c ? c.command()
                        : instruction instanceof Entrypoint e ? e.command() : null;
                if (command != null && command.shellForm() && !shellSet) {
                    lints.add("JSONArgsRecommended", "JSON arguments recommended for " + instruction.source().keyword()
                            + " to prevent unintended behavior related to OS signals", instruction.source().range());
                }
                if (instruction instanceof Arg arg) {
                    arg.definitions().forEach(d -> secretKey("ARG", d.name(), arg.source().range(), lints));
                }
                if (instruction instanceof Env env) {
                    env.pairs().forEach(p -> secretKey("ENV", p.key(), env.source().range(), lints));
                }
            }
            boolean inherited = shellSet;
            stage.name().ifPresent(name -> shellSetByStage.put(name, inherited));
        }
    }

    /** Upper or lower case by majority; a keyword in mixed case, or in the minority's case, is reported. */
    private static void instructionCasing(List<Stage> stages, Lints lints) {
        int lower = 0;
        int upper = 0;
        for (Stage stage : stages) {
            for (String keyword : keywords(stage)) {
                if (keyword.equals(GoStrings.toLower(keyword))) {
                    lower++;
                } else if (keyword.equals(GoStrings.toUpper(keyword))) {
                    upper++;
                }
            }
        }
        boolean majorityLower = lower > upper;
        for (Stage stage : stages) {
            checkCase(stage.from().source().keyword(), majorityLower, stage.from().source().range(), lints);
            for (Instruction instruction : stage.instructions()) {
                checkCase(instruction.source().keyword(), majorityLower, instruction.source().range(), lints);
            }
        }
    }

    private static List<String> keywords(Stage stage) {
        List<String> out = new java.util.ArrayList<>();
        out.add(stage.from().source().keyword());
        stage.instructions().forEach(i -> out.add(i.source().keyword()));
        return out;
    }

    private static void checkCase(String keyword, boolean majorityLower, SourceRange range, Lints lints) {
        String expected = null;
        if (majorityLower && !keyword.equals(GoStrings.toLower(keyword))) {
            expected = "lowercase";
        } else if (!majorityLower && !keyword.equals(GoStrings.toUpper(keyword))) {
            expected = "uppercase";
        }
        if (expected != null) {
            lints.add("ConsistentInstructionCasing", "Command '" + keyword + "' should match the case of the command"
                    + " majority (" + expected + ")", range);
        }
    }

    private static void secretKey(String instruction, String key, SourceRange range, Lints lints) {
        if (SECRET.matcher(key).find() && !PUBLIC.matcher(key).find()) {
            lints.add("SecretsUsedInArgOrEnv", "Do not use ARG or ENV instructions for sensitive data (" + instruction
                    + " " + GoQuote.quote(key) + ")", range);
        }
    }
}
