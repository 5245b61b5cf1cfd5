package dev.lamina.dockerfile.instructions;

import java.util.List;
import java.util.Optional;

/**
 * {@code ADD [--chown=…] [--chmod=…] [--checksum=…] [--keep-git-dir] [--link] [--exclude=…]… [--unpack] SRC…
 * DEST}; flag values unexpanded.
 */
public record Add(Source source, Sources sources, Optional<String> chown, Optional<String> chmod, Optional<String> checksum,
        boolean link, boolean keepGitDir, List<String> excludes, Optional<Boolean> unpack) implements Instruction {
    public Add {
        excludes = List.copyOf(excludes);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.visit(this);
    }
}
