package dev.lamina.builder.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code /etc/hosts}, {@code /etc/hostname} and {@code /etc/resolv.conf} a command sees. They are
 * written per step outside the root and bind-mounted over it, so a layer never captures them.
 */
final class EtcFiles {
    /** Docker's fallback when the host names no resolver. */
    static final String DEFAULT_RESOLV_CONF = "nameserver 8.8.8.8\nnameserver 8.8.4.4\n";
    private static final Path HOST_RESOLV_CONF = Path.of("/etc/resolv.conf");

    private EtcFiles() {
    }

    /** The files' contents, by container path. */
    static Map<String, String> contents(String hostname, String hostResolvConf) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("/etc/hosts", "127.0.0.1\tlocalhost " + hostname + "\n::1\tlocalhost ip6-localhost ip6-loopback\n");
        files.put("/etc/hostname", hostname + "\n");
        files.put("/etc/resolv.conf", hostResolvConf.lines().anyMatch(l -> l.strip().startsWith("nameserver"))
                ? hostResolvConf : DEFAULT_RESOLV_CONF);
        return files;
    }

    /** The host's resolver configuration, which a command on the host network uses as it is. */
    static String hostResolvConf() {
        try {
            return Files.readString(HOST_RESOLV_CONF, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + HOST_RESOLV_CONF, e);
        }
    }
}
