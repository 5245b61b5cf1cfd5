package dev.lamina.dockerfile.instructions;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * {@code RUN [--mount=…]… [--network=default|none|host] [--security=sandbox|insecure] COMMAND}.
 *
 * @param mountSpecs the {@code --mount} values, checked only as far as BuildKit checks them before expansion
 * @param network the network mode ({@code default} when not given)
 * @param security the security mode ({@code sandbox} when not given)
 */
public record Run(Source source, CommandArgs command, List<MountSpec> mountSpecs, String network, String security)
        implements Instruction {
    public Run {
        mountSpecs = List.copyOf(mountSpecs);
    }

    /**
     * The mounts with every {@code key=value} value expanded by {@code expander} (the builder passes the
     * stage's {@code ShellLex.expand}) and fully validated, as BuildKit does when it dispatches the RUN.
     *
     * @throws dev.lamina.dockerfile.DockerfileException for an invalid mount, located at this RUN
     */
    public List<Mount> mounts(UnaryOperator<String> expander) {
        return mountSpecs.stream().map(spec -> spec.resolve(expander, source)).toList();
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.visit(this);
    }
}
