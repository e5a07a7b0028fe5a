package id.dicomgateway.relay.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import id.dicomgateway.job.JobState;
import io.smallrye.mutiny.subscription.Cancellable;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What another replica's jobs cost this one: a job this replica holds no copy of is read from the
 * store on its changes only while someone here watches the stream of all jobs (the dashboard);
 * then every change still reaches that stream. Replica B's store calls are counted.
 */
class JobChangeFeedTest {
    private final AtomicInteger readsByB = new AtomicInteger();
    private H2Stores.TwoReplicas replicas;
    private JobRegistry replicaA;
    private JobRegistry replicaB;
    private JobJournal journalA;

    @BeforeEach
    void open() {
        replicas = new H2Stores.TwoReplicas("feed", H2Stores.before("get", readsByB::incrementAndGet));
        replicaA = replicas.a;
        replicaB = replicas.b;
        journalA = replicas.journalA;
    }

    @AfterEach
    void close() {
        replicas.close();
    }

    /** A job run on replica A from start to end: created, started, one instance stored, succeeded. */
    private String runOnA() {
        JobView job = replicaA.create(JobKind.PROCESS, "1.2.3.4", "ACC-" + UUID.randomUUID(), "PID1", false, false, true);
        replicaA.started(job.id(), 1, 0);
        replicaA.instanceDone(job.id(), new InstanceResult("1.2.3.4.1", InstanceOutcome.STORED, 0, null, null, 100));
        replicaA.succeeded(job.id(), "sent");
        journalA.drain();
        return job.id();
    }

    @Test
    void anotherReplicasJobIsNotReadWhileNobodyHereWatches() throws Exception {
        runOnA();
        Thread.sleep(300); // the store's listeners are told on its own thread
        assertThat(readsByB).as("B's reads of A's job").hasValue(0);
    }

    @Test
    void whileTheDashboardWatchesEveryChangeReachesItsStream() throws Exception {
        List<JobEvent> seen = new CopyOnWriteArrayList<>();
        Cancellable watching = replicaB.allEvents().subscribe().with(seen::add);
        try {
            String id = runOnA();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (seen.stream().noneMatch(e -> e.job().id().equals(id) && e.job().state() == JobState.SUCCEEDED)) {
                assertThat(System.nanoTime()).as("the end of %s on B's stream: %s", id, seen).isLessThan(deadline);
                Thread.sleep(20);
            }
            assertThat(readsByB.get()).isPositive();
        } finally {
            watching.cancel();
        }
    }

    @Test
    void aCopyKeptHereFollowsTheStoreWithoutAnyWatcher() throws Exception {
        JobView job = replicaA.create(JobKind.PROCESS, "1.2.3.4", "ACC-COPY", "PID1", false, false, true);
        journalA.drain();
        assertThat(replicaB.events(job.id())).as("B keeps a copy to stream the job's own events").isPresent();
        replicaA.succeeded(job.id(), "sent");
        journalA.drain();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (replicaB.find(job.id()).orElseThrow().state() != JobState.SUCCEEDED) {
            assertThat(System.nanoTime()).as("B's copy of %s ended", job.id()).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /**
     * A stream asked for on B while A's job runs, subscribed only after the job's end was told to B (and ignored there: B
     * held no copy then). Seen in TwoReplicasIT on a busy machine: B's copy was made from the read before the end, kept
     * RUNNING for good, and B answered RUNNING for a job long done. The copy must catch up once it can hear.
     */
    @Test
    void aStreamSubscribedAfterTheEndWasToldStillEndsAndBAnswersTheEnd() throws Exception {
        JobView job = replicaA.create(JobKind.PROCESS, "1.2.3.4", "ACC-LATE", "PID1", false, false, true);
        journalA.drain();
        var stream = replicaB.events(job.id()).orElseThrow(); // B reads the job now: running on A
        replicaA.succeeded(job.id(), "sent");
        journalA.drain();
        Thread.sleep(500); // the end reaches B's store listener, which holds no copy of the job and lets it go
        List<JobEvent> seen = stream.collect().asList().await().atMost(Duration.ofSeconds(10));
        assertThat(seen).as("B's stream of A's job").isNotEmpty().last()
                .satisfies(e -> assertThat(e.job().state()).isEqualTo(JobState.SUCCEEDED));
        assertThat(replicaB.find(job.id()).orElseThrow().state()).as("B's answer for the job").isEqualTo(JobState.SUCCEEDED);
    }

    /**
     * The same race while B's dashboard watches: B's store listener tells the dashboard the end (nobody else here held the
     * job), then the stream's copy catches up to the same end. The dashboard hears that end once.
     */
    @Test
    void theDashboardHearsAnEndOnceWhenAStreamsCopyCatchesUpToIt() throws Exception {
        List<JobEvent> seen = new CopyOnWriteArrayList<>();
        Cancellable watching = replicaB.allEvents().subscribe().with(seen::add);
        try {
            JobView job = replicaA.create(JobKind.PROCESS, "1.2.3.4", "ACC-TWICE", "PID1", false, false, true);
            journalA.drain();
            var stream = replicaB.events(job.id()).orElseThrow();
            replicaA.succeeded(job.id(), "sent");
            journalA.drain();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (finishedOf(seen, job.id()) == 0) { // told by B's store listener: B held no copy yet
                assertThat(System.nanoTime()).as("the end of %s on B's dashboard stream", job.id()).isLessThan(deadline);
                Thread.sleep(20);
            }
            List<JobEvent> followed = stream.collect().asList().await().atMost(Duration.ofSeconds(10));
            assertThat(followed).as("B's stream of A's job").last().satisfies(e -> {
                assertThat(e.type()).isEqualTo(JobEventType.FINISHED);
                assertThat(e.job().state()).isEqualTo(JobState.SUCCEEDED);
            });
            Thread.sleep(300);
            assertThat(finishedOf(seen, job.id())).as("FINISHED events of %s on B's dashboard stream", job.id()).isEqualTo(1);
        } finally {
            watching.cancel();
        }
    }

    private static long finishedOf(List<JobEvent> seen, String id) {
        return seen.stream().filter(e -> e.type() == JobEventType.FINISHED && e.job().id().equals(id)).count();
    }
}
