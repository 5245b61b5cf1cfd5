package dev.lamina.cli;

/** {@code --format}: a table for people or JSON for scripts. */
enum OutputFormat {
    TABLE, JSON
}
