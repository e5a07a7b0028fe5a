package id.dicomgateway.relay.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import id.dicomgateway.dimse.StoreResult;
import id.dicomgateway.job.JobState;
import id.dicomgateway.testing.ManualClock;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JobRegistryTest {
    private static final String STUDY = "1.2.826.0.1.3680043.8.498.1";

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-27T10:00:00Z"));
    /** The job model as production runs it: a registry writing through its journal into an embedded store. */
    private final H2Stores.OneReplica replica = new H2Stores.OneReplica("registry", clock);
    private final JobRegistry registry = replica.registry;

    @AfterEach
    void closeStore() {
        replica.close();
    }

    @Test
    void newJobIsQueuedWithRandomIdAndTheGivenIdentifiers() {
        JobView a = registry.create(JobKind.PROCESS, STUDY, "20250001", "P001");
        JobView b = registry.create(JobKind.PROCESS, STUDY, "20250001", "P001");

        assertThat(a.id()).matches("[0-9a-f-]{36}").isNotEqualTo(b.id());
        assertThat(a.state()).isEqualTo(JobState.QUEUED);
        assertThat(a.phase()).isEqualTo(JobPhase.QUEUED);
        assertThat(a.studyUid()).isEqualTo(STUDY);
        assertThat(a.accessionNumber()).isEqualTo("20250001");
        assertThat(a.patientId()).isEqualTo("P001");
        assertThat(a.percent()).isZero();
    }

    @Test
    void progressCountsInstancesAndBytesAndEndsSucceeded() {
        String id = registry.create(JobKind.DIRECT, STUDY, null, null).id();
        registry.phase(id, JobPhase.FETCHING);
        assertThat(registry.find(id).orElseThrow().state()).isEqualTo(JobState.RUNNING);

        clock.advance(Duration.ofSeconds(2));
        registry.started(id, 4, 4000);
        registry.instanceDone(id, stored("1.1", 1000));
        registry.instanceDone(id, new InstanceResult("1.2", InstanceOutcome.STORED_WITH_WARNING, 0xB000, null, "coerced", 1000));
        JobView half = registry.find(id).orElseThrow();
        assertThat(half.phase()).isEqualTo(JobPhase.SENDING);
        assertThat(half.doneInstances()).isEqualTo(2);
        assertThat(half.percent()).isEqualTo(50);
        assertThat(half.sentBytes()).isEqualTo(2000);
        assertThat(half.warningInstances()).isEqualTo(1);

        registry.instanceDone(id, stored("1.3", 1000));
        registry.instanceDone(id, stored("1.4", 1000));
        clock.advance(Duration.ofSeconds(3));
        registry.succeeded(id, "4 instances sent");
        replica.journal.drain(); // read back from the store, which keeps what the job showed while it ran here

        JobView done = registry.find(id).orElseThrow();
        assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(done.phase()).isEqualTo(JobPhase.DONE);
        assertThat(done.percent()).isEqualTo(100);
        assertThat(done.storedInstances()).isEqualTo(4);
        assertThat(done.errorCode()).isNull();
        assertThat(done.message()).isEqualTo("4 instances sent");
        assertThat(done.startedAt()).isEqualTo(Instant.parse("2026-11-27T10:00:02Z"));
        assertThat(done.durationMillis()).isEqualTo(5000);
    }

    @Test
    void someInstancesRefusedMeansPartlyFailedWithTheFailuresListed() {
        String id = registry.create(JobKind.PROCESS, STUDY, "A1", "P1").id();
        registry.started(id, 3, 0);
        registry.instanceDone(id, stored("1.1", 10));
        registry.instanceDone(id, refused("1.2"));
        registry.instanceDone(id, stored("1.3", 10));
        registry.succeeded(id, "done");

        JobView view = registry.find(id).orElseThrow();
        assertThat(view.state()).isEqualTo(JobState.PARTLY_FAILED);
        assertThat(view.errorCode()).isEqualTo(FailureCode.ROUTER_FAILED);
        assertThat(view.message()).isEqualTo("The router stored 2 of 3 instances; done");
        assertThat(view.failedInstances()).isEqualTo(1);
        assertThat(view.failures()).extracting(InstanceResult::sopInstanceUid).containsExactly("1.2");
        assertThat(view.percent()).isEqualTo(100);
    }

    @Test
    void everyInstanceRefusedMeansFailed() {
        String id = registry.create(JobKind.UPLOAD, null, "A1", "P1").id();
        registry.started(id, 2, 0);
        registry.instanceDone(id, refused("1.1"));
        registry.instanceDone(id, refused("1.2"));
        registry.succeeded(id, null);

        assertThat(registry.find(id).orElseThrow().state()).isEqualTo(JobState.FAILED);
    }

    @Test
    void errorBeforeSendingFailsWithTheApiCodeAndMessage() {
        String id = registry.create(JobKind.PROCESS, STUDY, null, null).id();
        registry.phase(id, JobPhase.FETCHING);
        registry.failed(id, new Coded(FailureCode.STUDY_NOT_FOUND, "Study not found in PACS"));

        JobView view = registry.find(id).orElseThrow();
        assertThat(view.state()).isEqualTo(JobState.FAILED);
        assertThat(view.errorCode()).isEqualTo(FailureCode.STUDY_NOT_FOUND);
        assertThat(view.message()).isEqualTo("Study not found in PACS");
        assertThat(view.percent()).isZero();
    }

    @Test
    void errorAfterSomeInstancesStoredIsPartlyFailed() {
        String id = registry.create(JobKind.PROCESS, STUDY, null, null).id();
        registry.started(id, 3, 0);
        registry.instanceDone(id, stored("1.1", 1));
        registry.failed(id, FailureCode.ROUTER_FAILED, "Association aborted");

        JobView view = registry.find(id).orElseThrow();
        assertThat(view.state()).isEqualTo(JobState.PARTLY_FAILED);
        assertThat(view.errorCode()).isEqualTo(FailureCode.ROUTER_FAILED);
    }

    @Test
    void unexpectedExceptionsDoNotLeakTheirMessage() {
        String id = registry.create(JobKind.DIRECT, STUDY, null, null).id();
        registry.failed(id, new IllegalStateException("/tmp/secret/path broke"));

        JobView view = registry.find(id).orElseThrow();
        assertThat(view.errorCode()).isEqualTo(FailureCode.INTERNAL_ERROR);
        assertThat(view.message()).doesNotContain("/tmp");
    }

    @Test
    void aFinishedJobNoLongerChangesButStillTakesChecks() {
        String id = registry.create(JobKind.DIRECT, STUDY, "A1", null).id();
        registry.started(id, 1, 0);
        registry.instanceDone(id, stored("1.1", 1));
        registry.succeeded(id, "ok");
        registry.instanceDone(id, refused("1.9"));
        registry.failed(id, FailureCode.ROUTER_FAILED, "late");
        registry.check(id, "satusehat.imagingStudy", CheckStatus.PENDING, null);
        registry.check(id, "satusehat.imagingStudy", CheckStatus.PASSED, "ImagingStudy/abc");

        JobView view = registry.find(id).orElseThrow();
        assertThat(view.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(view.failedInstances()).isZero();
        assertThat(view.message()).isEqualTo("ok");
        assertThat(view.checks()).singleElement().satisfies(c -> {
            assertThat(c.status()).isEqualTo(CheckStatus.PASSED);
            assertThat(c.detail()).isEqualTo("ImagingStudy/abc");
        });
    }

    @Test
    void failureListIsCappedButEveryFailureIsCounted() {
        String id = registry.create(JobKind.UPLOAD, null, null, null).id();
        registry.started(id, 80, 0);
        for (int i = 0; i < 80; i++) {
            registry.instanceDone(id, refused("1." + i));
        }
        JobView view = registry.find(id).orElseThrow();
        assertThat(view.failedInstances()).isEqualTo(80);
        assertThat(view.failures()).hasSize(Job.MAX_FAILURES_KEPT);
    }

    @Test
    void aFinishedJobIsReadFromTheStoreOnceItsEndIsWrittenThere() {
        try (H2Stores.OneReplica one = new H2Stores.OneReplica("history", clock)) {
            JobRegistry jobs = one.registry;
            String running = jobs.create(JobKind.PROCESS, STUDY, "RUN", null).id();
            jobs.phase(running, JobPhase.FETCHING);
            List<String> finished = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                clock.advance(Duration.ofSeconds(1));
                String id = jobs.create(JobKind.DIRECT, STUDY, "A" + i, null).id();
                if (i == 1) {
                    jobs.failed(id, FailureCode.PACS_ERROR, "the PACS answered 500");
                } else {
                    jobs.succeeded(id, "sent " + i);
                }
                finished.add(id);
            }
            clock.advance(Duration.ofSeconds(1));
            jobs.create(JobKind.DIRECT, STUDY, "LAST", null);
            one.journal.drain();

            assertThat(jobs.find(running)).get().extracting(JobView::state).isEqualTo(JobState.RUNNING);
            assertThat(jobs.find(finished.get(0))).get().satisfies(v -> {
                assertThat(v.state()).isEqualTo(JobState.SUCCEEDED);
                assertThat(v.message()).isEqualTo("sent 0");
            });
            assertThat(jobs.find(finished.get(1))).get().extracting(JobView::state).isEqualTo(JobState.FAILED);
            // Changed in the store behind the registry's back: a finished job has no copy here that could still answer.
            one.store.retry(finished.get(1)).orElseThrow();
            assertThat(jobs.find(finished.get(1))).get().extracting(JobView::state).isEqualTo(JobState.QUEUED);
            assertThat(jobs.detail(finished.get(1))).get().extracting(JobView::state).isEqualTo(JobState.QUEUED);
            assertThat(jobs.recent(10)).extracting(JobView::accessionNumber)
                    .containsExactly("LAST", "A4", "A3", "A2", "A1", "A0", "RUN");
            assertThat(jobs.recent(1)).extracting(JobView::accessionNumber).containsExactly("LAST");
        }
    }

    @Test
    void unknownIdsAreIgnoredAndNotFound() {
        registry.started("nope", 1, 1);
        registry.succeeded(null, null);
        assertThat(registry.find("nope")).isEmpty();
        assertThat(registry.events("nope")).isEmpty();
    }

    @Test
    void eventsStartWithTheCurrentStateAndEndAfterFinished() {
        String id = registry.create(JobKind.PROCESS, STUDY, "A1", "P1").id();
        registry.phase(id, JobPhase.FETCHING);
        AssertSubscriber<JobEvent> sub = registry.events(id).orElseThrow()
                .subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));

        registry.started(id, 2, 20);
        registry.instanceDone(id, stored("1.1", 10));
        registry.instanceDone(id, refused("1.2"));
        registry.succeeded(id, "done");

        sub.awaitCompletion(Duration.ofSeconds(5));
        List<JobEvent> events = sub.getItems();
        assertThat(events).extracting(JobEvent::type).containsExactly(JobEventType.SNAPSHOT, JobEventType.STARTED,
                JobEventType.INSTANCE, JobEventType.INSTANCE, JobEventType.FINISHED);
        assertThat(events.get(0).job().phase()).isEqualTo(JobPhase.FETCHING);
        assertThat(events.get(2).job().percent()).isEqualTo(50);
        assertThat(events.get(3).instance().sopInstanceUid()).isEqualTo("1.2");
        assertThat(events.get(3).job().failures()).as("progress events stay small").isEmpty();
        JobView last = events.get(4).job();
        assertThat(last.state()).isEqualTo(JobState.PARTLY_FAILED);
        assertThat(last.failures()).hasSize(1);
    }

    @Test
    void aFinishedJobsStreamSendsItsFinalStateAndCloses() {
        String id = registry.create(JobKind.DIRECT, STUDY, null, null).id();
        registry.failed(id, FailureCode.PACS_UNREACHABLE, "PACS down");

        AssertSubscriber<JobEvent> sub = registry.events(id).orElseThrow()
                .subscribe().withSubscriber(AssertSubscriber.create(10));
        sub.awaitCompletion(Duration.ofSeconds(5));
        assertThat(sub.getItems()).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(JobEventType.FINISHED);
            assertThat(e.job().errorCode()).isEqualTo(FailureCode.PACS_UNREACHABLE);
        });
    }

    @Test
    void allEventsSeesEveryJobAndStopsOnCancel() {
        AssertSubscriber<JobEvent> sub = registry.allEvents().subscribe().withSubscriber(AssertSubscriber.create(100));
        String a = registry.create(JobKind.PROCESS, STUDY, "A", null).id();
        String b = registry.create(JobKind.UPLOAD, null, "B", null).id();
        registry.succeeded(a, null);
        sub.cancel();
        registry.succeeded(b, null);

        assertThat(sub.getItems()).extracting(e -> e.job().accessionNumber() + ":" + e.type())
                .containsExactly("A:CREATED", "B:CREATED", "A:FINISHED");
    }

    @Test
    void concurrentReportsAreAllCountedAndSeenInOrder() throws Exception {
        int threads = 8;
        int perThread = 250;
        String id = registry.create(JobKind.PROCESS, STUDY, null, null).id();
        registry.started(id, threads * perThread, 0);
        AssertSubscriber<JobEvent> sub = registry.events(id).orElseThrow()
                .subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));

        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        for (int t = 0; t < threads; t++) {
            int base = t * perThread;
            pool.submit(() -> {
                go.await();
                for (int i = 0; i < perThread; i++) {
                    registry.instanceDone(id, (base + i) % 10 == 0 ? refused("2." + (base + i)) : stored("2." + (base + i), 1));
                }
                return null;
            });
        }
        go.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
        registry.succeeded(id, null);
        sub.awaitCompletion(Duration.ofSeconds(10));

        JobView view = registry.find(id).orElseThrow();
        assertThat(view.doneInstances()).isEqualTo(2000);
        assertThat(view.failedInstances()).isEqualTo(200);
        assertThat(view.sentBytes()).isEqualTo(1800);
        List<Integer> seen = sub.getItems().stream().map(e -> e.job().doneInstances()).toList();
        assertThat(seen).isSorted().hasSize(2 + 2000);
    }

    @Test
    void storeResultsMapOneToOne() {
        InstanceResult r = InstanceResult.of(new StoreResult("1.9", StoreResult.Outcome.STORED_WITH_WARNING, 0xB000,
                null, "coerced", 42));
        assertThat(r).isEqualTo(new InstanceResult("1.9", InstanceOutcome.STORED_WITH_WARNING, 0xB000, null, "coerced", 42));
        for (StoreResult.Outcome o : StoreResult.Outcome.values()) {
            assertThat(InstanceResult.of(new StoreResult("1", o, 0, null, null, 0)).outcome().name()).isEqualTo(o.name());
        }
    }

    @Test
    void trackEndsTheJobWithTheWorksOutcome() {
        String ok = registry.create(JobKind.DIRECT, STUDY, null, null).id();
        assertThat(registry.track(ok, Uni.createFrom().item(7), n -> n + " sent").await().indefinitely()).isEqualTo(7);
        assertThat(registry.find(ok).orElseThrow().message()).isEqualTo("7 sent");
        assertThat(registry.find(ok).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);

        String bad = registry.create(JobKind.DIRECT, STUDY, null, null).id();
        Uni<Integer> failing = registry.track(bad,
                Uni.createFrom().failure(new Coded(FailureCode.STUDY_NOT_FOUND, "Study 1.2 is not in the PACS")), n -> "");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> failing.await().indefinitely()).isInstanceOf(Coded.class);
        assertThat(registry.find(bad).orElseThrow().errorCode()).isEqualTo(FailureCode.STUDY_NOT_FOUND);
    }

    private static InstanceResult stored(String uid, long bytes) {
        return new InstanceResult(uid, InstanceOutcome.STORED, 0, null, null, bytes);
    }

    private static InstanceResult refused(String uid) {
        return new InstanceResult(uid, InstanceOutcome.FAILED, 0xA700, "OUT_OF_RESOURCES", "Refused: out of resources", 0);
    }

    /** A failure with a code, as the relay's are: the job model knows them only as {@link CodedFailure}. */
    private static final class Coded extends RuntimeException implements CodedFailure {
        private final FailureCode code;

        Coded(FailureCode code, String message) {
            super(message);
            this.code = code;
        }

        @Override
        public FailureCode code() {
            return code;
        }
    }
}
