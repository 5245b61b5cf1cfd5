package dev.lamina.image;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An image reference, {@code [registry/]repository[:tag][@digest]}, parsed by Docker's grammar
 * (distribution/reference) and normalised as Docker normalises it: {@code busybox} is
 * {@code docker.io/library/busybox:latest}; {@code localhost:5000/x} keeps its registry. A reference with
 * a digest and no tag stays without a tag.
 */
public record ImageReference(String registry, String repository, Optional<String> tag, Optional<Digest> digest) {
    public static final String DOCKER_HUB = "docker.io";
    public static final String DEFAULT_TAG = "latest";
    private static final int NAME_MAX = 255;

    private static final String ALPHANUM = "[a-z0-9]+";
    private static final String SEPARATOR = "(?:[_.]|__|[-]+)";
    private static final String PATH_COMPONENT = ALPHANUM + "(?:" + SEPARATOR + ALPHANUM + ")*";
    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final String IPV6 = "\\[(?:[a-fA-F0-9:]+)\\]";
    private static final String HOST = "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*|" + IPV6 + ")";
    private static final String DOMAIN = HOST + "(?::[0-9]+)?";
    private static final String TAG = "[\\w][\\w.-]{0,127}";
    private static final String DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";

    private static final Pattern REFERENCE = Pattern.compile(
            "((?:" + DOMAIN + "/)?" + PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*)"
                    + "(?::(" + TAG + "))?(?:@(" + DIGEST + "))?");
    private static final Pattern DOMAIN_ONLY = Pattern.compile(DOMAIN);
    private static final Pattern TAG_ONLY = Pattern.compile(TAG);
    private static final Pattern HEX64 = Pattern.compile("[a-f0-9]{64}");

    public ImageReference {
        tag = tag == null ? Optional.empty() : tag;
        digest = digest == null ? Optional.empty() : digest;
    }

    /**
     * Parses and normalises as {@code docker pull} does: default registry and {@code library/}, and the
     * tag {@code latest} when neither tag nor digest is given.
     */
    public static ImageReference parse(String text) {
        ImageReference ref = parseNormalized(text);
        return ref.tag.isEmpty() && ref.digest.isEmpty() ? ref.withTag(DEFAULT_TAG) : ref;
    }

    /** As {@link #parse} but without adding a default tag: a bare name stays a repository. */
    public static ImageReference parseNormalized(String text) {
        if (text == null || text.isEmpty()) {
            throw invalid(text, "repository name must have at least one component");
        }
        if (HEX64.matcher(text).matches()) {
            throw invalid(text, "cannot specify 64-byte hexadecimal strings");
        }
        String domain;
        String remainder;
        int slash = text.indexOf('/');
        String first = slash < 0 ? "" : text.substring(0, slash);
        if (slash < 0 || (!first.contains(".") && !first.contains(":") && !first.equals("localhost")
                && first.toLowerCase(Locale.ROOT).equals(first))) {
            domain = DOCKER_HUB;
            remainder = text;
        } else {
            domain = first;
            remainder = text.substring(slash + 1);
        }
        if (domain.equals("index.docker.io")) {
            domain = DOCKER_HUB;
        }
        if (domain.equals(DOCKER_HUB) && !remainder.contains("/")) {
            remainder = "library/" + remainder;
        }
        int tagSeparator = remainder.indexOf(':');
        String remoteName = tagSeparator < 0 ? remainder : remainder.substring(0, tagSeparator);
        int at = remoteName.indexOf('@');
        if (at >= 0) {
            remoteName = remoteName.substring(0, at);
        }
        if (!remoteName.toLowerCase(Locale.ROOT).equals(remoteName)) {
            throw invalid(text, "repository name (" + remoteName + ") must be lowercase");
        }
        return parseFull(text, domain + "/" + remainder);
    }

    private static ImageReference parseFull(String original, String full) {
        Matcher m = REFERENCE.matcher(full);
        if (!m.matches()) {
            throw invalid(original, null);
        }
        String name = m.group(1);
        if (name.length() > NAME_MAX) {
            throw invalid(original, "repository name must not be more than " + NAME_MAX + " characters");
        }
        int slash = name.indexOf('/');
        String domain = name.substring(0, slash);
        if (!DOMAIN_ONLY.matcher(domain).matches()) {
            throw invalid(original, null);
        }
        Optional<Digest> digest = Optional.empty();
        if (m.group(3) != null) {
            try {
                digest = Optional.of(Digest.parse(m.group(3)));
            } catch (Digest.InvalidDigestException e) {
                throw invalid(original, e.getMessage());
            }
        }
        return new ImageReference(domain, name.substring(slash + 1), Optional.ofNullable(m.group(2)), digest);
    }

    private static InvalidReferenceException invalid(String text, String why) {
        return new InvalidReferenceException("invalid reference format"
                + (why == null ? "" : ": " + why) + ": \"" + (text == null ? "" : text) + "\"");
    }

    /** True when {@code tag} is a valid tag by Docker's grammar. */
    public static boolean isValidTag(String tag) {
        return TAG_ONLY.matcher(tag).matches();
    }

    /** {@code registry/repository}, the name without tag or digest. */
    public String name() {
        return registry + "/" + repository;
    }

    public ImageReference withTag(String newTag) {
        if (!isValidTag(newTag)) {
            throw invalid(newTag, "invalid tag");
        }
        return new ImageReference(registry, repository, Optional.of(newTag), digest);
    }

    public ImageReference withDigest(Digest newDigest) {
        return new ImageReference(registry, repository, tag, Optional.of(newDigest));
    }

    public ImageReference withoutTag() {
        return new ImageReference(registry, repository, Optional.empty(), digest);
    }

    public ImageReference withoutDigest() {
        return new ImageReference(registry, repository, tag, Optional.empty());
    }

    /** What a registry is asked for: the digest when there is one, else the tag. */
    public String identifier() {
        return digest.map(Digest::toString).orElseGet(() -> tag.orElse(DEFAULT_TAG));
    }

    /** Docker's short form: {@code busybox:latest}, {@code user/app:1}, {@code localhost:5000/app:1}. */
    public String familiar() {
        String name;
        if (registry.equals(DOCKER_HUB)) {
            name = repository.startsWith("library/") && repository.indexOf('/', 8) < 0
                    ? repository.substring("library/".length()) : repository;
        } else {
            name = name();
        }
        return name + suffix();
    }

    /** The full normalised form, e.g. {@code docker.io/library/busybox:latest}. */
    @Override
    public String toString() {
        return name() + suffix();
    }

    private String suffix() {
        return tag.map(t -> ":" + t).orElse("") + digest.map(d -> "@" + d).orElse("");
    }

    /** The text is not a reference by Docker's grammar. */
    public static final class InvalidReferenceException extends LaminaException {
        public InvalidReferenceException(String message) {
            super(message);
        }
    }
}
