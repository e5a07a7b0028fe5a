package id.dicomgateway.receive;

import static org.assertj.core.api.Assertions.assertThat;

import id.dicomgateway.relay.files.DiskQuota;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 23 item 7: received associations share the temporary area's quota with every request. An
 * instance that does not fit is answered A700 "Refused: Out of Resources" (PS3.4 B.2.3), which a
 * sender keeps and retries; its file is gone; the space comes back when a study's files go.
 */
class ReceiveQuotaTest {
    @TempDir
    Path dir;

    private static Path corpus(String name) {
        return Path.of(System.getProperty("corpus.dir", "../shared/dicom-corpus")).resolve("files").resolve(name);
    }

    private Path copy(String name, String as) throws IOException {
        return Files.copy(corpus(name), dir.resolve(as));
    }

    @Test
    void anInstancePastTheQuotaIsAnsweredA700AndItsFileRemoved() throws IOException {
        long one = Files.size(corpus("CT_small.dcm"));
        DiskQuota quota = new DiskQuota("temporary area", "GATEWAY_TEMP_QUOTA", one + 5000); // MR_small (9830) does not fit beside it
        ReceivedStudies studies = new ReceivedStudies(dir.resolve("studies"), Duration.ofMinutes(1), Duration.ofMinutes(1), 10,
                Rules.none(), null, null, Clock.systemUTC(), quota);
        studies.open();

        Path first = copy("CT_small.dcm", "incoming-1.dcm");
        assertThat(studies.arrived("a1", "PACS", first, one, null)).isEqualTo(ReceivedStudies.SUCCESS);
        assertThat(quota.used()).isEqualTo(one);

        Path second = copy("MR_small.dcm", "incoming-2.dcm");
        assertThat(studies.arrived("a1", "PACS", second, Files.size(second), null)).as("C-STORE status")
                .isEqualTo(0xA700);
        assertThat(second).as("refused: not kept").doesNotExist();
        assertThat(quota.used()).isEqualTo(one);

        studies.aborted("a1"); // the association's instances are dropped, and their bytes with them
        assertThat(quota.used()).isZero();
        Path again = copy("MR_small.dcm", "incoming-3.dcm");
        assertThat(studies.arrived("a2", "PACS", again, Files.size(again), null)).isEqualTo(ReceivedStudies.SUCCESS);
        studies.clear();
        assertThat(quota.used()).isZero();
    }
}
