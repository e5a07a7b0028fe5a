package id.dicomgateway.relay.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import id.dicomgateway.relay.files.TempArea;
import id.dicomgateway.relay.files.TempConfig;
import id.dicomgateway.relay.files.Workspace;
import id.dicomgateway.relay.jobs.FailureCode;
import id.dicomgateway.relay.outcome.RelayException;
import io.quarkus.runtime.configuration.MemorySize;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TempAreaTest {
    @TempDir
    Path root;

    private TempArea area(long limit) {
        return new TempArea(new TempConfig() {
            public Path dir() {
                return root;
            }

            public MemorySize maxRequestSize() {
                return new MemorySize(BigInteger.valueOf(limit));
            }
        });
    }

    @Test
    void aWorkspaceIsARandomDirectoryRemovedOnClose() throws IOException {
        TempArea area = area(1 << 20);
        Workspace a = area.open();
        Workspace b = area.open();
        assertThat(a.dir().getParent()).isEqualTo(root);
        assertThat(a.dir().getFileName().toString()).startsWith("gw-req-").hasSize("gw-req-".length() + 24);
        assertThat(a.dir()).isNotEqualTo(b.dir());
        Path f = a.newFile("in");
        assertThat(f.getParent()).isEqualTo(a.dir());
        try (OutputStream out = a.create(f)) {
            out.write(new byte[1000]);
        }
        assertThat(area.activeCount()).isEqualTo(2);
        a.close();
        a.close(); // twice is fine
        assertThat(a.dir()).doesNotExist();
        assertThat(area.activeCount()).isEqualTo(1);
        assertThatThrownBy(() -> a.newFile("in")).isInstanceOf(Workspace.WorkspaceClosedException.class);
        b.close();
    }

    @Test
    void writingPastTheLimitIsTooLarge() throws IOException {
        TempArea area = area(10_000);
        try (Workspace ws = area.open()) {
            try (OutputStream out = ws.create(ws.newFile("a"))) {
                out.write(new byte[6000]);
            }
            assertThatThrownBy(() -> {
                try (OutputStream out = ws.create(ws.newFile("b"))) {
                    out.write(new byte[6000]);
                }
            }).isInstanceOfSatisfying(RelayException.class, e -> assertThat(e.code()).isEqualTo(FailureCode.TOO_LARGE));
        }
    }

    @Test
    void purgeRemovesOnlyOurIdleDirectories() throws IOException {
        TempArea area = area(1 << 20);
        Path leftover = Files.createDirectories(root.resolve("gw-req-0123456789abcdef01234567"));
        Files.write(leftover.resolve("pacs-1.dcm"), new byte[500]);
        Path foreign = Files.createDirectories(root.resolve("someone-elses"));
        Path foreignFile = Files.writeString(root.resolve("gw-req-but-a-file"), "x");
        try (Workspace busy = area.open()) {
            Files.write(busy.newFile("x"), new byte[10]);
            TempArea.Purge p = area.purge();
            assertThat(p.directories()).isEqualTo(1);
            assertThat(p.bytes()).isEqualTo(500);
            assertThat(p.inUse()).isEqualTo(1);
            assertThat(leftover).doesNotExist();
            assertThat(busy.dir()).exists();
            assertThat(foreign).exists();
            assertThat(foreignFile).exists();
        }
    }

    @Test
    void leftoversAreSweptAtStart() throws IOException {
        Path leftover = Files.createDirectories(root.resolve("gw-req-aaaaaaaaaaaaaaaaaaaaaaaa/deeper"));
        Files.write(leftover.resolve("f"), new byte[10]);
        Path converted = Files.createDirectories(root.resolve("gw-convert"));
        Files.write(converted.resolve("dimse-1.dataset"), new byte[10]);
        area(1 << 20).onStart(null);
        assertThat(root.resolve("gw-req-aaaaaaaaaaaaaaaaaaaaaaaa")).doesNotExist();
        assertThat(converted).isEmptyDirectory();
    }
}
