package dev.lamina.dockerfile.instructions;

/**
 * A here-document used by an instruction: a COPY or ADD source written inline, or a file RUN gets.
 *
 * @param name the delimiter word ({@code EOF}), which for COPY/ADD is also the file name
 * @param rawContent the body exactly as written, every line with its line ending
 * @param chomp written {@code <<-}: leading tabs are removed from each line when the body is used
 * @param expand the delimiter was not quoted: BuildKit expands variables in the body (for COPY/ADD, with only
 *     {@code $} processed and quotes left alone)
 */
public record InlineFile(String name, String rawContent, boolean chomp, boolean expand) {
    /** The body as used: leading tabs removed from every line when {@link #chomp}. */
    public String content() {
        return chomp ? rawContent.replaceAll("(?m)^\\t+", "") : rawContent;
    }
}
