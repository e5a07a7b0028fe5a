package id.dicomgateway.relay.confirm;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static id.dicomgateway.satusehat.SatusehatWireMock.CLIENT_SECRET;
import static id.dicomgateway.satusehat.SatusehatWireMock.SYSTEM;
import static id.dicomgateway.satusehat.SatusehatWireMock.fhir;
import static id.dicomgateway.satusehat.SatusehatWireMock.fixture;
import static id.dicomgateway.satusehat.SatusehatWireMock.json;
import static id.dicomgateway.satusehat.SatusehatWireMock.search;
import static id.dicomgateway.satusehat.SatusehatWireMock.tokenBody;
import static id.dicomgateway.satusehat.SatusehatWireMock.tokenRequest;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import id.dicomgateway.job.JobState;
import id.dicomgateway.relay.confirm.Confirmation;
import id.dicomgateway.relay.confirm.ConfirmationResult;
import id.dicomgateway.relay.confirm.ConfirmationResult.Outcome;
import id.dicomgateway.relay.jobs.Check;
import id.dicomgateway.relay.jobs.CheckStatus;
import id.dicomgateway.relay.jobs.InstanceOutcome;
import id.dicomgateway.relay.jobs.InstanceResult;
import id.dicomgateway.relay.jobs.JobEvent;
import id.dicomgateway.relay.jobs.JobEventType;
import id.dicomgateway.relay.jobs.JobKind;
import id.dicomgateway.relay.jobs.JobRegistry;
import id.dicomgateway.relay.jobs.JobView;
import id.dicomgateway.satusehat.SatusehatWireMock;
import id.dicomgateway.satusehat.SatusehatWireMock.InjectSatusehat;
import id.dicomgateway.testing.LogCapture;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The confirmation after sending, against WireMock scenarios shaped like SATUSEHAT: each scenario
 * drives a job through the registry as the relay would, calls {@link Confirmation#confirm}, and
 * reads the job's check when the watch ends. Every log line of the whole class is captured and
 * read for tokens and the client secret at the end.
 */
@QuarkusTest
@WithTestResource(SatusehatWireMock.class)
@WithTestResource(FastConfirmation.class)
class ConfirmationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TOKENS = Collections.synchronizedList(new ArrayList<>());
    private static LogCapture capture;

    @InjectSatusehat
    WireMockServer satusehat;

    @Inject
    Confirmation confirmation;

    @Inject
    JobRegistry jobs;

    @Inject
    MeterRegistry meters;

    String token;

    @BeforeAll
    static void captureLogs() {
        capture = LogCapture.install();
    }

    @AfterAll
    static void noTokenOrSecretWasLogged() {
        capture.close();
        List<String> lines = capture.lines();
        // The capture saw the confirmations: otherwise the checks below would prove nothing.
        assertThat(lines).anyMatch(l -> l.contains("Confirmation job=") && l.contains("outcome=confirmed"));
        assertThat(lines).anyMatch(l -> l.contains("HTTP 401") || l.contains("refused the cached token"));
        for (String line : lines) {
            assertThat(line).doesNotContain(CLIENT_SECRET).doesNotContain("Bearer");
            for (String t : List.copyOf(TOKENS)) {
                assertThat(line).doesNotContain(t);
            }
        }
    }

    @BeforeEach
    void freshSatusehat() {
        // A token never issued before: whatever an earlier test left cached is refused with 401.
        token = newToken();
        SatusehatWireMock.reset(satusehat, token, "14399");
    }

    @Test
    void imagingStudyAppearingAfterTwoSearchesIsConfirmed() throws Exception {
        String acsn = "7001";
        List<String> sent = uids(3);
        satusehat.stubFor(imagingStudySearch(acsn, token).inScenario("appears").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("searched once")
                .willReturn(fhir(200, fixture("search-empty.json"))));
        satusehat.stubFor(imagingStudySearch(acsn, token).inScenario("appears").whenScenarioStateIs("searched once")
                .willSetStateTo("searched twice").willReturn(fhir(200, fixture("search-empty.json"))));
        satusehat.stubFor(imagingStudySearch(acsn, token).inScenario("appears").whenScenarioStateIs("searched twice")
                .willReturn(fhir(200, bundle("is-appears", acsn, sent))));
        double before = counted("confirmed");
        String job = sentJob(acsn, sent);
        // What the dashboard listens to: every change of every job, also after a job finished.
        List<JobEvent> seen = Collections.synchronizedList(new ArrayList<>());
        Cancellable watching = jobs.allEvents().filter(e -> e.job().id().equals(job)).subscribe().with(seen::add);

        CompletionStage<ConfirmationResult> running = confirmation.confirm(job, acsn, Set.copyOf(sent)).subscribeAsCompletionStage();
        // The caller is not held up: the first search comes only after the initial delay.
        assertThat(running.toCompletableFuture().isDone()).isFalse();
        assertThat(check(job).status()).isEqualTo(CheckStatus.PENDING);

        ConfirmationResult result = await(running);
        assertThat(result.outcome()).isEqualTo(Outcome.CONFIRMED);
        assertThat(result.imagingStudyId()).isEqualTo("is-appears");
        assertThat(result.searches()).isEqualTo(3);
        assertThat(searches(acsn)).isEqualTo(3);
        Check check = check(job);
        assertThat(check.status()).isEqualTo(CheckStatus.PASSED);
        assertThat(check.detail()).startsWith("confirmed: ImagingStudy/is-appears").contains("all 3 instances");
        // The transfer's outcome stays what the router said; the confirmation is a check beside it.
        assertThat(jobs.find(job).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(counted("confirmed")).isEqualTo(before + 1);
        // The job ended before its confirmation: the store answers for it, and its stream hears of a check once it is written.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && List.copyOf(seen).stream()
                .noneMatch(e -> e.type() == JobEventType.CHECK && e.check().status() == CheckStatus.PASSED)) {
            Thread.sleep(20);
        }
        watching.cancel();
        assertThat(List.copyOf(seen)).filteredOn(e -> e.type() == JobEventType.CHECK).extracting(e -> e.check().status())
                .startsWith(CheckStatus.PENDING).endsWith(CheckStatus.PASSED);
    }

    @Test
    void imagingStudyThatNeverAppearsIsNotConfirmedWhenTimeRunsOut() throws Exception {
        String acsn = "7002";
        List<String> sent = uids(2);
        double before = counted("not_confirmed");
        String job = sentJob(acsn, sent);
        long start = System.nanoTime();

        ConfirmationResult result = await(confirmation.confirm(job, acsn, Set.copyOf(sent)).subscribeAsCompletionStage());

        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(result.outcome()).isEqualTo(Outcome.NOT_CONFIRMED);
        assertThat(result.imagingStudyId()).isNull();
        assertThat(tookMillis).isGreaterThanOrEqualTo(FastConfirmation.TIMEOUT_MILLIS);
        // Searched repeatedly, but with pauses: 200 ms growing to 400 ms allows at most 14 in 5 s (the last one at the deadline).
        assertThat(result.searches()).isBetween(3, 14);
        assertThat(searches(acsn)).isEqualTo(result.searches());
        Check check = check(job);
        assertThat(check.status()).isEqualTo(CheckStatus.FAILED);
        assertThat(check.detail()).startsWith("not confirmed: no ImagingStudy for Accession Number " + acsn);
        assertThat(counted("not_confirmed")).isEqualTo(before + 1);
    }

    @Test
    void imagingStudyWithFewerInstancesIsIncompleteNamingTheMissingOnes() throws Exception {
        String acsn = "7003";
        List<String> sent = uids(3);
        satusehat.stubFor(imagingStudySearch(acsn, token)
                .willReturn(fhir(200, bundle("is-partial", acsn, sent.subList(0, 1)))));
        double before = counted("incomplete");
        String job = sentJob(acsn, sent);

        ConfirmationResult result = await(confirmation.confirm(job, acsn, Set.copyOf(sent)).subscribeAsCompletionStage());

        assertThat(result.outcome()).isEqualTo(Outcome.INCOMPLETE);
        assertThat(result.imagingStudyId()).isEqualTo("is-partial");
        assertThat(result.missing()).containsExactlyInAnyOrderElementsOf(sent.subList(1, 3));
        Check check = check(job);
        assertThat(check.status()).isEqualTo(CheckStatus.FAILED);
        assertThat(check.detail()).startsWith("incomplete: ImagingStudy/is-partial lists 1 of the 3 instances sent")
                .contains(sent.get(1)).contains(sent.get(2)).doesNotContain(sent.get(0));
        assertThat(counted("incomplete")).isEqualTo(before + 1);
    }

    @Test
    void tokenExpiringMidPollIsRefetchedAndThePollGoesOn() throws Exception {
        String acsn = "7004";
        List<String> sent = uids(2);
        String renewed = newToken();
        // The first token request gets the test's token, the next one a new token.
        satusehat.stubFor(tokenRequest().atPriority(1).inScenario("token").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("issued").willReturn(json(200, tokenBody(token, "14399"))));
        satusehat.stubFor(tokenRequest().atPriority(1).inScenario("token").whenScenarioStateIs("issued")
                .willReturn(json(200, tokenBody(renewed, "14399"))));
        // First search: nothing yet, and SATUSEHAT revokes the token; from then on it answers 401 to it.
        satusehat.stubFor(imagingStudySearch(acsn, token).inScenario("expiry").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("revoked").willReturn(fhir(200, fixture("search-empty.json"))));
        satusehat.stubFor(imagingStudySearch(acsn, token).inScenario("expiry").whenScenarioStateIs("revoked")
                .willReturn(fhir(401, fixture("unauthorized-401.json"))));
        satusehat.stubFor(imagingStudySearch(acsn, renewed).willReturn(fhir(200, bundle("is-renewed", acsn, sent))));
        int tokenRequestsBefore = tokenRequests();
        String job = sentJob(acsn, sent);

        ConfirmationResult result = await(confirmation.confirm(job, acsn, Set.copyOf(sent)).subscribeAsCompletionStage());

        assertThat(result.outcome()).isEqualTo(Outcome.CONFIRMED);
        assertThat(result.imagingStudyId()).isEqualTo("is-renewed");
        // One token for the first search (none or a stale one was cached), one after the 401.
        assertThat(tokenRequests() - tokenRequestsBefore).isEqualTo(2);
        assertThat(searches(acsn, token)).isEqualTo(2);
        assertThat(searches(acsn, renewed)).isEqualTo(1);
        assertThat(result.searches()).isEqualTo(2);
        assertThat(check(job).status()).isEqualTo(CheckStatus.PASSED);
    }

    @Test
    void satusehatFailingThenRecoveringIsConfirmed() throws Exception {
        String acsn = "7005";
        List<String> sent = uids(4);
        satusehat.stubFor(imagingStudySearch(acsn, token).inScenario("outage").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("still down").willReturn(fhir(503, "{\"message\":\"Service Unavailable\"}")));
        satusehat.stubFor(imagingStudySearch(acsn, token).inScenario("outage").whenScenarioStateIs("still down")
                .willSetStateTo("up").willReturn(fhir(500, "{}")));
        satusehat.stubFor(imagingStudySearch(acsn, token).inScenario("outage").whenScenarioStateIs("up")
                .willReturn(fhir(200, bundle("is-recovered", acsn, sent))));
        String job = sentJob(acsn, sent);

        ConfirmationResult result = await(confirmation.confirm(job, acsn, Set.copyOf(sent)).subscribeAsCompletionStage());

        assertThat(result.outcome()).isEqualTo(Outcome.CONFIRMED);
        assertThat(result.imagingStudyId()).isEqualTo("is-recovered");
        assertThat(result.searches()).isEqualTo(3);
        assertThat(check(job).detail()).contains("all 4 instances");
    }

    @Test
    void verifyFalseRecordsTheCheckAsSkipped() {
        String job = sentJob("7006", uids(1));
        double before = counted("skipped");

        ConfirmationResult result = confirmation.skipped(job, "verify=false");

        assertThat(result.outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(check(job).status()).isEqualTo(CheckStatus.SKIPPED);
        assertThat(check(job).detail()).isEqualTo("skipped: verify=false");
        assertThat(searches("7006")).isZero();
        assertThat(counted("skipped")).isEqualTo(before + 1);
    }

    // ---- helpers ----------------------------------------------------------------------------

    private String newToken() {
        String t = "token-" + UUID.randomUUID();
        TOKENS.add(t);
        return t;
    }

    /** A job as the relay leaves it after the router stored every instance. */
    private String sentJob(String acsn, List<String> sent) {
        String id = jobs.create(JobKind.PROCESS, "1.2.826.0.1.3680043.8.498.1", acsn, "P00284578000").id();
        jobs.started(id, sent.size(), 0);
        for (String uid : sent) {
            jobs.instanceDone(id, new InstanceResult(uid, InstanceOutcome.STORED, 0, null, null, 1000));
        }
        jobs.succeeded(id, "sent");
        return id;
    }

    private Check check(String job) {
        JobView view = jobs.find(job).orElseThrow();
        return view.checks().stream().filter(c -> c.name().equals(Confirmation.CHECK)).findFirst().orElseThrow();
    }

    private static ConfirmationResult await(CompletionStage<ConfirmationResult> running) throws Exception {
        return running.toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static List<String> uids(int n) {
        String base = "1.2.826.0.1.3680043.8.498." + Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000) + ".";
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(base + i);
        }
        return out;
    }

    private static MappingBuilder imagingStudySearch(String acsn, String token) {
        return search("ImagingStudy", token).atPriority(1).withQueryParam("identifier", equalTo(SYSTEM + "|" + acsn));
    }

    /** Searches for {@code acsn} made with the test's token (a stale token's 401 before the refresh is not one). */
    private int searches(String acsn) {
        return searches(acsn, token);
    }

    private int searches(String acsn, String bearer) {
        return satusehat.countRequestsMatching(getRequestedFor(urlPathEqualTo("/fhir-r4/v1/ImagingStudy"))
                .withQueryParam("identifier", equalTo(SYSTEM + "|" + acsn))
                .withHeader("Authorization", equalTo("Bearer " + bearer)).build()).getCount();
    }

    private int tokenRequests() {
        return satusehat.countRequestsMatching(postRequestedFor(urlPathEqualTo("/oauth2/v1/accesstoken")).build()).getCount();
    }

    private double counted(String outcome) {
        var counter = meters.find("gateway.confirmations").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    /** The shared example search result, made to list exactly {@code instances} under {@code id}. */
    private static String bundle(String id, String acsn, List<String> instances) {
        try {
            ObjectNode body = (ObjectNode) JSON.readTree(fixture("imagingstudy-search-found.json"));
            ObjectNode study = (ObjectNode) body.withArray("entry").get(0).get("resource");
            study.put("id", id);
            ((ObjectNode) study.withArray("identifier").get(0)).put("value", acsn);
            study.put("numberOfInstances", instances.size());
            ObjectNode series = (ObjectNode) study.withArray("series").get(0);
            series.put("numberOfInstances", instances.size());
            ArrayNode list = series.putArray("instance");
            int number = 1;
            for (String uid : new LinkedHashSet<>(instances)) {
                list.addObject().put("uid", uid).put("number", number++);
            }
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
