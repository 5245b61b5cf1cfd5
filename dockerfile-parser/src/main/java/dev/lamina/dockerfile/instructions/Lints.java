package dev.lamina.dockerfile.instructions;

import dev.lamina.dockerfile.SourceRange;
import dev.lamina.dockerfile.Warning;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The BuildKit build checks that need nothing but the Dockerfile (https://docs.docker.com/go/dockerfile/rule/).
 * Checks that need build arguments, the base image or the context (UndefinedVar, UndefinedArgInFrom,
 * InvalidDefaultArgInFrom, WorkdirRelativePath, RedundantTargetPlatform, FromPlatformFlagConstDisallowed,
 * ExposeProtoCasing, ExposeInvalidFormat, InvalidBaseImagePlatform, CopyIgnoredFile) are the builder's.
 */
final class Lints {
    private static final Map<String, String> DESCRIPTIONS = Map.ofEntries(
            Map.entry("StageNameCasing", "Stage names should be lowercase"),
            Map.entry("FromAsCasing", "The 'as' keyword should match the case of the 'from' keyword"),
            Map.entry("NoEmptyContinuation", "Empty continuation lines will become errors in a future release"),
            Map.entry("ConsistentInstructionCasing",
                    "All commands within the Dockerfile should use the same casing (either upper or lower)"),
            Map.entry("DuplicateStageName", "Stage names should be unique"),
            Map.entry("ReservedStageName", "Reserved words should not be used as stage names"),
            Map.entry("JSONArgsRecommended",
                    "JSON arguments recommended for ENTRYPOINT/CMD to prevent unintended behavior related to OS signals"),
            Map.entry("MaintainerDeprecated",
                    "The MAINTAINER instruction is deprecated, use a label instead to define an image author"),
            Map.entry("MultipleInstructionsDisallowed",
                    "Multiple instructions of the same type should not be used in the same stage"),
            Map.entry("LegacyKeyValueFormat", "Legacy key/value format with whitespace separator should not be used"),
            Map.entry("SecretsUsedInArgOrEnv", "Sensitive data should not be used in the ARG or ENV commands"));

    private final List<Warning> warnings = new ArrayList<>();

    void add(String rule, String message, SourceRange range) {
        warnings.add(new Warning(rule, message, DESCRIPTIONS.get(rule), url(rule), range));
    }

    void add(Warning warning) {
        warnings.add(warning);
    }

    /** The findings in file order (a stable sort keeps BuildKit's order within a line). */
    List<Warning> sorted() {
        List<Warning> out = new ArrayList<>(warnings);
        out.sort(Comparator.comparingInt((Warning w) -> w.range().startLine()));
        return out;
    }

    /** The rule's documentation page: {@code JSONArgsRecommended} is at {@code …/rule/json-args-recommended/}. */
    static String url(String rule) {
        String slug = rule.replaceAll("([a-z0-9])([A-Z])", "$1-$2").replace("JSONArgs", "JSON-Args")
                .toLowerCase(java.util.Locale.ROOT);
        return "https://docs.docker.com/go/dockerfile/rule/" + slug + "/";
    }
}
