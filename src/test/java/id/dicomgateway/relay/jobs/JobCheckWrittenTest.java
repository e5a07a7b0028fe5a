package id.dicomgateway.relay.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import id.dicomgateway.job.JobState;
import id.dicomgateway.testing.Pause;
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
    /** Runs once each read of a job from the store returned, on the reading thread. */
    private volatile Runnable afterRead = () -> {
    };

    @BeforeEach
    void open() {
        replicas = new H2Stores.TwoReplicas("check-written", store -> H2Stores.around("get", () -> {
        }, () -> afterRead.run()).apply(H2Stores.before("check", () -> Pause.millis(1000)).apply(store)));
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

    /**
     * A read of the store that began before the check's write landed and was joined with the unwritten checks after it:
     * it found the check neither in the store nor among the unwritten (CI rehearsal ci32: "the job's checks, look 89",
     * empty, about a second in). Here the first read of the store waits 1.5 s after it returned, while the check's write
     * (1 s) lands.
     */
    @Test
    void aReadOfTheStoreThatTheChecksWriteOvertakesStillShowsIt() throws Exception {
        Thread test = Thread.currentThread();
        java.util.concurrent.atomic.AtomicBoolean read = new java.util.concurrent.atomic.AtomicBoolean();
        afterRead = () -> {
            if (Thread.currentThread() == test && read.compareAndSet(false, true)) {
                Pause.millis(1500);
            }
        };
        JobView job = replica.create(JobKind.PROCESS, "1.2.3.4", "ACC-OVERTAKEN", "PID1", false, false, true);
        replica.started(job.id(), 1, 0);
        replica.succeeded(job.id(), "sent");
        replica.check(job.id(), "SATUSEHAT", CheckStatus.PASSED, "found");
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!read.get()) { // answered from the job held here until its end is written, then from the store
            JobView now = replica.find(job.id()).orElseThrow();
            assertThat(now.checks()).as("the job's checks, read from the store: %s", read.get())
                    .anyMatch(c -> c.name().equals("SATUSEHAT") && c.status() == CheckStatus.PASSED);
            assertThat(System.nanoTime()).as("a read of the store").isLessThan(until);
        }
    }
}
