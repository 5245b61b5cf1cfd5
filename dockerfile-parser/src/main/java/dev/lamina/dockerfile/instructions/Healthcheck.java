package dev.lamina.dockerfile.instructions;

/**
 * {@code HEALTHCHECK NONE} or {@code HEALTHCHECK [--interval=…] [--timeout=…] [--start-period=…]
 * [--start-interval=…] [--retries=…] CMD …}.
 */
public record Healthcheck(Source source, HealthcheckConfig config) implements Instruction {
    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.visit(this);
    }
}
