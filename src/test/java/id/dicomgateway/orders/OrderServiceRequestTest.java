package id.dicomgateway.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import id.dicomgateway.job.JobState;
import id.dicomgateway.store.JdbcJobStore;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 24 items 1, 2 and 4 on the use case with a SATUSEHAT of the test's making (the real client against WireMock:
 * api.orders.OrderSatusehatTest): the ServiceRequest status after posting, on the timer and from the job's check before
 * sending; the Patient a ServiceRequest names by reference; an order that ends CONFIRMED.
 */
class OrderServiceRequestTest {
    private static final String ACSN_SYSTEM = "http://sys-ids.kemkes.go.id/acsn/10000099";
    private static final String PATIENT = "P00012345678";

    private JdbcJobStore db;
    private final FakeSatusehat satusehat = new FakeSatusehat();

    @BeforeEach
    void database() {
        db = OrderFixtures.h2Store("order-sr");
    }

    @AfterEach
    void close() {
        db.close();
    }

    // --- the ServiceRequest's status ---------------------------------------------------------------------------

    @Test
    void notConfiguredStaysUnknownAndAsksNothing() {
        satusehat.configured = false;
        Orders orders = orders();
        Order o = post(orders, OrderFixtures.json("SR-NC", "P-SR-1", soon()), "application/json").order();
        assertThat(o.serviceRequest()).isEqualTo(ServiceRequestCheck.NOT_CHECKED);
        assertThat(orders.find(o.id()).orElseThrow().serviceRequest().status()).isEqualTo(ServiceRequestStatus.UNKNOWN);
        assertThat(new OrderChecks(new JdbcOrders(db), satusehat).askDue(Duration.ZERO)).isZero();
        assertThat(satusehat.asked).isEmpty();
    }

    @Test
    void foundAfterTheAnswerWithItsId() {
        satusehat.answer = acsn -> ServiceRequestCheck.found("sr-" + acsn, Instant.now(), "asked for the order");
        Orders orders = orders();
        Order o = post(orders, OrderFixtures.json("SR-F", "P-SR-1", soon()), "application/json").order();
        ServiceRequestCheck c = eventually(orders, o.id(), ServiceRequestStatus.FOUND);
        assertThat(c.id()).isEqualTo("sr-SR-F");
        assertThat(c.checkedAt()).isNotNull();
        assertThat(satusehat.asked).containsExactly("SR-F");
    }

    @Test
    void notFoundThenFoundOnTheTimer() {
        satusehat.answer = acsn -> ServiceRequestCheck.notFound(Instant.now(), "asked for the order");
        Orders orders = orders();
        Order o = post(orders, OrderFixtures.json("SR-NF", "P-SR-1", soon()), "application/json").order();
        eventually(orders, o.id(), ServiceRequestStatus.NOT_FOUND);
        // The SIMRS registers it a moment later: the timer's pass asks again.
        satusehat.answer = acsn -> ServiceRequestCheck.found("sr-late", Instant.now(), "asked again");
        assertThat(new OrderChecks(new JdbcOrders(db), satusehat).askDue(Duration.ZERO)).isEqualTo(1);
        assertThat(orders.find(o.id()).orElseThrow().serviceRequest().id()).isEqualTo("sr-late");
        assertThat(new OrderChecks(new JdbcOrders(db), satusehat).askDue(Duration.ZERO)).as("FOUND is not asked again").isZero();
    }

    /** SATUSEHAT down: the post answers at once; the order says UNKNOWN and why. */
    @Test
    void satusehatDownDoesNotFailThePost() {
        satusehat.answer = acsn -> ServiceRequestCheck.unknown(Instant.now(), "SATUSEHAT could not be asked: HTTP 503");
        Orders orders = orders();
        Posted p = post(orders, OrderFixtures.json("SR-DOWN", "P-SR-1", soon()), "application/json");
        assertThat(p.created()).isTrue();
        ServiceRequestCheck c = eventually(orders, p.order().id(), ServiceRequestStatus.UNKNOWN);
        assertThat(c.note()).contains("503");
    }

    @Test
    void aPostThatSatusehatNeverAnswersIsAnsweredAtOnce() {
        satusehat.never = true;
        long start = System.nanoTime();
        Posted p = post(orders(), OrderFixtures.json("SR-HANG", "P-SR-1", soon()), "application/json");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(p.order().serviceRequest().status()).isEqualTo(ServiceRequestStatus.UNKNOWN);
    }

    // --- before sending, and the end of an order (item 4) ----------------------------------------------------

    /** The job's check before sending is recorded on the order; SENT, then CONFIRMED when the ImagingStudy is found. */
    @Test
    void theJobsCheckIsRecordedAndTheOrderEndsConfirmed() {
        satusehat.configured = false;
        Orders orders = orders();
        Order o = post(orders, OrderFixtures.json("SR-JOB", "P-SR-1", soon()), "application/json").order();
        assertThat(orders.received(o.id(), "job-1")).isPresent();
        AtomicReference<JobOutcome> job = new AtomicReference<>(new JobOutcome(JobState.SUCCEEDED, false,
                ServiceRequestCheck.found("sr-from-job", Instant.now(), "checked before sending (job job-1)")));
        orders.followJobs(id -> "job-1".equals(id) ? Optional.of(job.get()) : Optional.empty());

        assertThat(orders.follow()).isEqualTo(1);
        Order sent = orders.find(o.id()).orElseThrow();
        assertThat(sent.state()).isEqualTo(OrderState.SENT);
        assertThat(sent.serviceRequest().status()).isEqualTo(ServiceRequestStatus.FOUND);
        assertThat(sent.serviceRequest().id()).isEqualTo("sr-from-job");
        assertThat(sent.serviceRequest().note()).contains("job-1");

        job.set(new JobOutcome(JobState.SUCCEEDED, true, job.get().serviceRequest()));
        assertThat(orders.follow()).isEqualTo(1);
        assertThat(orders.find(o.id()).orElseThrow().state()).isEqualTo(OrderState.CONFIRMED);
        assertThat(orders.follow()).as("CONFIRMED is where it ends").isZero();
    }

    @Test
    void aJobWithoutServiceRequestFailsItsOrderAndSaysNotFound() {
        satusehat.configured = false;
        Orders orders = orders();
        Order o = post(orders, OrderFixtures.json("SR-JNF", "P-SR-1", soon()), "application/json").order();
        orders.received(o.id(), "job-2");
        orders.followJobs(id -> Optional.of(new JobOutcome(JobState.FAILED, false,
                ServiceRequestCheck.notFound(Instant.now(), "checked before sending (job job-2)"))));
        orders.follow();
        Order failed = orders.find(o.id()).orElseThrow();
        assertThat(failed.state()).isEqualTo(OrderState.FAILED);
        assertThat(failed.serviceRequest().status()).isEqualTo(ServiceRequestStatus.NOT_FOUND);
    }

    // --- the Patient of a ServiceRequest that names it by reference (item 2) ----------------------------------

    @Test
    void thePatientFillsWhatTheBodyLacks() {
        satusehat.patient = Optional.of(new PatientFacts("SITI AMINAH", "1975-06-30", "female"));
        Order o = post(orders(), OrderFixtures.subjectOnly(ACSN_SYSTEM, "SR-PAT", PATIENT, null, soon()), "application/fhir+json").order();
        assertThat(o.patientId()).isEqualTo("P00012345678");
        assertThat(o.patientName()).isEqualTo("AMINAH^SITI");
        assertThat(o.patientBirthDate()).isEqualTo(LocalDate.of(1975, 6, 30));
        assertThat(o.patientSex()).isEqualTo("F");
        assertThat(satusehat.patientsAsked).containsExactly("P00012345678");
    }

    @Test
    void theBodysNameWinsAndAPartialBirthDateIsLeftOut() {
        satusehat.patient = Optional.of(new PatientFacts("SITI AMINAH", "1975", "female"));
        Order o = post(orders(), OrderFixtures.subjectOnly(ACSN_SYSTEM, "SR-PAT2", PATIENT, "Siti Rahayu", soon()), "application/fhir+json").order();
        assertThat(o.patientName()).isEqualTo("Rahayu^Siti");
        assertThat(o.patientBirthDate()).isNull();
        assertThat(o.patientSex()).isEqualTo("F");
    }

    @Test
    void withoutANameTheAnswerSaysWhy() {
        String body = OrderFixtures.subjectOnly(ACSN_SYSTEM, "SR-PAT3", PATIENT, null, soon());
        satusehat.configured = false;
        assertThatThrownBy(() -> post(orders(), body, "application/fhir+json")).isInstanceOfSatisfying(OrderException.class, e -> {
            assertThat(e.reason()).isEqualTo(OrderException.Reason.INVALID);
            assertThat(e.field()).isEqualTo("subject.display");
            assertThat(e.getMessage()).contains("not configured");
        });
        satusehat.configured = true;
        satusehat.patient = Optional.empty();
        assertThatThrownBy(() -> post(orders(), body, "application/fhir+json")).isInstanceOfSatisfying(OrderException.class, e -> {
            assertThat(e.field()).isEqualTo("subject.display");
            assertThat(e.getMessage()).contains("SATUSEHAT has no Patient/P00012345678");
        });
        satusehat.patientDown = true;
        assertThatThrownBy(() -> post(orders(), body, "application/fhir+json")).isInstanceOfSatisfying(OrderException.class, e -> {
            assertThat(e.reason()).isEqualTo(OrderException.Reason.SATUSEHAT_UNAVAILABLE);
            assertThat(e.getMessage()).contains("subject.display").contains("send it again");
        });
        assertThat(new JdbcOrders(db).list(new OrderFilter(null, null, null, java.util.Set.of(), null), 10, 0).total())
                .as("nothing half-stored").isZero();
    }

    @Test
    void withANameAPatientThatCannotBeReadOnlyLeavesBirthDateAndSexOut() {
        satusehat.patientDown = true;
        Order o = post(orders(), OrderFixtures.subjectOnly(ACSN_SYSTEM, "SR-PAT4", PATIENT, "Siti Rahayu", soon()), "application/fhir+json").order();
        assertThat(o.patientName()).isEqualTo("Rahayu^Siti");
        assertThat(o.patientBirthDate()).isNull();
        assertThat(o.patientSex()).isNull();
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    private static String soon() {
        return java.time.OffsetDateTime.now(java.time.ZoneOffset.ofHours(7)).plusHours(2).withNano(0).toString();
    }

    private static Posted post(Orders orders, String body, String contentType) {
        return orders.post(body, contentType).await().atMost(Duration.ofSeconds(10));
    }

    private static ServiceRequestCheck eventually(Orders orders, String id, ServiceRequestStatus status) {
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            ServiceRequestCheck c = orders.find(id).orElseThrow().serviceRequest();
            if (c.status() == status && c.checkedAt() != null) {
                return c;
            }
            if (System.nanoTime() > until) {
                throw new AssertionError("the order's ServiceRequest is still " + c + ", not " + status);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private Orders orders() {
        return new Orders(db, OrderFixtures.config(OrdersConfig.Unmatched.AUTO), Optional.of("10000099"), satusehat);
    }

    /** A SATUSEHAT whose answers the test sets; it records what it was asked. */
    private static final class FakeSatusehat implements OrderLookups {
        volatile boolean configured = true;
        volatile boolean never;
        volatile boolean patientDown;
        volatile Function<String, ServiceRequestCheck> answer = acsn -> ServiceRequestCheck.notFound(Instant.now(), "asked");
        volatile Optional<PatientFacts> patient = Optional.empty();
        final List<String> asked = java.util.Collections.synchronizedList(new ArrayList<>());
        final List<String> patientsAsked = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public boolean configured() {
            return configured;
        }

        @Override
        public Uni<ServiceRequestCheck> serviceRequest(String accessionNumber) {
            asked.add(accessionNumber);
            return never ? Uni.createFrom().nothing() : Uni.createFrom().item(() -> answer.apply(accessionNumber));
        }

        @Override
        public Uni<Optional<PatientFacts>> patient(String id) {
            patientsAsked.add(id);
            return patientDown ? Uni.createFrom().failure(OrderException.satusehat("SATUSEHAT could not be asked for Patient/" + id
                    + ": HTTP 503")) : Uni.createFrom().item(patient);
        }
    }
}
