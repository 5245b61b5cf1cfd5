package dev.lamina.bench.dockerfile;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** The generated inputs, deterministic (fixed seeds) so that runs compare. */
final class Workloads {
    private Workloads() {
    }

    /** A Dockerfile of exactly {@code lines} physical lines, mixing every common construct. */
    static byte[] dockerfile(int lines) {
        List<String> out = new ArrayList<>();
        out.add("# syntax=docker/dockerfile:1");
        out.add("ARG BASE=debian:bookworm-slim");
        int stage = 0;
        Random random = new Random(1);
        while (out.size() < lines) {
            out.add("FROM ${BASE} AS stage" + stage++);
            out.add("ENV PATH=/opt/bin:$PATH LANG=C.UTF-8 HOME=\"/home/app user\"");
            out.add("LABEL org.opencontainers.image.title=\"demo\" org.opencontainers.image.version=1." + stage);
            out.add("WORKDIR /src/app" + stage);
            out.add("COPY --chown=1000:1000 --chmod=0644 --exclude=*.md package.json package-lock.json ./");
            out.add("RUN --mount=type=cache,target=/root/.cache,sharing=locked \\");
            out.add("    apt-get update && \\");
            out.add("    apt-get install -y --no-install-recommends ca-certificates curl git \\");
            out.add("        build-essential pkg-config && \\");
            out.add("    rm -rf /var/lib/apt/lists/*");
            out.add("COPY <<-EOF /etc/app/config.toml");
            out.add("\t[server]");
            out.add("\tport = " + (8000 + random.nextInt(1000)));
            out.add("\tEOF");
            out.add("RUN [\"/bin/sh\", \"-c\", \"echo building stage " + stage + "\"]");
            out.add("EXPOSE 8080/tcp 53/udp");
            out.add("USER app:app");
            out.add("HEALTHCHECK --interval=30s --timeout=3s CMD [\"curl\", \"-f\", \"http://localhost/\"]");
            out.add("# a comment between instructions");
            out.add("ENTRYPOINT [\"/usr/local/bin/app\"]");
        }
        while (out.size() > lines) {
            out.remove(out.size() - 1);
        }
        // the cut may leave a heredoc or a continuation open: close the file on a plain instruction
        out.set(out.size() - 1, "CMD [\"--serve\"]");
        for (int i = out.size() - 2; i > out.size() - 12 && i > 0; i--) {
            if (!out.get(i).startsWith(" ") && !out.get(i).startsWith("\t") && !out.get(i).endsWith("\\")) {
                break;
            }
            out.set(i, "# trimmed");
        }
        return (String.join("\n", out) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** A 50-pattern .dockerignore of the kinds real projects use: names, globs, ** forms, re-inclusions. */
    static List<String> ignorePatterns() {
        List<String> patterns = new ArrayList<>(List.of(
                ".git", ".gitignore", ".dockerignore", "Dockerfile*", "docker-compose*.yml", "node_modules",
                "**/node_modules", "npm-debug.log*", "yarn-error.log", "**/*.log", "*.md", "!README.md",
                "build/**", "dist", "out/", "target", "**/target/**", "coverage", ".nyc_output", "*.tmp",
                "**/*.swp", "**/.DS_Store", ".idea", ".vscode", "*.iml", "**/__pycache__", "**/*.py[cod]",
                ".pytest_cache", ".mypy_cache", "venv", ".env", ".env.*", "!.env.example", "secrets/",
                "**/*.pem", "**/*.key", "docs/**/*.png", "docs/**/*.jpg", "[Tt]humbs.db", "tmp?/",
                "logs/*/archive", "**/test-results", "fixtures/large-*", "vendor/bundle", ".terraform",
                "*.tfstate", "*.tfstate.*", "**/cache/**", "src/**/generated", "!src/main/generated/keep"));
        if (patterns.size() != 50) {
            throw new IllegalStateException("expected 50 patterns, not " + patterns.size());
        }
        return patterns;
    }

    /** {@code count} clean relative paths shaped like a repository checkout. */
    static List<String> paths(int count) {
        Random random = new Random(2);
        String[] roots = {"src/main/java/dev/lamina", "src/test/java/dev/lamina", "node_modules", "docs", "build",
            "target/classes", "web/app/components", "scripts", "vendor/bundle/ruby", ".git/objects", "logs/2024",
            "services/api/internal", "fixtures", "tmp1", "coverage/lcov-report"};
        String[] names = {"Main.java", "README.md", "index.js", "app.log", "image.png", "config.yaml", "util.py",
            "util.pyc", "data.json", "notes.tmp", "Thumbs.db", "key.pem", "large-file.bin", ".DS_Store", "x.swp"};
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            StringBuilder path = new StringBuilder(roots[random.nextInt(roots.length)]);
            for (int d = 0, depth = random.nextInt(4); d < depth; d++) {
                path.append("/pkg").append(random.nextInt(40));
            }
            path.append('/').append(i % 7 == 0 ? "f" + i + "-" : "").append(names[random.nextInt(names.length)]);
            out.add(path.toString());
        }
        return out;
    }
}
