package dev.lamina.dockerfile.instructions;

import java.util.List;
import java.util.Optional;

/**
 * {@code COPY [--from=…] [--chown=…] [--chmod=…] [--link] [--parents] [--exclude=…]… SRC… DEST}; flag values
 * unexpanded.
 */
public record Copy(Source source, Sources sources, Optional<String> from, Optional<String> chown, Optional<String> chmod,
        boolean link, boolean parents, List<String> excludes) implements Instruction {
    public Copy {
        excludes = List.copyOf(excludes);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.visit(this);
    }
}
