package dev.lamina.dockerfile.scope;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The ARGs BuildKit defines by itself: the platform of the build machine and of the target, in the global scope
 * (FROM lines and global ARG defaults see them; a stage sees one only after {@code ARG NAME}), and the proxy
 * settings, which need no ARG to reach RUN's environment but are not expanded in words unless declared.
 */
public final class PlatformArgs {
    /** {@code HTTP_PROXY} and friends, in both cases. */
    public static final Set<String> PROXY_ARGS = Set.of("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy",
            "FTP_PROXY", "ftp_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy");

    private PlatformArgs() {
    }

    /**
     * {@code TARGETPLATFORM}, {@code TARGETOS}, {@code TARGETARCH}, {@code TARGETVARIANT} and the same four for
     * {@code BUILD…}, from platforms written {@code os/arch[/variant]}.
     */
    public static Map<String, String> of(String targetPlatform, String buildPlatform) {
        Map<String, String> args = new LinkedHashMap<>();
        put(args, "BUILD", buildPlatform);
        put(args, "TARGET", targetPlatform);
        return Map.copyOf(args);
    }

    private static void put(Map<String, String> args, String prefix, String platform) {
        String[] parts = platform.split("/", -1);
        if (parts.length < 2 || parts.length > 3) {
            throw new IllegalArgumentException("platform must be os/arch[/variant]: " + platform);
        }
        args.put(prefix + "PLATFORM", platform);
        args.put(prefix + "OS", parts[0]);
        args.put(prefix + "ARCH", parts[1]);
        args.put(prefix + "VARIANT", parts.length == 3 ? parts[2] : "");
    }
}
