package id.dicomgateway.relay.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import id.dicomgateway.job.JobState;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A check recorded on a job this replica holds, just before its end reaches the store: the copy goes once the end is
 * written, and the check's own write comes after it. In between, the job as answered must still show the check (seen in
 * a CI rehearsal: ConfirmationTest read PENDING after PASSED had been recorded). The store's check writes are slowed
 * to one second here, so the gap is wide enough to look into.
 */
class JobCheckWrittenTest {
    private H2Stores.TwoReplicas replicas;
    private JobRegistry replica;

    @BeforeEach
    void open() {
        replicas = new H2Stores.TwoReplicas("check-written", H2Stores.before("check", () -> {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        replica = replicas.b;
    }

    @AfterEach
    void close() {
        replicas.close();
    }

    @Test
    void aCheckRecordedAsTheJobEndsIsShownWhileItsWriteIsOnItsWay() throws Exception {
        JobView job = replica.create(JobKind.PROCESS, "1.2.3.4", "ACC-CHECK", "PID1", false, false, true);
        replica.started(job.id(), 1, 0);
        replica.instanceDone(job.id(), new InstanceResult("1.2.3.4.1", InstanceOutcome.STORED, 0, null, null, 100));
        replica.succeeded(job.id(), "sent");
        replica.check(job.id(), "SATUSEHAT", CheckStatus.PASSED, "found");
        long until = System.nanoTime() + Duration.ofMillis(1500).toNanos();
        int looked = 0;
        while (System.nanoTime() < until) {
            JobView now = replica.find(job.id()).orElseThrow();
            assertThat(now.state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(now.checks()).as("the job's checks, look %d", looked).anyMatch(c -> c.name().equals("SATUSEHAT")
                    && c.status() == CheckStatus.PASSED);
            looked++;
            Thread.sleep(10);
        }
        replicas.journalB.drain();
        assertThat(replica.find(job.id()).orElseThrow().checks()).as("once written").anyMatch(c -> c.status() == CheckStatus.PASSED);
    }
}
