package dev.lamina.builder;

import java.util.Optional;

/**
 * A step as progress shows it, numbered within its stage as BuildKit numbers them: a FROM that pulls an image, and
 * each ADD, COPY, RUN and WORKDIR (the instructions that make a layer); ENV, LABEL and the other metadata
 * instructions only change the config and are not steps.
 *
 * @param stage the stage's name, or empty for an unnamed stage of a single-stage build
 * @param index 1-based, within the stage
 * @param total the stage's step count
 * @param text the instruction with its variables expanded, {@code COPY src/ /app}
 */
public record BuildStep(Optional<String> stage, int index, int total, String text) {
    /** {@code [builder 2/4]}, or {@code [2/4]} for a single-stage build. */
    public String label() {
        String number = String.valueOf(index);
        String padded = " ".repeat(Math.max(0, String.valueOf(total).length() - number.length())) + number;
        return "[" + stage.map(s -> s + " ").orElse("") + padded + "/" + total + "]";
    }

    @Override
    public String toString() {
        return label() + " " + text;
    }
}
