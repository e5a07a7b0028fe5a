package id.dicomgateway.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import id.dicomgateway.relay.UploadRelay;
import id.dicomgateway.relay.files.Bombs;
import id.dicomgateway.relay.files.DiskQuota;
import id.dicomgateway.relay.files.Spool;
import id.dicomgateway.relay.files.SpoolConfig;
import id.dicomgateway.relay.files.TempArea;
import id.dicomgateway.relay.files.TempConfig;
import id.dicomgateway.relay.files.UploadedFiles;
import id.dicomgateway.relay.files.Workspace;
import id.dicomgateway.relay.jobs.FailureCode;
import id.dicomgateway.relay.outcome.RelayException;
import io.quarkus.runtime.configuration.MemorySize;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 23 item 7 (row 8): the disk cannot be exhausted. A ZIP bomb is refused while it expands, after
 * writing a bounded amount; all requests together stay under the temporary area's quota, the spool
 * under its own; a full volume is INSUFFICIENT_STORAGE; whatever happens, nothing is left behind.
 */
class DiskQuotaTest {
    @TempDir
    Path root;

    private TempConfig temp(long perRequest) {
        return new TempConfig() {
            public Path dir() {
                return root.resolve("temp");
            }

            public MemorySize maxRequestSize() {
                return new MemorySize(BigInteger.valueOf(perRequest));
            }
        };
    }

    private static void write(Workspace ws, int bytes) throws IOException {
        try (OutputStream out = ws.create(ws.newFile("in"))) {
            out.write(new byte[bytes]);
        }
    }

    /** The row 8: a few megabytes of ZIP holding gigabytes of zeros. */
    @Test
    void aZipBombIsRefusedWhileItExpandsAfterWritingAtMostAHundredTimesItsSize() throws IOException {
        long entry = 3L << 30; // 3 GiB of zeros, as the tester sent
        Path zip = Bombs.zerosZip(root.resolve("bomb.zip"), "zeros.dcm", entry);
        long zipSize = Files.size(zip);
        assertThat(zipSize).as("a few MB").isLessThan(8L << 20);
        TempArea area = new TempArea(temp(8L << 30), new DiskQuota("temporary area", "GATEWAY_TEMP_QUOTA", 8L << 30));
        Workspace ws = area.open();
        Path uploaded = ws.newFile("upload");
        Files.copy(zip, uploaded);
        List<UploadedFiles.File> out = new ArrayList<>();

        assertThatThrownBy(() -> UploadRelay.expand(ws, new UploadedFiles.File("'bomb.zip'", uploaded), out))
                .isInstanceOfSatisfying(RelayException.class, e -> {
                    assertThat(e.code()).isEqualTo(FailureCode.TOO_LARGE);
                    assertThat(e.getMessage()).contains("'bomb.zip'", "100 times", "ZIP bomb", "nothing was sent");
                });

        assertThat(ws.bytesWritten()).as("written before the refusal")
                .isLessThanOrEqualTo(Math.max(UploadRelay.EXPANSION_FLOOR, zipSize * UploadRelay.MAX_EXPANSION) + (128 << 10));
        assertThat(area.quota().used()).isEqualTo(ws.bytesWritten());
        ws.close();
        assertThat(ws.dir()).doesNotExist();
        assertThat(area.quota().used()).as("released with the directory").isZero();
    }

    @Test
    void aZipEntryPastTheRequestsRemainingAllowanceIsRefusedWhileItStreams() throws IOException {
        byte[] noise = new byte[12 << 20];
        new Random(7).nextBytes(noise); // does not deflate: the ratio is not what stops it
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            z.putNextEntry(new ZipEntry("big.dcm"));
            z.write(noise);
            z.closeEntry();
        }
        TempArea area = new TempArea(temp(16 << 20), new DiskQuota("temporary area", "GATEWAY_TEMP_QUOTA", 1L << 30));
        try (Workspace ws = area.open()) {
            Path uploaded = ws.newFile("upload");
            try (OutputStream o = ws.create(uploaded)) {
                o.write(bytes.toByteArray()); // 12 MiB of the 16 written by the upload itself
            }
            assertThatThrownBy(() -> UploadRelay.expand(ws, new UploadedFiles.File("'big.zip'", uploaded), new ArrayList<>()))
                    .isInstanceOfSatisfying(RelayException.class, e -> {
                        assertThat(e.code()).isEqualTo(FailureCode.TOO_LARGE);
                        assertThat(e.getMessage()).contains("TEMP_MAX_REQUEST_SIZE");
                    });
            assertThat(ws.bytesWritten()).isLessThanOrEqualTo(16 << 20);
        }
        assertThat(area.quota().used()).isZero();
    }

    @Test
    void allRequestsTogetherStayUnderTheTempQuotaAndTheSpaceComesBackWhenOneEnds() throws IOException {
        TempArea area = new TempArea(temp(80_000), new DiskQuota("temporary area", "GATEWAY_TEMP_QUOTA", 100_000));
        Workspace first = area.open();
        write(first, 60_000);
        try (Workspace second = area.open()) {
            assertThatThrownBy(() -> write(second, 50_000))
                    .as("each under its own allowance, together over the quota")
                    .isInstanceOfSatisfying(RelayException.class, e -> {
                        assertThat(e.code()).isEqualTo(FailureCode.INSUFFICIENT_STORAGE);
                        assertThat(e.getMessage()).contains("GATEWAY_TEMP_QUOTA", "Nothing was sent");
                    });
            first.close();
            assertThat(area.quota().used()).isLessThanOrEqualTo(50_000);
            write(second, 50_000);
        }
        assertThat(area.quota().used()).isZero();
    }

    @Test
    void theSpoolRefusesAJobPastItsQuotaAndLeavesItsFilesWhereTheyWere() throws IOException {
        DiskQuota quota = new DiskQuota("spool", "GATEWAY_SPOOL_QUOTA", 10_000);
        Spool spool = new Spool(new SpoolConfig() {
            public Path dir() {
                return root.resolve("spool");
            }

            public Duration sweepInterval() {
                return Duration.ofMinutes(10);
            }

            public Duration sweepGrace() {
                return Duration.ofMinutes(5);
            }
        }, quota, null, null);
        Path a = Files.write(root.resolve("a"), new byte[6000]);
        Path b = Files.write(root.resolve("b"), new byte[6000]);
        Spool.Taken taken = spool.take(List.of(a));
        assertThat(quota.used()).isEqualTo(6000);

        assertThatThrownBy(() -> spool.take(List.of(b))).isInstanceOfSatisfying(RelayException.class, e -> {
            assertThat(e.code()).isEqualTo(FailureCode.INSUFFICIENT_STORAGE);
            assertThat(e.getMessage()).contains("spool", "GATEWAY_SPOOL_QUOTA");
        });
        assertThat(b).as("not moved").exists();

        spool.release(taken.location());
        assertThat(quota.used()).isZero();
        spool.take(List.of(b));
        assertThat(quota.used()).isEqualTo(6000);
    }

    /** The JDK says ENOSPC only in words: what /dev/full answers is what a full volume answers. */
    @Test
    void aFullVolumeIsRecognisedFromTheJdksOwnException() {
        Path full = Path.of("/dev/full");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isWritable(full), "no /dev/full");
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> {
            try (OutputStream out = Files.newOutputStream(full)) {
                out.write(new byte[4096]);
                out.flush();
            }
        });
        assertThat(DiskQuota.isDiskFull(e)).isTrue();
        assertThat(DiskQuota.isDiskFull(new java.io.UncheckedIOException(e))).isTrue();
        assertThat(DiskQuota.isDiskFull(new IOException("Connection reset by peer"))).isFalse();
        assertThat(DiskQuota.diskFull("temporary area", e).code()).isEqualTo(FailureCode.INSUFFICIENT_STORAGE);
    }
}
