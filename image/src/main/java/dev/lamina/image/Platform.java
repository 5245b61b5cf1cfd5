package dev.lamina.image;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.lamina.image.json.JsonFields;
import dev.lamina.image.json.JsonMembers;
import dev.lamina.image.json.JsonWritable;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An image platform (os/architecture/variant). Normalisation follows containerd's platforms package,
 * so {@code linux/aarch64}, {@code linux/arm64/v8} and {@code linux/arm64} are one platform, and
 * {@code x86_64} is {@code amd64}. Variants are optional everywhere; an absent one is the empty string.
 */
public record Platform(String architecture, String os, String osVersion, List<String> osFeatures, String variant)
        implements JsonWritable {

    public Platform {
        architecture = architecture == null ? "" : architecture;
        os = os == null ? "" : os;
        osVersion = osVersion == null ? "" : osVersion;
        osFeatures = osFeatures == null ? List.of() : List.copyOf(osFeatures);
        variant = variant == null ? "" : variant;
    }

    public static Platform of(String os, String architecture, String variant) {
        return new Platform(architecture, os, null, null, variant);
    }

    /** Reads a descriptor's {@code platform} (as it is written, not normalised); other members are dropped. */
    public static Platform fromJson(JsonFields json) {
        return new Platform(json.text("architecture"), json.text("os"), json.text("os.version"),
                json.texts("os.features"), json.text("variant"));
    }

    @Override
    public void writeJson(JsonGenerator out) throws IOException {
        out.writeStartObject();
        JsonMembers.text(out, "architecture", architecture);
        JsonMembers.text(out, "os", os);
        JsonMembers.text(out, "os.version", osVersion);
        JsonMembers.texts(out, "os.features", osFeatures);
        JsonMembers.text(out, "variant", variant);
        out.writeEndObject();
    }

    /**
     * Parses a specifier: {@code os/arch[/variant]}, or a bare {@code arch} or {@code os} (the other taken
     * from the host), as containerd does. The result is normalised.
     */
    public static Platform parse(String specifier) {
        String s = specifier.trim();
        String[] parts = s.split("/", -1);
        for (String part : parts) {
            if (part.isEmpty()) {
                throw new InvalidPlatformException("invalid platform \"" + specifier + "\": empty component");
            }
        }
        return switch (parts.length) {
            case 1 -> {
                String one = parts[0].toLowerCase(Locale.ROOT);
                if (isKnownOs(one)) {
                    yield of(one, host().architecture, host().variant).normalize();
                }
                yield of(host().os, one, "").normalize();
            }
            case 2 -> of(parts[0], parts[1], "").normalize();
            case 3 -> of(parts[0], parts[1], parts[2]).normalize();
            default -> throw new InvalidPlatformException(
                    "invalid platform \"" + specifier + "\": expected os/arch[/variant]");
        };
    }

    /** The platform lamina builds and runs for by default: linux on this machine's architecture. */
    public static Platform host() {
        return Host.PLATFORM;
    }

    /** containerd's normalisation: lower case, common aliases, default variants dropped. */
    public Platform normalize() {
        String o = os.toLowerCase(Locale.ROOT);
        if (o.equals("macos")) {
            o = "darwin";
        }
        String a = architecture.toLowerCase(Locale.ROOT);
        String v = variant.toLowerCase(Locale.ROOT);
        switch (a) {
            case "i386" -> {
                a = "386";
                v = "";
            }
            case "x86_64", "x86-64", "amd64" -> {
                a = "amd64";
                if (v.equals("v1")) {
                    v = "";
                }
            }
            case "aarch64", "arm64" -> {
                a = "arm64";
                switch (v) {
                    case "8", "v8", "v8.0" -> v = "";
                    case "9", "9.0", "v9.0" -> v = "v9";
                    default -> { }
                }
            }
            case "armhf" -> {
                a = "arm";
                v = "v7";
            }
            case "armel" -> {
                a = "arm";
                v = "v6";
            }
            case "arm" -> {
                switch (v) {
                    case "", "7" -> v = "v7";
                    case "5", "6", "8" -> v = "v" + v;
                    default -> { }
                }
            }
            default -> { }
        }
        return new Platform(a, o, osVersion, osFeatures, v);
    }

    /** True when an image for {@code candidate} runs here, i.e. on this platform (ignoring OS version). */
    public boolean canRun(Platform candidate) {
        return compatibility(candidate) > 0;
    }

    /**
     * How well {@code candidate} suits this platform: 0 not at all, higher is better; the exact
     * normalised match scores highest, then older variants of the same architecture (an armv7 machine
     * runs v6 and v5 images; an amd64 v3 machine runs v2 and v1).
     */
    public int compatibility(Platform candidate) {
        Platform want = normalize();
        Platform have = candidate.normalize();
        if (!want.os.equals(have.os) || !want.architecture.equals(have.architecture)) {
            return 0;
        }
        if (want.variant.equals(have.variant)) {
            return 100;
        }
        int wantLevel = variantLevel(want.variant);
        int haveLevel = variantLevel(have.variant);
        if (wantLevel < 0 || haveLevel < 0 || haveLevel > wantLevel) {
            return 0;
        }
        return 50 - (wantLevel - haveLevel);
    }

    /** The best entry of an index for this platform, as containerd's matcher orders them. */
    public <T> Optional<T> best(List<T> candidates, java.util.function.Function<T, Optional<Platform>> platformOf) {
        T best = null;
        int bestScore = 0;
        for (T candidate : candidates) {
            Optional<Platform> p = platformOf.apply(candidate);
            int score = p.map(this::compatibility).orElse(0);
            if (score > bestScore) {
                best = candidate;
                bestScore = score;
            }
        }
        return Optional.ofNullable(best);
    }

    public boolean isEmpty() {
        return os.isEmpty() && architecture.isEmpty();
    }

    /** {@code os/arch[/variant]}, as users type it. */
    @Override
    public String toString() {
        return os + "/" + architecture + (variant.isEmpty() ? "" : "/" + variant);
    }

    private static int variantLevel(String variant) {
        if (variant.isEmpty()) {
            return 1;
        }
        if (variant.matches("v[0-9]+")) {
            return Integer.parseInt(variant.substring(1));
        }
        return -1;
    }

    private static boolean isKnownOs(String os) {
        return switch (os) {
            case "aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "js", "linux",
                    "nacl", "netbsd", "openbsd", "plan9", "solaris", "windows", "zos", "macos" -> true;
            default -> false;
        };
    }

    private static final class Host {
        static final Platform PLATFORM = detect();

        private static Platform detect() {
            String arch = System.getProperty("os.arch", "amd64");
            return of("linux", arch, arch.equals("arm") ? "v7" : "").normalize();
        }
    }

    /** The text is not a platform specifier. */
    public static final class InvalidPlatformException extends LaminaException {
        public InvalidPlatformException(String message) {
            super(message);
        }
    }
}
