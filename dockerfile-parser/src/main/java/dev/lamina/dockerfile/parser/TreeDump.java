package dev.lamina.dockerfile.parser;

import dev.lamina.dockerfile.text.GoQuote;
import dev.lamina.dockerfile.text.GoStrings;

/** BuildKit's {@code Node.Dump}, the format of the parser's golden files. */
final class TreeDump {
    private TreeDump() {
    }

    /** Every instruction on its own line; no final newline (the golden files add one). */
    static String dump(ParseTree tree) {
        StringBuilder out = new StringBuilder();
        for (Node node : tree.nodes()) {
            out.append('(').append(dump(node)).append(")\n");
        }
        return GoStrings.trimSpace(out.toString());
    }

    static String dump(Node node) {
        StringBuilder out = new StringBuilder(GoStrings.toLower(node.keyword()));
        if (!node.flags().isEmpty()) {
            out.append(' ').append(GoQuote.quoteList(node.flags()));
        }
        for (String arg : node.args()) {
            out.append(' ').append(GoQuote.quote(arg));
        }
        node.subCommand().ifPresent(sub -> out.append(" (").append(dump(sub)).append(')'));
        return GoStrings.trimSpace(out.toString());
    }
}
