package id.dicomgateway.relay.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import id.dicomgateway.dimse.ReleaseGate;
import id.dicomgateway.job.JobState;
import id.dicomgateway.store.JdbcJobStore;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A cancel and a release cannot both happen (JobRegistry.releaseGate): the router files a study
 * from its association's release whatever happens after, so a job let through to its release is
 * no longer cancelled (409, it ends as the router takes it), and one cancelled first, here or on
 * another replica, is aborted instead of released. Two registries on one store play two replicas.
 */
class JobReleaseGateTest {
    private final AtomicInteger stops = new AtomicInteger();
    private H2Stores.TwoReplicas replicas;
    private JobRegistry replicaA;
    private JobRegistry replicaB;
    private JdbcJobStore store;
    private JobJournal journalA;

    @BeforeEach
    void open() {
        replicas = new H2Stores.TwoReplicas("gate");
        replicaA = replicas.a;
        replicaB = replicas.b;
        store = replicas.store;
        journalA = replicas.journalA;
    }

    @AfterEach
    void close() {
        replicas.close();
    }

    /** A job running on replica A in the background, its association about to be released. */
    private String sending() {
        JobView job = replicaA.create(JobKind.PROCESS, "1.2.3.4", "ACC-" + UUID.randomUUID(), "PID1", false, false, true);
        replicaA.onStop(job.id(), stops::incrementAndGet);
        replicaA.started(job.id(), 1, 0);
        replicaA.instanceDone(job.id(), new InstanceResult("1.2.3.4.1", InstanceOutcome.STORED, 0, null, null, 100));
        return job.id();
    }

    private static boolean asked(ReleaseGate gate) throws Exception {
        return gate.mayRelease().await().atMost(java.time.Duration.ofSeconds(10));
    }

    @Test
    void aJobLetThroughToItsReleaseIsNoLongerCancelledHere() throws Exception {
        String id = sending();
        assertThat(asked(replicaA.releaseGate(id))).isTrue();

        assertThatThrownBy(() -> replicaA.cancel(id)).isInstanceOf(JobRegistry.JobConflict.class)
                .hasMessageContaining("being released at the router");
        assertThat(stops).as("its association is not aborted").hasValue(0);
        assertThat(store.get(id).orElseThrow().state()).isEqualTo(JobState.RUNNING);

        replicaA.succeeded(id, "sent");
        journalA.drain();
        assertThat(store.get(id).orElseThrow().state()).as("recorded as the router took it").isEqualTo(JobState.SUCCEEDED);
    }

    @Test
    void aJobLetThroughToItsReleaseIsNoLongerCancelledFromAnotherReplica() throws Exception {
        String id = sending();
        assertThat(asked(replicaA.releaseGate(id))).isTrue();

        assertThatThrownBy(() -> replicaB.cancel(id)).isInstanceOf(JobRegistry.JobConflict.class);
        assertThat(store.get(id).orElseThrow().state()).isEqualTo(JobState.RUNNING);
    }

    @Test
    void aJobCancelledHereFirstIsAbortedNotReleased() throws Exception {
        String id = sending();
        ReleaseGate gate = replicaA.releaseGate(id);

        assertThat(replicaA.cancel(id).orElseThrow().state()).isEqualTo(JobState.CANCELLED);
        assertThat(stops).hasValue(1);
        assertThat(asked(gate)).isFalse();
    }

    @Test
    void aJobCancelledOnAnotherReplicaFirstIsAbortedNotReleased() throws Exception {
        String id = sending();
        ReleaseGate gate = replicaA.releaseGate(id);

        assertThat(replicaB.cancel(id).orElseThrow().state()).isEqualTo(JobState.CANCELLED);
        assertThat(asked(gate)).as("replica A learns it from the record, before its lease renewal").isFalse();
    }

    @Test
    void aJobARequestWaitsForIsNeverHeldAtItsRelease() throws Exception {
        JobView job = replicaA.create(JobKind.PROCESS, "1.2.3.4", "ACC-SYNC", "PID1", false, false, false);
        assertThat(replicaA.releaseGate(job.id())).isSameAs(ReleaseGate.ALWAYS);
    }
}
