package dev.lamina.builder.copy;

import dev.lamina.builder.BuildException;
import dev.lamina.builder.fs.TreePaths;
import dev.lamina.dockerfile.ignore.IgnoreMatcher;
import dev.lamina.dockerfile.ignore.IgnorePatternException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The first half of a COPY: which entries of the source each source path selects, as BuildKit selects them.
 * <ul>
 * <li>A path is relative to the source's root ({@code ..} cannot leave it); a symlink it leads to is followed.</li>
 * <li>A directory's contents are copied, not the directory itself.</li>
 * <li>Wildcards ({@code *}, {@code ?}, {@code [..]}, Go's {@code filepath.Match}) match at the depth they are
 * written; a matching directory is taken whole; no match is no error (BuildKit allows empty wildcards).</li>
 * <li>{@code --exclude} patterns (moby's pattern rules) drop entries by their path below the copied directory, and
 * wildcard matches by their path below the wildcard's directory.</li>
 * <li>{@code --parents} keeps each match's path below the pivot ({@code a/./b/c} copies {@code b/c}), its
 * directories with their own metadata.</li>
 * </ul>
 * Nothing here depends on the destination, so the selection (and its inputs' digests) makes the cache key before the
 * stage's file system is looked at.
 */
final class Selection {
    private final SourceFs fs;
    private final IgnoreMatcher excludes;
    private final boolean parents;

    Selection(SourceFs fs, List<String> excludes, boolean parents) {
        this.fs = fs;
        this.parents = parents;
        try {
            this.excludes = excludes.isEmpty() ? IgnoreMatcher.empty() : IgnoreMatcher.compile(excludes);
        } catch (IgnorePatternException e) {
            throw new BuildException("invalid --exclude pattern: " + e.getMessage());
        }
    }

    /** What {@code source} (expanded, as written after the instruction) selects. */
    List<Selected> select(String source) throws IOException {
        String pivot = "";
        String pattern = source;
        if (parents) {
            int cut = source.indexOf("/./");
            if (cut >= 0) {
                pivot = TreePaths.of(source.substring(0, cut));
                pattern = source.substring(cut + 3);
            }
        }
        String full = TreePaths.of(TreePaths.child(pivot, TreePaths.of(pattern)));
        List<String> matches = new ArrayList<>();
        String wildcardBase = "";
        if (GoGlob.hasWildcards(full)) {
            String[] split = GoGlob.split(full);
            wildcardBase = fs.resolve(split[0]);
            collectMatches(wildcardBase, split[1], "", matches);
        } else {
            matches.add(full);
        }
        List<Selected> out = new ArrayList<>();
        for (String match : matches) {
            String resolved = fs.resolve(match);
            Optional<SourceEntry> top = fs.lstat(resolved);
            if (top.isEmpty()) {
                throw missing(source, match);
            }
            if (GoGlob.hasWildcards(full) && excluded(relative(match, wildcardBase))) {
                continue; // a wildcard's match is excluded by its path below the wildcard's directory
            }
            List<SourceEntry> contents = new ArrayList<>();
            if (top.get().isDirectory()) {
                walk(resolved, "", contents);
            }
            String name = parents ? relative(match, pivot) : TreePaths.name(match);
            out.add(new Selected(name, top.get(), contents, parents ? parentDirs(pivot, match) : List.of(), parents));
        }
        return out;
    }

    /** Matches of {@code pattern} (relative, '/'-separated) below {@code dir}, taking a matching directory whole. */
    private void collectMatches(String dir, String pattern, String rel, List<String> out) throws IOException {
        int depth = pattern.split("/").length;
        for (SourceEntry child : fs.children(dir)) {
            String name = TreePaths.name(child.path());
            String childRel = rel.isEmpty() ? name : rel + "/" + name;
            if (GoGlob.matches(pattern, childRel)) {
                out.add(child.path());
            } else if (child.isDirectory() && childRel.split("/").length < depth) {
                collectMatches(child.path(), pattern, childRel, out);
            }
        }
    }

    /** A directory's contents, depth-first, minus what {@code --exclude} drops. Returns whether any was kept. */
    private boolean walk(String dir, String rel, List<SourceEntry> out) throws IOException {
        boolean kept = false;
        for (SourceEntry child : fs.children(dir)) {
            String childRel = rel.isEmpty() ? TreePaths.name(child.path()) : rel + "/" + TreePaths.name(child.path());
            boolean excluded = excluded(childRel);
            if (excluded && !(child.isDirectory() && excludes.hasExclusions())) {
                continue;
            }
            int mark = out.size();
            out.add(child);
            boolean inner = child.isDirectory() && walk(child.path(), childRel, out);
            if (excluded && !inner) {
                out.subList(mark, out.size()).clear(); // an excluded directory kept only for what it re-includes
                continue;
            }
            kept = true;
        }
        return kept;
    }

    private List<SourceEntry> parentDirs(String pivot, String match) throws IOException {
        List<SourceEntry> dirs = new ArrayList<>();
        String rel = relative(match, pivot);
        String parent = TreePaths.parent(rel);
        for (String ancestor : TreePaths.selfAndAncestors(parent)) {
            String path = TreePaths.child(pivot, ancestor);
            SourceEntry dir = fs.lstat(fs.resolve(path)).orElseThrow(() -> missing(path, path));
            if (!dir.isDirectory()) {
                throw new BuildException(fs.description() + ": /" + path + " is not a directory");
            }
            dirs.add(dir);
        }
        return dirs;
    }

    private boolean excluded(String rel) {
        try {
            return excludes.matches(rel);
        } catch (IgnorePatternException e) {
            throw new BuildException("invalid --exclude pattern: " + e.getMessage());
        }
    }

    private BuildException missing(String source, String path) {
        String hidden = fs.hiddenBy(path).map(rule -> " (excluded by " + rule + ")").orElse("");
        return new MissingSource("no such file in " + fs.description() + ": " + source + hidden);
    }

    private static String relative(String path, String base) {
        if (base.isEmpty()) {
            return path;
        }
        return path.equals(base) ? "" : path.substring(base.length() + 1);
    }

    /** A source that is not there. */
    static final class MissingSource extends BuildException {
        MissingSource(String message) {
            super(message);
        }
    }
}
