package dev.lamina.builder.state;

import dev.lamina.builder.BuildException;
import java.util.ArrayList;
import java.util.List;

/**
 * EXPOSE's port specs as BuildKit reads them ({@code [ip:][hostPort:]port[-end][/proto]}): each becomes
 * {@code port/proto} entries, ranges expanded one per port, the protocol defaulting to {@code tcp}.
 */
public final class Ports {
    private Ports() {
    }

    public static List<String> parse(List<String> specs) {
        List<String> out = new ArrayList<>();
        for (String spec : specs) {
            out.addAll(parseOne(spec));
        }
        return out;
    }

    private static List<String> parseOne(String raw) {
        String[] parts = raw.split(":", -1);
        String hostPort = "";
        String containerPort;
        if (parts.length == 1) {
            containerPort = parts[0];
        } else {
            hostPort = parts[parts.length - 2];
            containerPort = parts[parts.length - 1];
        }
        int slash = containerPort.indexOf('/');
        String port = slash < 0 ? containerPort : containerPort.substring(0, slash);
        String proto = slash < 0 ? "" : containerPort.substring(slash + 1).toLowerCase(java.util.Locale.ROOT);
        if (port.isEmpty()) {
            throw new BuildException("no port specified: " + containerPort + "<empty>");
        }
        if (proto.isEmpty()) {
            proto = "tcp";
        } else if (!proto.equals("tcp") && !proto.equals("udp") && !proto.equals("sctp")) {
            throw new BuildException("invalid proto: " + proto);
        }
        long[] range = range(port, "invalid containerPort: " + port);
        if (!hostPort.isEmpty()) {
            long[] host = range(hostPort, "invalid hostPort: " + hostPort);
            if (range[1] - range[0] != host[1] - host[0] && range[1] != range[0]) {
                throw new BuildException("invalid ranges specified for container and host Ports: " + port + " and "
                        + hostPort);
            }
        }
        List<String> out = new ArrayList<>();
        for (long p = range[0]; p <= range[1]; p++) {
            out.add(p + "/" + proto);
        }
        return out;
    }

    private static long[] range(String text, String error) {
        String[] bounds = text.split("-", -1);
        if (bounds.length > 2) {
            throw new BuildException(error);
        }
        long start = port(bounds[0], error);
        long end = bounds.length == 2 ? port(bounds[1], error) : start;
        if (end < start) {
            throw new BuildException(error);
        }
        return new long[] {start, end};
    }

    private static long port(String text, String error) {
        if (text.isEmpty() || !text.chars().allMatch(Character::isDigit) || text.length() > 5) {
            throw new BuildException(error);
        }
        long value = Long.parseLong(text);
        if (value > 65535) {
            throw new BuildException(error);
        }
        return value;
    }
}
