package id.dicomgateway.relay.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import id.dicomgateway.job.JobState;
import id.dicomgateway.store.Attempt;
import id.dicomgateway.store.JdbcJobStore;
import id.dicomgateway.store.JobRecord;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A draining replica hands its running jobs back to the store (BackgroundJobs.drain), then cancels their work.
 * What the cancelled work reports afterwards (the tracking's "caller closed the connection", aborted instances)
 * must not end the job: here and in the store it is queued for another replica.
 */
class JobHandBackTest {
    private JdbcJobStore store;
    private JobJournal journal;
    private JobRegistry registry;

    @BeforeEach
    void open() {
        store = H2Stores.open("handback");
        journal = H2Stores.journal(store, "replica-a");
        registry = new JobRegistry(Clock.systemUTC(), journal);
    }

    @AfterEach
    void close() {
        journal.stop();
        store.close();
    }

    @Test
    void aJobHandedBackStaysQueuedWhatEverItsStoppedWorkReportsAfterwards() {
        JobView job = registry.create(JobKind.PROCESS, "1.2.3.4", "ACC1", "PID1", false, false, true);
        registry.started(job.id(), 11, 0);
        registry.instanceDone(job.id(), new InstanceResult("1.2.3.4.1", InstanceOutcome.STORED, 0, null, null, 100));

        assertThat(registry.handBack(job.id(), "The replica sending it was stopping")).isTrue();
        // The work's cancellation, as JobRegistry.track reports it, and an instance the abort failed:
        registry.instanceDone(job.id(), new InstanceResult("1.2.3.4.2", InstanceOutcome.FAILED, -1, "ABORTED", "aborted", 0));
        registry.failed(job.id(), FailureCode.INVALID_REQUEST, "The caller closed the connection before the transfer ended");
        journal.drain();

        assertThat(registry.find(job.id())).get().satisfies(v -> {
            assertThat(v.state()).as("as this replica shows it").isEqualTo(JobState.QUEUED);
            assertThat(v.errorCode()).isNull();
        });
        JobRecord stored = store.get(job.id()).orElseThrow();
        assertThat(stored.state()).isEqualTo(JobState.QUEUED);
        assertThat(stored.leaseHolder()).isNull();
        assertThat(stored.attempts()).singleElement().satisfies(a -> assertThat(a.outcomeCode()).isEqualTo(Attempt.HANDED_BACK));
        assertThat(stored.message()).isEqualTo("The replica sending it was stopping");
    }

    @Test
    void aJobNoLongerRunHereIsNotHandedBack() {
        JobView job = registry.create(JobKind.PROCESS, "1.2.3.4", "ACC2", "PID2", false, false, true);
        registry.succeeded(job.id(), "sent");
        journal.drain();

        assertThat(registry.handBack(job.id(), "stopping")).isFalse();
        assertThat(store.get(job.id()).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
    }
}
