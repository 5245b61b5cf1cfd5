package dev.lamina.builder.copy;

import dev.lamina.builder.fs.FileNode;
import dev.lamina.builder.fs.FileTree;
import dev.lamina.builder.fs.LayerContents;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The file system of a stage or image as {@code COPY --from} sees it: its file tree, owners as they are there, and
 * content spooled from its layers once the files to copy are known ({@link #useContents}).
 */
final class TreeFs implements SourceFs {
    private final FileTree tree;
    private final String description;
    private final Map<String, FileNode> nodes = new ConcurrentHashMap<>();
    private LayerContents contents;

    TreeFs(FileTree tree, String description) {
        this.tree = tree;
        this.description = description;
    }

    @Override
    public Optional<SourceEntry> lstat(String path) {
        if (path.isEmpty()) {
            return Optional.of(new SourceEntry("", dev.lamina.tarball.tar.TarEntry.directory("./"), Optional.empty(),
                    Optional.empty()));
        }
        return tree.get(path).map(this::entry);
    }

    @Override
    public String resolve(String path) {
        return tree.resolve(path, true);
    }

    @Override
    public List<SourceEntry> children(String dir) {
        List<SourceEntry> out = new ArrayList<>();
        for (FileNode node : tree.children(dir)) {
            out.add(entry(node));
        }
        return out;
    }

    @Override
    public InputStream open(SourceEntry entry) throws IOException {
        return contents.open(nodes.get(entry.path()));
    }

    /** The nodes of the regular files among {@code entries}, whose content a layer will need. */
    List<FileNode> nodesOf(List<SourceEntry> entries) {
        List<FileNode> out = new ArrayList<>();
        for (SourceEntry e : entries) {
            FileNode node = nodes.get(e.path());
            if (node != null && node.isRegularFile()) {
                out.add(node);
            }
        }
        return out;
    }

    void useContents(LayerContents value) {
        contents = value;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public boolean isContext() {
        return false;
    }

    private SourceEntry entry(FileNode node) {
        nodes.put(node.path(), node);
        return new SourceEntry(node.path(), node.entry(), node.content(), Optional.empty());
    }
}
