package dev.lamina.dockerfile;

/**
 * A finding that does not stop the build, named by BuildKit's check rule ({@code NoEmptyContinuation},
 * {@code MaintainerDeprecated}, …; see https://docs.docker.com/go/dockerfile/rule/). {@code message} is the
 * specific text BuildKit prints, {@code description} the rule's general explanation.
 */
public record Warning(String rule, String message, String description, String url, SourceRange range) {
}
