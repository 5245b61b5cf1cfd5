package dev.lamina.builder.context;

import dev.lamina.builder.BuildException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.FetchConnection;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * A git repository named as Docker names one, {@code https://host/repo.git#ref:subdir}, fetched with JGit (no git
 * binary needed): for a build context, and for {@code ADD <git URL>}.
 *
 * @param remote the URL without the fragment
 * @param ref a branch, tag or commit; the remote's default branch when empty
 * @param subdir a directory of the repository to use instead of its top
 */
public record GitSource(String remote, Optional<String> ref, Optional<String> subdir) {
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");

    /**
     * Parses {@code text} when it names a git repository as BuildKit recognises one: {@code git@host:path},
     * {@code git://…}, {@code ssh://…}, or an http(s) URL whose path ends in {@code .git}; with an optional
     * {@code #ref[:subdir]}.
     */
    public static Optional<GitSource> parse(String text) {
        int hash = text.indexOf('#');
        String remote = hash < 0 ? text : text.substring(0, hash);
        String fragment = hash < 0 ? "" : text.substring(hash + 1);
        boolean git = remote.startsWith("git@") || remote.startsWith("git://") || remote.startsWith("ssh://")
                || (remote.startsWith("https://") || remote.startsWith("http://"))
                && stripQuery(remote).endsWith(".git");
        if (!git) {
            return Optional.empty();
        }
        int colon = fragment.indexOf(':');
        String ref = colon < 0 ? fragment : fragment.substring(0, colon);
        String subdir = colon < 0 ? "" : fragment.substring(colon + 1);
        return Optional.of(new GitSource(remote, Optional.of(ref).filter(r -> !r.isEmpty()),
                Optional.of(subdir).filter(s -> !s.isEmpty() && !s.equals(".") && !s.equals("/"))));
    }

    /** The commit {@code ref} names now, asked of the remote without fetching anything (for cache keys). */
    public String resolveCommit() {
        if (ref.isPresent() && COMMIT.matcher(ref.get()).matches()) {
            return ref.get();
        }
        // ls-remote through a throwaway in-memory repository: the dumb HTTP transport needs one to talk at all
        try (Repository scratch = new InMemoryRepository(new DfsRepositoryDescription("ls-remote"));
             Transport transport = Transport.open(scratch, new URIish(remote));
             FetchConnection connection = transport.openFetch()) {
            Map<String, Ref> refs = connection.getRefsMap();
            for (String candidate : candidates()) {
                Ref found = refs.get(candidate);
                if (found != null) {
                    ObjectId id = found.getPeeledObjectId() != null ? found.getPeeledObjectId() : found.getObjectId();
                    return id.name();
                }
            }
            throw new BuildException("git repository " + remote + " has no " + ref.map(r -> "ref " + r)
                    .orElse("HEAD"));
        } catch (URISyntaxException | IOException e) {
            throw new BuildException("cannot reach git repository " + remote + ": " + e.getMessage(), e);
        }
    }

    /**
     * Clones the repository into {@code dir} and checks out the ref. Every file gets the commit's time as its
     * modification time, so that the same commit always gives the same files (and cache hits). The {@code .git}
     * directory is removed unless {@code keepGitDir}.
     *
     * @return the commit checked out
     */
    public String checkout(Path dir, boolean keepGitDir) throws IOException {
        try (Git git = Git.cloneRepository().setURI(remote).setDirectory(dir.toFile()).setNoCheckout(true)
                .setCloneAllBranches(true).call()) {
            Repository repository = git.getRepository();
            ObjectId commitId = null;
            for (String candidate : ref.isPresent() ? localCandidates() : new String[] {"HEAD"}) {
                commitId = repository.resolve(candidate + "^{commit}");
                if (commitId != null) {
                    break;
                }
            }
            if (commitId == null) {
                throw new BuildException("git repository " + remote + " has no ref " + ref.orElse("HEAD"));
            }
            git.checkout().setName(commitId.name()).call();
            Instant time;
            try (RevWalk walk = new RevWalk(repository)) {
                RevCommit commit = walk.parseCommit(commitId);
                time = Instant.ofEpochSecond(commit.getCommitTime());
            }
            if (!keepGitDir) {
                repository.close();
                TempDirectories.deleteQuietly(dir.resolve(".git"));
            }
            setTimes(dir, time);
            return commitId.name();
        } catch (GitAPIException e) {
            throw new BuildException("cannot clone git repository " + remote + ": " + e.getMessage(), e);
        }
    }

    /** The directory to use inside a checkout at {@code dir}. */
    public Path within(Path dir) {
        if (subdir.isEmpty()) {
            return dir;
        }
        Path sub = dir.resolve(subdir.get().replaceAll("^/+", "")).normalize();
        if (!sub.startsWith(dir) || !Files.isDirectory(sub, LinkOption.NOFOLLOW_LINKS)) {
            throw new BuildException("git repository " + remote + " has no directory " + subdir.get());
        }
        return sub;
    }

    private String[] candidates() {
        if (ref.isEmpty()) {
            return new String[] {"HEAD"};
        }
        String r = ref.get();
        return new String[] {"refs/heads/" + r, "refs/tags/" + r, r};
    }

    private String[] localCandidates() {
        String r = ref.orElseThrow();
        return new String[] {"refs/remotes/origin/" + r, "refs/tags/" + r, r};
    }

    private static String stripQuery(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    private static void setTimes(Path dir, Instant time) throws IOException {
        FileTime fileTime = FileTime.from(time);
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!attrs.isSymbolicLink()) {
                    Files.setLastModifiedTime(file, fileTime);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.setLastModifiedTime(d, fileTime);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
