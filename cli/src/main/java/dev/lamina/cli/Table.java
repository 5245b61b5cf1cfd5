package dev.lamina.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Columns laid out as Docker's formatter lays them out (Go's tabwriter with minimum width 10 and padding 3):
 * every cell but a line's last is padded to its column's widest cell plus three spaces, and to at least ten
 * characters; the last cell is written as it is. Widths count characters (runes), as tabwriter does.
 */
final class Table {
    private static final int PADDING = 3;
    private static final int MIN_WIDTH = 10;

    private final List<List<String>> rows = new ArrayList<>();
    private final int columns;

    Table(String... header) {
        this.columns = header.length;
        rows.add(List.of(header));
    }

    /** A table without a header line: each row's cells, as a template's tab-separated output gives them. */
    static Table headless(int columns) {
        return new Table(columns);
    }

    private Table(int columns) {
        this.columns = columns;
    }

    Table row(String... cells) {
        if (cells.length != columns) {
            throw new IllegalArgumentException("expected " + columns + " cells");
        }
        rows.add(List.of(cells));
        return this;
    }

    void print(PrintStream out) {
        int[] widths = new int[columns];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size() - 1; i++) {
                widths[i] = Math.max(widths[i], Math.max(MIN_WIDTH, width(row.get(i)) + PADDING));
            }
        }
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i);
                line.append(cell);
                if (i < row.size() - 1) {
                    line.append(" ".repeat(widths[i] - width(cell)));
                }
            }
            out.println(line);
        }
    }

    private static int width(String cell) {
        return cell.codePointCount(0, cell.length());
    }
}
