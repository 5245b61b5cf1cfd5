package dev.lamina.builder.copy;

import dev.lamina.builder.BuildException;
import dev.lamina.builder.cache.KeyHasher;
import dev.lamina.builder.cache.StepInputs;
import dev.lamina.builder.context.BuildContext;
import dev.lamina.builder.context.ContextDigests;
import dev.lamina.builder.context.GitSource;
import dev.lamina.builder.context.ReadLog;
import dev.lamina.builder.context.TempDirectories;
import dev.lamina.builder.fs.ContentSpool;
import dev.lamina.builder.fs.FileTree;
import dev.lamina.builder.fs.LayerContents;
import dev.lamina.builder.fs.TreePaths;
import dev.lamina.builder.run.RootView;
import dev.lamina.dockerfile.ignore.IgnoreMatcher;
import dev.lamina.image.Digest;
import dev.lamina.image.store.Store;
import dev.lamina.tarball.compress.Decompressors;
import dev.lamina.tarball.layer.LayerNames;
import dev.lamina.tarball.layer.LayerOptions;
import dev.lamina.tarball.tar.EntryType;
import dev.lamina.tarball.tar.TarEntry;
import dev.lamina.tarball.tar.TarReader;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One COPY or ADD. {@link #prepare} selects the sources and fingerprints everything the result depends on (the
 * cache key's inputs) without looking at the stage's file system; {@link #write} places them against it and writes
 * the layer. Close it to drop what it downloaded or spooled.
 */
public final class CopyOperation implements Closeable {
    private final Spec spec;
    private final List<Part> parts;
    private final StepInputs inputs;
    private final ContentSpool spool;
    private final Store store;
    private final List<Path> checkouts = new ArrayList<>();

    /**
     * A COPY or ADD with its words expanded.
     *
     * @param add ADD rather than COPY
     * @param sources the source paths (or, for ADD, URLs and git repositories)
     * @param inline heredoc sources, by name, their bodies expanded where the heredoc says so
     * @param destination the absolute destination, a trailing slash kept (it means "a directory")
     * @param chown {@code --chown}
     * @param chmod {@code --chmod}
     * @param epoch the source date epoch: every file written gets this time
     */
    public record Spec(boolean add, List<String> sources, Map<String, String> inline, String destination,
            Optional<String> chown, Optional<String> chmod, boolean link, boolean parents, List<String> excludes,
            Optional<String> checksum, boolean keepGitDir, Optional<Boolean> unpack, Optional<Instant> epoch) {
        public Spec {
            sources = List.copyOf(sources);
            inline = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(inline));
            excludes = List.copyOf(excludes);
        }

        String keyword() {
            return add ? "ADD" : "COPY";
        }
    }

    /** One source, selected. */
    private sealed interface Part {
    }

    private record LocalPart(SourceFs fs, Selected selected, boolean unpack) implements Part {
    }

    private record RemotePart(String url, String name, Optional<RemoteFile.Downloaded> downloaded)
            implements Part {
    }

    private record GitPart(GitSource source, String commit) implements Part {
    }

    private record InlinePart(String name, byte[] data) implements Part {
    }

    private CopyOperation(Spec spec, List<Part> parts, StepInputs inputs, ContentSpool spool, Store store) {
        this.spec = spec;
        this.parts = parts;
        this.inputs = inputs;
        this.spool = spool;
        this.store = store;
    }

    /**
     * Selects the sources in {@code from} (the build context, or the stage or image {@code --from} names) and
     * fingerprints them. Downloads an ADD URL without {@code --checksum} (its content is its key); resolves a git
     * ref to its commit.
     *
     * @param contextFs the build context, where ADD's local sources are (COPY's are in {@code from})
     */
    public static CopyOperation prepare(Spec spec, SourceView from, Store store) throws IOException {
        checkFlags(spec);
        ContentSpool spool = new ContentSpool(store);
        try {
            StepInputs inputs = new StepInputs();
            List<Part> parts = new ArrayList<>();
            Selection selection = new Selection(from.fs, spec.excludes(), spec.parents());
            for (String source : spec.sources()) {
                Optional<GitSource> git = GitSource.parse(source);
                if (git.isPresent() && !looksLocal(source)) {
                    if (!spec.add()) {
                        throw new BuildException("source can't be a git ref for COPY");
                    }
                    String commit = git.get().resolveCommit();
                    if (spec.checksum().isPresent() && !commit.startsWith(spec.checksum().get())) {
                        throw new BuildException("checksum mismatch for " + source + ": expected "
                                + spec.checksum().get() + ", got " + commit);
                    }
                    inputs.file(source, "git " + commit);
                    parts.add(new GitPart(git.get(), commit));
                } else if (RemoteFile.isUrl(source)) {
                    if (!spec.add()) {
                        throw new BuildException("source can't be a URL for COPY");
                    }
                    Optional<Digest> checksum = spec.checksum().map(CopyOperation::parseChecksum);
                    Optional<RemoteFile.Downloaded> downloaded = Optional.empty();
                    if (checksum.isPresent()) {
                        inputs.file(source, "checksum " + checksum.get());
                    } else {
                        downloaded = Optional.of(RemoteFile.fetch(source, spool, Optional.empty()));
                        inputs.file(source, "download " + downloaded.get().range().digest()
                                + downloaded.get().lastModified().map(t -> " " + t).orElse(""));
                    }
                    parts.add(new RemotePart(source, RemoteFile.fileName(source), downloaded));
                } else {
                    for (Selected selected : selection.select(source)) {
                        boolean unpack = spec.add() && spec.unpack().orElse(true) && selected.top().isRegularFile()
                                && from.fs.isContext() && Archives.isTar(from.fs.open(selected.top()));
                        fingerprint(from, selected, spec, inputs);
                        parts.add(new LocalPart(from.fs, selected, unpack));
                    }
                }
            }
            spec.inline().forEach((name, body) -> {
                byte[] data = body.getBytes(StandardCharsets.UTF_8);
                inputs.file("<<" + name, "inline " + Digest.sha256(data));
                parts.add(new InlinePart(name, data));
            });
            return new CopyOperation(spec, List.copyOf(parts), inputs, spool, store);
        } catch (IOException | RuntimeException e) {
            spool.close();
            throw e;
        }
    }

    /**
     * Whether every source is a path in what the step reads from (no URL, no git repository): then what it selects
     * depends on nothing else, and a memo of its key can be trusted (see {@link dev.lamina.builder.cache.StepMemos}).
     */
    public static boolean readsOnlyPaths(Spec spec) {
        return spec.sources().stream().noneMatch(source -> RemoteFile.isUrl(source)
                || GitSource.parse(source).isPresent() && !looksLocal(source));
    }

    /** Where a COPY reads: the build context, or a stage or image ({@code --from}). */
    public static final class SourceView {
        private final SourceFs fs;

        private SourceView(SourceFs fs) {
            this.fs = fs;
        }

        /** For the build context: logs what is looked at into {@code reads} until {@code null} is given. */
        public void logReadsTo(ReadLog reads) {
            if (fs instanceof ContextFs context) {
                context.logReadsTo(reads);
            }
        }

        /** The build context; {@code digests} spares reading files unchanged since the last build. */
        public static SourceView context(BuildContext context, Optional<ContextDigests> digests) {
            return new SourceView(new ContextFs(context, digests));
        }

        /** {@code description} names it in messages and inputs: {@code stage builder}, {@code image alpine:3}. */
        public static SourceView tree(FileTree tree, String description) {
            return new SourceView(new TreeFs(tree, description));
        }
    }

    /**
     * For a {@code --link} step with {@code --chown} by name: the ids the names stand for, as an input. Such a step's
     * key leaves out the layers below, yet the names are looked up in them.
     */
    public void addOwnerInput(Supplier<RootView> root) {
        if (spec.link() && spec.chown().filter(Ownership::needsNames).isPresent()) {
            Ownership owner = owner(spec.chown().get(), root);
            inputs.file("--chown=" + spec.chown().get(), owner.uid() + ":" + owner.gid());
        }
    }

    /** What the step read, for its cache key and for explaining a miss. */
    public StepInputs inputs() {
        return inputs;
    }

    /** The instruction as it affects the result (everything but the files it reads and the layers below). */
    public Digest operation() {
        return operation(spec);
    }

    /** {@link #operation()} of the step {@code spec} describes, before its sources are selected. */
    public static Digest operation(Spec spec) {
        return new KeyHasher("copy-v1")
                .add("keyword", spec.keyword())
                .add("sources", spec.sources())
                .add("inline", List.copyOf(spec.inline().keySet()))
                .add("destination", spec.destination())
                .add("chown", spec.chown().orElse(""))
                .add("chmod", spec.chmod().orElse(""))
                .add("link", spec.link())
                .add("parents", spec.parents())
                .add("excludes", spec.excludes())
                .add("checksum", spec.checksum().orElse(""))
                .add("keepGitDir", spec.keepGitDir())
                .add("unpack", spec.unpack().map(String::valueOf).orElse(""))
                .add("epoch", spec.epoch().map(Instant::toString).orElse(""))
                .digest();
    }

    /**
     * Places every source against {@code lower} (the stage's file system; ignored with {@code --link}, whose layer
     * stands on its own) and writes the layer.
     *
     * @param now the time given to directories this step makes (unless the source date epoch says otherwise)
     * @param root the stage's root, for {@code --chown} names
     */
    public LayerComposer.Written write(FileTree lower, Instant now, LayerOptions options, Supplier<RootView> root)
            throws IOException {
        Instant made = spec.epoch().orElse(now);
        Optional<Ownership> owner = spec.chown().map(c -> owner(c, root));
        Optional<ChmodSpec> chmod = spec.chmod().map(ChmodSpec::parse);
        Placement placement = new Placement(spec.link() ? FileTree.empty() : lower);
        TarEntry dirTemplate = TarEntry.builder("d", EntryType.DIRECTORY).mode(0755)
                .owner(owner.map(Ownership::uid).orElse(0L), owner.map(Ownership::gid).orElse(0L)).modTime(made)
                .build();
        Writer writer = new Writer(placement, owner, chmod, dirTemplate);
        List<LayerContents> contents = new ArrayList<>();
        try {
            for (Part part : parts) {
                String dest = TreePaths.of(spec.destination());
                boolean destIsDir = spec.destination().endsWith("/");
                placement.mkdirAll(placement.resolve(destIsDir ? dest : TreePaths.parent(dest), true), dirTemplate);
                String target = placement.resolve(dest, true);
                if (part instanceof LocalPart local) {
                    if (local.fs() instanceof TreeFs treeFs) {
                        LayerContents spooled = LayerContents.extract(store, treeFs.nodesOf(all(local.selected())));
                        contents.add(spooled);
                        treeFs.useContents(spooled);
                    }
                    if (local.unpack()) {
                        writer.unpack(target, local.fs(), local.selected().top());
                    } else {
                        writer.copy(target, local.fs(), local.selected());
                    }
                } else if (part instanceof RemotePart remote) {
                    RemoteFile.Downloaded file = remote.downloaded().isPresent() ? remote.downloaded().get()
                            : RemoteFile.fetch(remote.url(), spool, spec.checksum().map(CopyOperation::parseChecksum));
                    TarEntry meta = TarEntry.builder(remote.name(), EntryType.REGULAR).mode(0600)
                            .size(file.range().length()).modTime(spec.epoch().or(file::lastModified).orElse(now))
                            .build();
                    writer.file(target, remote.name(), meta, () -> spool.open(file.range()), file.range().digest());
                } else if (part instanceof GitPart git) {
                    Path dir = TempDirectories.create("lamina-add-git");
                    checkouts.add(dir);
                    git.source().checkout(dir, spec.keepGitDir());
                    Path top = git.source().within(dir);
                    ContextFs checkout = new ContextFs(top, IgnoreMatcher.empty(), "", "git " + git.source().remote(),
                            Optional.empty());
                    writer.copy(target, checkout, new Selection(checkout, List.of(), false).select("/").get(0));
                } else if (part instanceof InlinePart inline) {
                    TarEntry meta = TarEntry.builder(inline.name(), EntryType.REGULAR).mode(0644)
                            .size(inline.data().length).modTime(made).build();
                    writer.file(target, inline.name(), meta, () -> new ByteArrayInputStream(inline.data()),
                            Digest.sha256(inline.data()));
                }
            }
            return LayerComposer.write(placement, store, options);
        } finally {
            contents.forEach(LayerContents::close);
        }
    }

    @Override
    public void close() {
        spool.close();
        checkouts.forEach(TempDirectories::deleteQuietly);
    }

    /** Places entries with the instruction's owner, mode and time rules. */
    private final class Writer {
        private final Placement placement;
        private final Optional<Ownership> owner;
        private final Optional<ChmodSpec> chmod;
        private final TarEntry dirTemplate;
        private final Map<String, String> hardlinks = new HashMap<>();

        Writer(Placement placement, Optional<Ownership> owner, Optional<ChmodSpec> chmod, TarEntry dirTemplate) {
            this.placement = placement;
            this.owner = owner;
            this.chmod = chmod;
            this.dirTemplate = dirTemplate;
        }

        /** BuildKit's rules for one selected source at {@code dest} (resolved). */
        void copy(String dest, SourceFs fs, Selected selected) throws IOException {
            SourceEntry top = selected.top();
            if (selected.keepParents()) {
                placement.mkdirAll(dest, dirTemplate);
                String at = dest;
                for (SourceEntry dir : selected.parents()) {
                    at = TreePaths.child(at, TreePaths.name(dir.path()));
                    place(at, fs, dir);
                }
                String target = TreePaths.child(dest, selected.name());
                place(target, fs, top);
                copyContents(target, fs, selected);
                return;
            }
            if (top.isDirectory()) {
                Instant time = spec.epoch().orElse(top.meta().modTime());
                if (placement.isDirectory(dest)) {
                    if (!dest.isEmpty()) {
                        placement.touchDirectory(dest, time); // the directory keeps its metadata but the source's time
                    }
                } else {
                    placement.put(dest, dirTemplate.toBuilder().modTime(time).build(), Optional.empty(),
                            Optional.empty(), dirTemplate);
                }
                copyContents(dest, fs, selected);
                return;
            }
            String target = placement.isDirectory(dest) ? TreePaths.child(dest, selected.name()) : dest;
            place(target, fs, top);
        }

        private void copyContents(String target, SourceFs fs, Selected selected) throws IOException {
            String base = selected.top().path();
            for (SourceEntry entry : selected.contents()) {
                String rel = base.isEmpty() ? entry.path() : entry.path().substring(base.length() + 1);
                place(TreePaths.child(target, rel), fs, entry);
            }
        }

        /** A file-like source (download, heredoc) named {@code name}, at {@code dest} or in it. */
        void file(String dest, String name, TarEntry meta, Content content, Digest digest) {
            String target = placement.isDirectory(dest) ? TreePaths.child(dest, name) : dest;
            placement.put(target, adjust(meta), Optional.of(content), Optional.of(digest), dirTemplate);
        }

        /** ADD's local archive: its entries under {@code dest}, with the owners and modes the archive gives them. */
        void unpack(String dest, SourceFs fs, SourceEntry archive) throws IOException {
            placement.mkdirAll(dest, dirTemplate);
            try (InputStream raw = fs.open(archive)) {
                TarReader reader = new TarReader(Decompressors.open(raw).content());
                for (Optional<TarEntry> next = reader.next(); next.isPresent(); next = reader.next()) {
                    TarEntry entry = next.get();
                    String rel = TreePaths.of(entry.name());
                    if (rel.isEmpty()) {
                        continue;
                    }
                    if (LayerNames.isWhiteout(TreePaths.name(rel))) {
                        throw new BuildException("ADD: " + archive.path() + " holds a whiteout entry (" + entry.name()
                                + "), which lamina does not unpack");
                    }
                    String path = TreePaths.child(dest, rel);
                    TarEntry meta = entry.toBuilder().ownerNames("", "").modTime(spec.epoch()
                            .filter(e -> entry.modTime().isAfter(e)).orElse(entry.modTime())).build();
                    if (entry.type() == EntryType.HARDLINK) {
                        String target = TreePaths.child(dest, TreePaths.of(entry.linkName()));
                        meta = meta.toBuilder().linkName(target).build();
                        // one inode: extracting the link sets the owner, mode and time the target has too
                        placement.relink(target, meta);
                    }
                    if (entry.type() == EntryType.REGULAR) {
                        ContentSpool.Range range = spool.append(reader.content());
                        placement.put(path, meta, Optional.of(() -> spool.open(range)), Optional.of(range.digest()),
                                dirTemplate);
                    } else {
                        placement.put(path, meta, Optional.empty(), Optional.empty(), dirTemplate);
                    }
                }
            }
        }

        private void place(String path, SourceFs fs, SourceEntry entry) {
            TarEntry meta = adjust(entry.meta());
            if (entry.linkKey().isPresent()) {
                String first = hardlinks.putIfAbsent(entry.linkKey().get(), path);
                if (first != null) {
                    placement.put(path, meta.toBuilder().type(EntryType.HARDLINK).size(0).linkName(first).build(),
                            Optional.empty(), Optional.empty(), dirTemplate);
                    return;
                }
            }
            Optional<Content> content = entry.isRegularFile() ? Optional.of(() -> fs.open(entry)) : Optional.empty();
            placement.put(path, meta, content, entry.content(), dirTemplate);
        }

        /** The owner, mode and time a copied entry gets. */
        private TarEntry adjust(TarEntry meta) {
            TarEntry.Builder b = meta.toBuilder().ownerNames("", "");
            owner.ifPresent(o -> b.owner(o.uid(), o.gid()));
            if (chmod.isPresent() && meta.type() != EntryType.SYMLINK) {
                b.mode(chmod.get().apply(meta.mode(), meta.type() == EntryType.DIRECTORY));
            }
            spec.epoch().ifPresent(b::modTime);
            return b.build();
        }
    }

    private static List<SourceEntry> all(Selected selected) {
        List<SourceEntry> all = new ArrayList<>(selected.contents());
        all.add(selected.top());
        return all;
    }

    /** The fingerprints of everything a selected source reads. */
    private static void fingerprint(SourceView from, Selected selected, Spec spec, StepInputs inputs) {
        String prefix = from.fs.isContext() ? "" : from.fs.description() + ":/";
        boolean times = spec.epoch().isEmpty();
        for (SourceEntry entry : selected.parents()) {
            inputs.file(prefix + display(entry.path()), fingerprint(entry, times));
        }
        inputs.file(prefix + display(selected.top().path()), fingerprint(selected.top(), times));
        for (SourceEntry entry : selected.contents()) {
            inputs.file(prefix + entry.path(), fingerprint(entry, times));
        }
    }

    private static String display(String path) {
        return path.isEmpty() ? "." : path;
    }

    /** Everything about an entry a copy of it depends on: {@code 100644 0:0 12 2024-…Z sha256:…}. */
    private static String fingerprint(SourceEntry entry, boolean withTime) {
        TarEntry m = entry.meta();
        StringBuilder f = new StringBuilder(96).append(m.type().flag()).append(' ').append(Integer.toOctalString(m.mode()))
                .append(' ').append(m.uid()).append(':').append(m.gid()).append(' ').append(m.size());
        if (withTime) {
            f.append(' ').append(m.modTime().getEpochSecond()).append('.').append(m.modTime().getNano());
        }
        if (!m.linkName().isEmpty()) {
            f.append(" -> ").append(m.linkName());
        }
        if (m.type().isDevice()) {
            f.append(' ').append(m.devMajor()).append(',').append(m.devMinor());
        }
        entry.content().ifPresent(c -> f.append(' ').append(c.hex()));
        entry.linkKey().ifPresent(k -> f.append(" linked"));
        return f.toString();
    }

    private static Ownership owner(String chown, Supplier<RootView> root) {
        try {
            return Ownership.parse(chown, root);
        } catch (BuildException e) {
            throw new BuildException("--chown=" + chown + ": " + e.getMessage(), e);
        }
    }

    private static void checkFlags(Spec spec) {
        if (spec.checksum().isPresent()) {
            if (!spec.add()) {
                throw new BuildException("checksum can't be specified for COPY");
            }
            if (spec.sources().size() != 1) {
                throw new BuildException("checksum can't be specified for multiple sources");
            }
            String source = spec.sources().get(0);
            if (!RemoteFile.isUrl(source) && GitSource.parse(source).isEmpty()) {
                throw new BuildException("checksum requires HTTP(S) or Git sources");
            }
        }
        spec.chmod().ifPresent(ChmodSpec::parse);
    }

    private static Digest parseChecksum(String text) {
        try {
            return Digest.parse(text);
        } catch (RuntimeException e) {
            throw new BuildException("invalid checksum " + text + ": " + e.getMessage());
        }
    }

    /** BuildKit treats a path that could also be a local file name (no scheme, no {@code git@}) as local. */
    private static boolean looksLocal(String source) {
        return !source.contains("://") && !source.startsWith("git@");
    }
}
