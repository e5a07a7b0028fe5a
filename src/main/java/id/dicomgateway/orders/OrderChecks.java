package id.dicomgateway.orders;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * What SATUSEHAT says of an order (issue 24 items 1 and 2): whether it has the order's ServiceRequest, asked after the
 * order is answered (never before: a POST does not wait for SATUSEHAT nor fail when it is down), again on the orders'
 * timer while it is not found, and recorded from the job's own check before its study is sent, without asking twice;
 * and the name, birth date and sex of a patient a posted ServiceRequest names only by reference. Logs ids, never a name.
 */
final class OrderChecks {
    private static final Logger LOG = Logger.getLogger(OrderChecks.class);
    /** How long a post waits for SATUSEHAT's Patient. */
    static final Duration PATIENT_WAIT = Duration.ofSeconds(10);
    /** How long the timer waits for one ServiceRequest search. */
    static final Duration SEARCH_WAIT = Duration.ofSeconds(60);
    /** The most orders one timer pass asks about, so that a pass stays short whatever SATUSEHAT's pace. */
    static final int DUE_MAX = 20;
    /** FHIR's id rule (R4 2.24.0.1): a reference that is not one is not looked up. */
    private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9.-]{1,64}");

    private final JdbcOrders store;
    private final OrderLookups satusehat;

    OrderChecks(JdbcOrders store, OrderLookups satusehat) {
        this.store = store;
        this.satusehat = satusehat;
    }

    /**
     * A posted ServiceRequest as an order. One that names its patient only by {@code subject.reference} has the name,
     * birth date and sex it lacks filled from SATUSEHAT's Patient when SATUSEHAT is configured; what the body gives wins.
     * Without a name after that: 400 naming subject.display and why (not configured, no such Patient), or, when SATUSEHAT
     * could not be asked, SATUSEHAT_UNAVAILABLE (nothing stored; the SIMRS sends it again). With a name, a failed lookup
     * only leaves birth date and sex out.
     */
    NewOrder read(JsonNode json, String organizationId) {
        String patient = ServiceRequestInput.referencedPatient(json);
        if (patient == null) {
            return ServiceRequestInput.read(json, organizationId);
        }
        if (!satusehat.configured()) {
            return ServiceRequestInput.read(json, organizationId, null, "SATUSEHAT is not configured on this gateway, so its Patient "
                    + "was not looked up");
        }
        if (!FHIR_ID.matcher(patient).matches()) {
            return ServiceRequestInput.read(json, organizationId, null, "subject.reference does not name a SATUSEHAT Patient id");
        }
        Optional<PatientFacts> facts;
        try {
            facts = satusehat.patient(patient).await().atMost(PATIENT_WAIT);
        } catch (OrderException | TimeoutException e) {
            String why = e instanceof OrderException ? e.getMessage()
                    : "SATUSEHAT did not answer for Patient/" + patient + " in " + PATIENT_WAIT.toSeconds() + " s";
            if (!ServiceRequestInput.namesPatient(json)) {
                throw OrderException.satusehat("subject.display: the ServiceRequest does not name its patient, and " + why
                        + ". Nothing was stored: send it again in a moment, or give subject.display");
            }
            LOG.infof("Order: %s; the order keeps the name it was posted with, without birth date and sex", why);
            return ServiceRequestInput.read(json, organizationId, null, null);
        }
        return ServiceRequestInput.read(json, organizationId, facts.orElse(null),
                facts.isEmpty() ? "SATUSEHAT has no Patient/" + patient : null);
    }

    /** After the answer to a post: asks SATUSEHAT for the order's ServiceRequest on its own, and records what it says. */
    void askLater(Order order) {
        if (!satusehat.configured()) {
            return;
        }
        satusehat.serviceRequest(order.accessionNumber())
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .subscribe().with(check -> record(order, check), e -> LOG.warnf("Order %s: the ServiceRequest could not be asked for: %s",
                        order.id(), e.getMessage()));
    }

    /**
     * One timer pass: the scheduled orders (from yesterday on) whose ServiceRequest is not FOUND and was not asked for
     * in the last {@code interval}, at most {@link #DUE_MAX}, one after another; how many were asked.
     */
    int askDue(Duration interval) {
        if (!satusehat.configured()) {
            return 0;
        }
        int asked = 0;
        try {
            Instant now = Instant.now();
            for (Order o : store.serviceRequestDue(now.minus(Duration.ofDays(1)), now.minus(interval), DUE_MAX)) {
                record(o, satusehat.serviceRequest(o.accessionNumber()).await().atMost(SEARCH_WAIT));
                asked++;
            }
        } catch (RuntimeException e) {
            LOG.warnf("Orders: could not ask SATUSEHAT for the orders' ServiceRequests: %s", e.getMessage());
        }
        return asked;
    }

    /** What the job's check before sending found ({@link JobOutcome#serviceRequest}), recorded when newer than the order's. */
    void fromJob(Order order, ServiceRequestCheck check) {
        Instant known = order.serviceRequest().checkedAt();
        if (check.checkedAt() != null && (known == null || check.checkedAt().isAfter(known))) {
            record(order, check);
        }
    }

    private void record(Order order, ServiceRequestCheck check) {
        try {
            if (store.serviceRequest(order.id(), check)) {
                LOG.infof("Order %s: ServiceRequest for ACSN %s %s%s", order.id(), order.accessionNumber(), check.status(),
                        check.id() == null ? "" : " (ServiceRequest/" + check.id() + ")");
            }
        } catch (RuntimeException e) {
            LOG.warnf("Order %s: could not record its ServiceRequest: %s", order.id(), e.getMessage());
        }
    }
}
