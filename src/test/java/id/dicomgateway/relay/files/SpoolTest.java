package id.dicomgateway.relay.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import id.dicomgateway.relay.files.Spool;
import id.dicomgateway.relay.files.SpoolConfig;
import id.dicomgateway.relay.files.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spool's files: moved in by rename on one file system, streamed from another; locations that are not its own are refused. */
class SpoolTest {
    @TempDir
    Path dir;

    private Spool spool(Path root) {
        return new Spool(new SpoolConfig() {
            @Override
            public Path dir() {
                return root;
            }

            @Override
            public Duration sweepInterval() {
                return Duration.ofMinutes(10);
            }

            @Override
            public Duration sweepGrace() {
                return Duration.ofMinutes(5);
            }
        }, null, null);
    }

    @Test
    void onOneFileSystemTheFilesAreRenamedInOrderAndStayUntilReleased() throws IOException {
        Spool spool = spool(dir.resolve("spool"));
        Path a = Files.writeString(dir.resolve("b-first"), "first");
        Path b = Files.writeString(dir.resolve("a-second"), "second");
        Object inode = Files.getAttribute(a, "unix:ino");

        Spool.Taken taken = spool.take(List.of(a, b));

        assertThat(a).doesNotExist();
        assertThat(b).doesNotExist();
        assertThat(spool.copiedBytes()).as("renamed, not copied").isZero();
        assertThat(Files.getAttribute(taken.files().get(0), "unix:ino")).isEqualTo(inode);
        assertThat(spool.files(taken.location())).containsExactlyElementsOf(taken.files());
        assertThat(Files.readString(spool.files(taken.location()).get(1))).as("in the order given").isEqualTo("second");
        assertThat(spool.release(taken.location())).isTrue();
        assertThat(spool.files(taken.location())).isEmpty();
        assertThat(spool.release(taken.location())).isFalse();
    }

    @Test
    void fromAnotherFileSystemTheFilesAreStreamedAndTheOriginalsRemoved() throws IOException {
        Path shm = Path.of("/dev/shm");
        assumeTrue(Files.isWritable(shm) && !Files.getFileStore(shm).equals(Files.getFileStore(dir)), "no second file system");
        Path other = Files.createTempDirectory(shm, "spooltest");
        try {
            Path f = Files.write(other.resolve("instance"), new byte[70_000]);
            Spool spool = spool(dir.resolve("spool"));
            Spool.Taken taken = spool.take(List.of(f));
            assertThat(f).doesNotExist();
            assertThat(spool.copiedBytes()).isEqualTo(70_000);
            assertThat(Files.size(taken.files().get(0))).isEqualTo(70_000);
        } finally {
            Workspace.deleteTree(other);
        }
    }

    @Test
    void aLocationThatIsNotTheSpoolsOwnIsNeverUsedAsAPath() throws IOException {
        Spool spool = spool(dir.resolve("spool"));
        Files.createDirectories(dir.resolve("victim"));
        Files.writeString(dir.resolve("victim/keep"), "x");
        assertThat(spool.files("../victim")).isEmpty();
        assertThat(spool.release("../victim")).isFalse();
        assertThat(spool.release(null)).isFalse();
        assertThat(dir.resolve("victim/keep")).exists();
    }

    @Test
    void theNodeNameStaysWithTheDirectory() {
        String first = spool(dir.resolve("spool")).node();
        assertThat(spool(dir.resolve("spool")).node()).as("the same directory opened again: the same node").isEqualTo(first);
        assertThat(spool(dir.resolve("other")).node()).isNotEqualTo(first);
        assertThat(first).matches("[A-Za-z0-9._-]+");
    }
}
