package id.dicomgateway.orders;

import com.fasterxml.jackson.databind.JsonNode;
import id.dicomgateway.job.JobState;
import id.dicomgateway.relay.jobs.CheckStatus;
import id.dicomgateway.relay.jobs.JobRegistry;
import id.dicomgateway.relay.jobs.JobView;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * A person assigns a waiting study to its order (issue 24 item 3): a received study without an Accession Number
 * that no single open order matched waits (WAITING_FOR_ORDER); one action gives it the order's AccessionNumber and
 * PatientID (never its UIDs), records the job on the order (IMAGES_RECEIVED, then it follows the job) and queues
 * the job to be sent. Never a guess: the person names the order.
 */
@Singleton
public class Assignments {
    private static final Logger LOG = Logger.getLogger(Assignments.class);

    @Inject
    Orders orders;
    @Inject
    JobRegistry jobs;

    /** What an assignment did: the job as it is now (QUEUED) and the order (IMAGES_RECEIVED, recording the job). */
    public record Assigned(JobView job, Order order) {
    }

    /**
     * Assigns job {@code jobId} the order named by {@code body} ({@code {"orderId": "..."}}). Failures are
     * {@link OrderException}s: INVALID (naming the field), JOB_NOT_FOUND, JOB_NOT_WAITING, NOT_FOUND, ORDER_CLOSED.
     */
    public Uni<Assigned> assign(String jobId, String body) {
        return Uni.createFrom().item(() -> assignNow(jobId, orderId(body))).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private Assigned assignNow(String jobId, String orderId) {
        JobView job = jobs.find(jobId).orElseThrow(() -> OrderException.jobNotFound(jobId));
        if (job.state() != JobState.WAITING_FOR_ORDER) {
            throw OrderException.jobNotWaiting(job.id(), job.state().name());
        }
        Order order = orders.find(orderId).orElseThrow(() -> OrderException.notFound(orderId));
        if (!OrderMatch.OPEN.contains(order.state())) {
            throw OrderException.closed(order);
        }
        // The order first (a compare-and-set on its state): one closed meanwhile leaves the job waiting.
        Order taken = orders.received(order.id(), job.id()).orElseThrow(() -> OrderException.closed(orders.find(orderId).orElse(order)));
        String note = "ACSN from order " + taken.id() + ", assigned by a person: AccessionNumber \"" + taken.accessionNumber()
                + "\", PatientID \"" + taken.patientId() + "\"";
        JobView after = jobs.assign(job.id(), taken.patientId(), taken.accessionNumber(), "Assigned to order " + taken.id()
                + " by a person; queued to be sent").orElseThrow(() -> OrderException.jobNotFound(jobId));
        if (after.state() != JobState.QUEUED) {
            // Cancelled or assigned by someone else in between: the order follows that job (a cancelled one gives it back).
            throw OrderException.jobNotWaiting(after.id(), after.state().name());
        }
        jobs.check(after.id(), Orders.RECONCILE_CHECK, CheckStatus.PASSED, note);
        LOG.infof("Job %s assigned to order %s (ACSN %s) by a person", after.id(), taken.id(), taken.accessionNumber());
        return new Assigned(after, taken);
    }

    private static String orderId(String body) {
        JsonNode json = OrderInput.parse(body);
        for (var names = json.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!"orderId".equals(name)) {
                throw OrderException.invalid(name.matches("[A-Za-z]{1,40}") ? name : "body", "is not a field; the body is {\"orderId\": \"...\"}");
            }
        }
        JsonNode id = json.get("orderId");
        if (id == null || id.isNull()) {
            throw OrderException.invalid("orderId", "is required: the id of the order to assign the job to");
        }
        if (!id.isTextual() || id.asText().isBlank()) {
            throw OrderException.invalid("orderId", "must be an order's id, as a string");
        }
        return id.asText().strip();
    }
}
