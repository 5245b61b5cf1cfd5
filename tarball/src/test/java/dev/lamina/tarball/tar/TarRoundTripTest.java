package dev.lamina.tarball.tar;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarRoundTripTest {
    @TempDir
    Path dir;

    @Test
    void everyEntryTypeSurvivesAWriteAndARead() throws IOException {
        List<TarEntry> entries = List.of(
                TarEntry.directory("etc/").toBuilder().modTime(Instant.ofEpochSecond(1_700_000_000)).build(),
                TarEntry.file("etc/passwd", 5).toBuilder().owner(0, 0).mode(0644).build(),
                TarEntry.symlink("etc/link", "/etc/passwd"),
                TarEntry.hardlink("etc/hard", "etc/passwd"),
                TarEntry.builder("dev/null", EntryType.CHAR_DEVICE).mode(0666).device(1, 3).build(),
                TarEntry.builder("dev/sda", EntryType.BLOCK_DEVICE).mode(0660).device(8, 0).build(),
                TarEntry.builder("run/fifo", EntryType.FIFO).mode(0600).build(),
                TarEntry.file("usr/bin/su", 0).toBuilder().mode(04755).build());
        byte[] tar = write(entries, "hello");
        assertThat(readAll(tar)).containsExactlyElementsOf(entries);
    }

    @Test
    void longNamesLargeIdsAndXattrsGoThroughPaxRecords() throws IOException {
        String longName = "a/".repeat(120) + "file-with-a-long-name";
        TarEntry entry = TarEntry.file(longName, 0).toBuilder()
                .owner(5_000_000, 4_000_000)
                .ownerNames("a-user-name-that-is-longer-than-thirty-two-bytes", "g")
                .linkName("")
                .xattr("security.capability", new byte[] {1, 0, 0, 2, 0, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})
                .xattr("user.note", "ünïcode".getBytes(StandardCharsets.UTF_8))
                .modTime(Instant.ofEpochSecond(-5))
                .build();
        TarEntry link = TarEntry.symlink("ünïcode-link", "t".repeat(300));
        byte[] tar = write(List.of(entry, link), "");
        assertThat(readAll(tar)).containsExactly(entry, link);
    }

    @Test
    void aNameOfUpTo255BytesUsesTheUstarPrefixInsteadOfPax() throws IOException {
        String name = "d".repeat(150) + "/" + "f".repeat(99);
        byte[] tar = write(List.of(TarEntry.file(name, 0)), "");
        assertThat(new String(tar, 0, 512, StandardCharsets.US_ASCII)).doesNotContain("PaxHeaders");
        assertThat(readAll(tar)).extracting(TarEntry::name).containsExactly(name);
    }

    @Test
    void aSizeBeyondEightGibibytesIsRecordedInPax() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TarWriter writer = new TarWriter(out);
        long size = 9L * 1024 * 1024 * 1024;
        writer.begin(TarEntry.file("huge", size));
        byte[] header = out.toByteArray();
        String text = new String(header, StandardCharsets.US_ASCII);
        assertThat(text).contains("size=" + size + "\n");
        TarReader reader = new TarReader(new ByteArrayInputStream(header));
        assertThat(reader.next()).map(TarEntry::size).contains(size);
    }

    @Test
    void aSizePutInAfterTheContentGivesTheSameBytesAsASizeKnownBefore() throws IOException {
        byte[] content = "seventeen bytes!\n".getBytes(StandardCharsets.UTF_8);
        TarEntry entry = TarEntry.file("layer.tar", content.length).toBuilder()
                .modTime(Instant.ofEpochSecond(1_700_000_000)).build();
        byte[] known = write(List.of(TarEntry.directory("d/"), entry), "seventeen bytes!\n");

        byte[] patched = writeSizedLater(entry.toBuilder().size(0).build(), content);

        assertThat(patched).isEqualTo(known);
    }

    @Test
    void aSizePutInAfterTheContentBeyondElevenOctalDigitsIsWrittenInBase256() throws IOException {
        long size = 9L * 1024 * 1024 * 1024;
        InputStream nineGiB = new InputStream() { // zeros, without filling any buffer: only the count matters
            long left = size;

            @Override
            public int read() {
                return left-- > 0 ? 0 : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left == 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                left -= n;
                return n;
            }
        };
        TarWriter writer = new TarWriter(OutputStream.nullOutputStream());
        byte[][] header = new byte[1][];

        writer.writeSizedLater(TarEntry.file("big", 0), nineGiB, (position, bytes) -> header[0] = bytes);

        assertThat(header[0][HeaderBlock.SIZE_FIELD] & 0xff).isEqualTo(0x80);
        TarReader reader = new TarReader(new ByteArrayInputStream(header[0]));
        assertThat(reader.next()).map(TarEntry::size).contains(size);
    }

    /** Writes a directory entry, then {@code entry} with its size put in afterwards, then the end marker. */
    private static byte[] writeSizedLater(TarEntry entry, byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TarWriter writer = new TarWriter(out);
        writer.write(TarEntry.directory("d/"));
        long[] patchedAt = {-1};
        byte[][] patch = new byte[1][];
        long size = writer.writeSizedLater(entry, new ByteArrayInputStream(content), (position, bytes) -> {
            patchedAt[0] = position;
            patch[0] = bytes;
        });
        writer.finish();
        assertThat(size).isEqualTo(content.length);
        byte[] bytes = out.toByteArray();
        System.arraycopy(patch[0], 0, bytes, (int) patchedAt[0], patch[0].length);
        return bytes;
    }

    @Test
    void largeDeviceNumbersUseBase256() throws IOException {
        TarEntry device = TarEntry.builder("dev/big", EntryType.CHAR_DEVICE).device(4095, 1_048_575 * 4L).build();
        assertThat(readAll(write(List.of(device), ""))).containsExactly(device);
    }

    @Test
    void gnuTarListsWhatLaminaWrites() throws IOException, InterruptedException {
        TarEntry file = TarEntry.file("x/" + "n".repeat(200), 5).toBuilder().owner(3_000_000, 7).build();
        Path tar = dir.resolve("t.tar");
        Files.write(tar, write(List.of(TarEntry.directory("x/"), file), "hello"));
        Process p = new ProcessBuilder("tar", "--numeric-owner", "-tvf", tar.toString()).redirectErrorStream(true).start();
        String listing = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(listing).isZero();
        assertThat(listing).contains("3000000/7").contains("n".repeat(200));
    }

    @Test
    void laminaReadsWhatGnuTarWritesIncludingLongNamesInGnuFormat() throws IOException, InterruptedException {
        Path src = Files.createDirectories(dir.resolve("src/" + "deep/".repeat(30)));
        Files.writeString(src.resolve("f".repeat(120)), "content");
        Path tar = dir.resolve("gnu.tar");
        Process p = new ProcessBuilder("tar", "--format=gnu", "-cf", tar.toString(), "-C", dir.resolve("src").toString(), ".")
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).isZero();
        List<TarEntry> entries = readAll(Files.readAllBytes(tar));
        assertThat(entries).extracting(TarEntry::name).contains("./" + "deep/".repeat(30) + "f".repeat(120));
    }

    static byte[] write(List<TarEntry> entries, String content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarWriter writer = new TarWriter(out)) {
            for (TarEntry e : entries) {
                if (e.size() > 0) {
                    writer.write(e, new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)));
                } else {
                    writer.write(e);
                }
            }
        }
        return out.toByteArray();
    }

    static List<TarEntry> readAll(byte[] tar) throws IOException {
        List<TarEntry> entries = new ArrayList<>();
        TarReader reader = new TarReader(new ByteArrayInputStream(tar));
        for (Optional<TarEntry> e = reader.next(); e.isPresent(); e = reader.next()) {
            entries.add(e.get());
        }
        return entries;
    }
}
