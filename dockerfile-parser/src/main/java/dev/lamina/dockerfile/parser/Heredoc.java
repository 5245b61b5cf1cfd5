package dev.lamina.dockerfile.parser;

/**
 * A here-document attached to an instruction: {@code <<EOF}, {@code <<-EOF} ({@code chomp}: leading tabs are
 * stripped from the body when it is used, not here), {@code <<'EOF'} (any quoting turns {@code expand} off),
 * {@code 3<<EOF} ({@code fileDescriptor}; 0 when none is written, -1 standing for Go's overflow value). The
 * {@code content} is the body exactly as written, every line with its line ending.
 */
public record Heredoc(String name, long fileDescriptor, boolean expand, boolean chomp, String content) {
    /**
     * The heredoc {@code word} opens ({@code <<EOF}, {@code <<-'EOF'}, {@code 3<<EOF}), with an empty body, or
     * empty if it opens none (BuildKit's {@code MustParseHeredoc}: a malformed opener is no opener).
     */
    public static java.util.Optional<Heredoc> opener(String word) {
        try {
            return HeredocWords.parse(word);
        } catch (ParseFailure e) {
            return java.util.Optional.empty();
        }
    }

    Heredoc withContent(String body) {
        return new Heredoc(name, fileDescriptor, expand, chomp, body);
    }

    /** The body as it is used: with {@code <<-}, the leading tabs of every line removed. */
    public String chompedContent() {
        return chomp ? content.replaceAll("(?m)^\\t+", "") : content;
    }
}
