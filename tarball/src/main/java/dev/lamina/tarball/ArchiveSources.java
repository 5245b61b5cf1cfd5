package dev.lamina.tarball;

import dev.lamina.image.copy.ImageSource;
import dev.lamina.tarball.archive.ArchiveContents;
import dev.lamina.tarball.archive.ImageArchives;
import dev.lamina.tarball.docker.DockerArchiveSource;
import dev.lamina.tarball.oci.OciLayoutSource;
import java.io.IOException;

/** Opens an image archive as a copy source, whichever format it turns out to be ({@code load} needs this). */
public final class ArchiveSources {
    private ArchiveSources() {
    }

    /** A docker-archive (Docker 25+'s combined format included) or an oci-archive, told apart by content. */
    public static ImageSource detect(ArchiveContents archive) throws IOException {
        ImageArchives.Format format;
        try {
            format = ImageArchives.format(archive);
        } catch (RuntimeException e) {
            archive.close();
            throw e;
        }
        return format == ImageArchives.Format.DOCKER ? DockerArchiveSource.open(archive) : OciLayoutSource.open(archive);
    }
}
