package id.dicomgateway.relay.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import id.dicomgateway.job.JobState;
import id.dicomgateway.testing.ManualClock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A copy of a job follows the store's records in version order: a read of the change feed that an
 * end written later overtook (the replica claimed the job and ended it meanwhile) is not taken.
 */
class JobAdoptStoredTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-01T10:00:00Z"));

    @Test
    void anOlderRecordDoesNotUndoALaterEnd() {
        try (H2Stores.OneReplica replica = new H2Stores.OneReplica("adopt", clock)) {
            anOlderRecordDoesNotUndoALaterEnd(replica.registry);
        }
    }

    private void anOlderRecordDoesNotUndoALaterEnd(JobRegistry registry) {
        JobView queued = registry.create(JobKind.PROCESS, "1.2.3", "ACC", "P1");
        registry.failed(queued.id(), FailureCode.STUDY_NOT_FOUND, "not in the PACS");
        JobView failed = registry.find(queued.id()).orElseThrow();
        assertThat(failed.state()).isEqualTo(JobState.FAILED);

        Job copy = new Job(new Job.Identity(queued.id(), JobKind.PROCESS, "1.2.3", "ACC", "P1", clock.instant()), clock, event -> {
        });
        copy.adoptStored(failed, 7, JobEventType.PHASE);
        copy.adoptStored(queued, 4, JobEventType.PHASE);
        assertThat(copy.view().state()).as("the read of version 4 came after version 7 was taken").isEqualTo(JobState.FAILED);

        copy.adoptStored(queued, 8, JobEventType.PHASE);
        assertThat(copy.view().state()).as("a later record (a retry) is taken").isEqualTo(queued.state());
    }
}
