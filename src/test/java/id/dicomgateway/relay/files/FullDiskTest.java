package id.dicomgateway.relay.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import id.dicomgateway.relay.files.DiskQuota;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A real full file system, not a quota: the volume under TEMP_DIR fills while a request writes, and
 * the answer is INSUFFICIENT_STORAGE (507) with what to do, not an internal error; the request's
 * directory goes and its reservation with it. Needs a small file system of its own, never the
 * shared disk: runs only when FULL_DISK_DIR names one, e.g. a 2 MiB tmpfs in a mount namespace:
 *
 * <pre>
 * mkdir -p /tmp/gw-full &amp;&amp; unshare -rm sh -c 'mount -t tmpfs -o size=2m tmpfs /tmp/gw-full &amp;&amp; \
 *   FULL_DISK_DIR=/tmp/gw-full ./mvnw -o -B -q test -Dtest=FullDiskTest -Ddicom.fuzz.skip=true -Dpeers.skip=true'
 * </pre>
 */
class FullDiskTest {

    @Test
    void aFullVolumeIsInsufficientStorageAndTheRequestLeavesNothing() throws IOException {
        String dir = System.getenv("FULL_DISK_DIR");
        assumeTrue(dir != null && !dir.isBlank(), "FULL_DISK_DIR not set: no small file system to fill");
        Path root = Path.of(dir).resolve("temp");
        long free = Files.getFileStore(Path.of(dir)).getUsableSpace();
        assumeTrue(free < (64L << 20), "FULL_DISK_DIR must be a small file system of its own, has " + free + " bytes free");
        TempArea area = new TempArea(new TempConfig() {
            public Path dir() {
                return root;
            }

            public MemorySize maxRequestSize() {
                return new MemorySize(BigInteger.valueOf(1L << 30));
            }
        }, new DiskQuota("temporary area", "GATEWAY_TEMP_QUOTA", 1L << 30)); // larger than the volume: the volume fills first
        Workspace ws = area.open();
        assertThatThrownBy(() -> {
            try (OutputStream out = ws.create(ws.newFile("in"))) {
                byte[] chunk = new byte[64 << 10];
                for (long n = 0; n < (1L << 30); n += chunk.length) {
                    out.write(chunk);
                }
            }
        }).isInstanceOfSatisfying(RelayException.class, e -> {
            assertThat(e.code()).isEqualTo(FailureCode.INSUFFICIENT_STORAGE);
            assertThat(e.getMessage()).contains("no space left on device", "Nothing was sent");
        });
        ws.close();
        assertThat(area.quota().used()).isZero();
        try (Stream<Path> left = Files.list(root)) {
            assertThat(left).as("request directories left").isEmpty();
        }
    }
}
