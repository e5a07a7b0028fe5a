package id.dicomgateway.receive;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import id.dicomgateway.relay.files.Spool;
import id.dicomgateway.store.Attempt;
import id.dicomgateway.store.JobRecord;
import id.dicomgateway.store.JobStore;
import id.dicomgateway.store.NewJob;
import id.dicomgateway.testing.OrthancResource;
import id.dicomgateway.testing.RouterComesBackProfile;
import id.dicomgateway.testing.StoreScpProcess;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Jobs whose input is files are kept until they end for good (issues 14 and 17): with the router
 * down, an upload and a study received over DICOM are queued again with backoff, their files in
 * the spool; an instance of the study arriving meanwhile supersedes its waiting job with one that
 * holds the whole study; a job this node was sending when its previous process died is taken back at once.
 * Once the router is up, each goes out by itself, whole, in one association; then the spool and
 * the temporary area are empty.
 */
@QuarkusTest
@TestProfile(RouterComesBackProfile.class)
@WithTestResource(OrthancResource.class) // not used as the PACS: shares RetryingJobsIT's application (issue 22 step 5)
@Execution(ExecutionMode.SAME_THREAD) // the Quarkus lane (pom.xml, failsafe)
class DurableFileJobsIT {
    static final int ROUTER_PORT = RouterComesBackProfile.ROUTER_PORT;
    static final String TEMP = RouterComesBackProfile.TEMP;
    static final String SPOOL = RouterComesBackProfile.SPOOL;

    @Inject
    JobStore store;

    @Inject
    Spool spool;

    @Inject
    GatewayScp scp;

    @TempDir
    Path dir;

    @Test
    void fileJobsWaitForTheRouterInTheSpoolAndGoOutByThemselvesWholeOnceItIsBack() throws Exception {
        // An upload of study-mr3's 11 instances, async.
        RequestSpecification form = given().multiPart("patientid", "PID-SPOOL").multiPart("acc", "ACCSPOOL1");
        try (Stream<Path> files = Files.list(OrthancResource.corpus().resolve("study-mr3"))) {
            for (Path f : files.sorted().toList()) {
                form = form.multiPart("file", f.toFile(), "application/dicom");
            }
        }
        String upload = form.post("/api/dicom/upload?async=true").then().statusCode(202).extract().path("jobId");
        JobRecord queued = awaitRecord(upload, r -> r.state().name().equals("QUEUED") && !r.attempts().isEmpty());
        assertThat(queued.outcomeCode()).isEqualTo("ROUTER_FAILED");
        assertThat(queued.nextAttemptAt()).isAfter(queued.attempts().get(0).endedAt());
        assertThat(queued.filesNode()).isEqualTo(spool.node());
        assertThat(spoolFiles(queued)).as("the upload's files wait in the spool").hasSize(11);
        assertThat(requestDirectories()).as("nothing of it is left in the temporary area").isEmpty();
        JsonPath view = given().get("/api/jobs/" + upload).then().statusCode(200).extract().jsonPath();
        assertThat(view.getString("checks.find { it.name == 'files' }.detail")).contains(spool.node());

        // A study of 5 instances received over DICOM, complete after the idle time.
        String study = Senders.newStudyUid();
        Senders.storescu(scp.port().orElseThrow(), "MODALITY", List.of(), Senders.studyMr3(dir.resolve("received"), study, 5));
        String first = awaitForwardJob(study, 1);
        JobRecord firstQueued = awaitRecord(first, r -> r.state().name().equals("QUEUED") && !r.attempts().isEmpty());
        assertThat(firstQueued.outcomeCode()).isEqualTo("ROUTER_FAILED");
        assertThat(spoolFiles(firstQueued)).hasSize(5);
        // One more instance of it within the keep time: a new job holds the whole study, the waiting one is superseded.
        Senders.storescu(scp.port().orElseThrow(), "MODALITY", List.of(),
                Senders.studyMr3(dir.resolve("later"), study, 6).subList(5, 6));
        String forward = awaitForwardJob(study, 2);
        JobRecord superseded = awaitRecord(first, r -> r.state().isFinal());
        assertThat(superseded.state().name()).isEqualTo("CANCELLED");
        assertThat(superseded.message()).contains("Superseded by job " + forward);
        JobRecord forwardQueued = awaitRecord(forward, r -> !r.attempts().isEmpty() && !r.state().name().equals("RUNNING"));
        assertThat(spoolFiles(forwardQueued)).hasSize(6);

        // What a process of this node that died mid-send leaves: a job running under its lease, files spooled.
        List<Path> crashed = Senders.studyMr3(dir.resolve("crashed"), Senders.newStudyUid(), 3);
        String location = "00000000000000000000abcd";
        Path crashedDir = Files.createDirectories(Path.of(SPOOL).resolve(location));
        for (int i = 0; i < crashed.size(); i++) {
            Files.copy(crashed.get(i), crashedDir.resolve(String.format("%06d.dcm", i + 1)));
        }
        JobRecord orphan = store.create(new NewJob("UPLOAD", null, null, "PID-CRASH", "ACCCRASH1", false, false, "dead-replica")
                .heldBy(spool.node(), location));
        assertThat(spool.takeBack()).as("taken back at once, not after its lease").isEqualTo(1);

        try (StoreScpProcess router = StoreScpProcess.startOn(ROUTER_PORT, "+xa")) {
            JobRecord uploaded = awaitRecord(upload, r -> r.state().isFinal());
            JobRecord forwarded = awaitRecord(forward, r -> r.state().isFinal());
            JobRecord resumed = awaitRecord(orphan.id(), r -> r.state().isFinal());
            assertThat(List.of(uploaded, forwarded, resumed)).extracting(r -> r.state().name()).containsOnly("SUCCEEDED");
            assertThat(uploaded.attempts()).extracting(Attempt::outcomeCode).startsWith("ROUTER_FAILED").endsWith("SUCCEEDED");
            assertThat(forwarded.attempts()).extracting(Attempt::outcomeCode).startsWith("ROUTER_FAILED").endsWith("SUCCEEDED");
            // its dead process's attempt, then (the router may still be down when it is taken back) until it went
            assertThat(resumed.attempts()).extracting(Attempt::outcomeCode).startsWith(Attempt.LEASE_EXPIRED).endsWith("SUCCEEDED")
                    .isSubsetOf(Attempt.LEASE_EXPIRED, "ROUTER_FAILED", "SUCCEEDED");
            assertThat(uploaded.progress().storedInstances()).isEqualTo(11);
            assertThat(forwarded.progress().storedInstances()).isEqualTo(6);
            assertThat(resumed.progress().storedInstances()).isEqualTo(3);

            // Each job whole in one association: the associations that stored anything, and how much each.
            router.awaitCount("Association Release", 3, Duration.ofSeconds(10));
            assertThat(storesPerAssociation(router.log())).containsExactlyInAnyOrder(11, 6, 3);
            assertThat(router.receivedFiles()).hasSize(20);
            assertThat(store.get(first).orElseThrow().state().name()).as("a superseded job stays cancelled").isEqualTo("CANCELLED");
        }
        // Ended for good: the spool is empty (the receive area keeps its own links for a resend).
        awaitEmptySpool();
        assertThat(requestDirectories()).as("left in the temporary area").isEmpty();
        assertThat(given().get("/api/jobs/" + upload).then().extract().jsonPath()
                .getString("checks.find { it.name == 'files' }.detail")).contains("removed");
    }

    /** Per association storescp received, how many C-STOREs it carried; associations without any (probes) left out. */
    private static List<Integer> storesPerAssociation(String log) {
        List<Integer> out = new ArrayList<>();
        for (String association : log.split("I: Association Received")) {
            int stores = association.split("I: Received Store Request", -1).length - 1;
            if (stores > 0) {
                out.add(stores);
            }
        }
        return out;
    }

    private static List<Path> spoolFiles(JobRecord r) throws IOException {
        try (Stream<Path> files = Files.list(Path.of(SPOOL).resolve(r.filesLocation()))) {
            return files.toList();
        }
    }

    private static List<Path> requestDirectories() throws IOException {
        Path root = Path.of(TEMP);
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> all = Files.list(root)) {
            return all.filter(p -> p.getFileName().toString().startsWith("gw-req-")).toList();
        }
    }

    private static void awaitEmptySpool() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<Path> left;
        do {
            try (Stream<Path> all = Files.list(Path.of(SPOOL))) {
                left = all.filter(Files::isDirectory).toList();
            }
            if (left.isEmpty()) {
                return;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        assertThat(left).as("job directories left in the spool").isEmpty();
    }

    private static String awaitForwardJob(String study, int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            var r = given().get("/api/receive/studies/" + study);
            if (r.statusCode() == 200) {
                List<String> jobs = r.jsonPath().getList("jobs", String.class);
                if (jobs.size() >= n) {
                    return jobs.get(n - 1);
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("study " + study + " was not forwarded " + n + " time(s)");
    }

    private JobRecord awaitRecord(String id, Predicate<JobRecord> done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JobRecord r = store.get(id).orElseThrow();
        while (!done.test(r) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            r = store.get(id).orElseThrow();
        }
        assertThat(done.test(r)).as("job %s reached the expected state; it is %s", id, r).isTrue();
        return r;
    }
}
