package id.dicomgateway.orders;

import id.dicomgateway.relay.jobs.CheckStatus;
import id.dicomgateway.relay.jobs.JobRegistry;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * A study without an Accession Number finds its order (issue 24 item 3), the one decision for every way a study comes
 * in: received over DICOM or sent through the API. From the study's facts: exactly one open order of its PatientID, one
 * of its modalities and its StudyDate gives its AccessionNumber and PatientID; none or several are never guessed
 * between: the study waits for a person when the orders are in use ({@link Orders#unmatchedWaits}), else it goes on as
 * it is. The log names the case and the order ids, never a patient; the job's check (shown to signed-in users) names the
 * PatientID.
 */
@Singleton
public class Reconciliation {
    private static final Logger LOG = Logger.getLogger(Reconciliation.class);

    private final Orders orders;
    private final JobRegistry jobs;

    public Reconciliation(Orders orders, JobRegistry jobs) {
        this.orders = orders;
        this.jobs = jobs;
    }

    /**
     * What reconciliation decided for one study.
     *
     * @param order  the one matching order, whose values the study goes out with; null when none was chosen
     * @param reason why no order was chosen (null when one was, or none was needed), naming the PatientID
     * @param note   what the job's check {@link Orders#RECONCILE_CHECK} says; null: no check (not needed)
     * @param waits  no order chosen and the orders are in use: the job waits for a person to assign it one
     */
    public record Decision(Order order, String reason, String note, boolean waits) {
        public static final Decision NOT_NEEDED = new Decision(null, null, null, false);

        public boolean needed() {
            return note != null;
        }
    }

    /**
     * The decision for a study whose AccessionNumber would be empty ({@code facts} has none, and none was given).
     *
     * @param subject   the study in the log, e.g. {@code Receive: study 1.2.3}
     * @param facts     what its instances say
     * @param patientId the PatientID it will carry when given (a rule, a caller), else null: its own
     * @param asIs      what happens to it when no order is chosen and it does not wait, e.g. "forwarded as received"
     * @param canWait   false for a caller that waits for the answer: a study that would wait is refused instead (the log says so)
     */
    public Decision decide(String subject, StudyFacts facts, String patientId, String asIs, boolean canWait) {
        if (facts.hasAccessionNumber()) {
            return Decision.NOT_NEEDED;
        }
        String pid = patientId != null && !patientId.isBlank() ? patientId.strip() : facts.patientId();
        String why;
        if (pid == null) {
            why = facts.patientIds().isEmpty() ? "no PatientID" : "several PatientIDs in its instances";
        } else if (facts.date() == null) {
            why = facts.studyDates().isEmpty() ? "no StudyDate" : "no single readable StudyDate";
        } else if (facts.modalities().isEmpty()) {
            why = "no Modality";
        } else {
            try {
                OrderMatch match = orders.match(pid, facts.modalities(), facts.date());
                if (match.exact()) {
                    Order o = match.order();
                    LOG.infof("%s has no AccessionNumber; one open order matches its PatientID, modality %s and day %s: "
                            + "ACSN %s from order %s", subject, facts.modalities(), facts.date(), o.accessionNumber(), o.id());
                    return new Decision(o, null, "ACSN from order " + o.id() + ": AccessionNumber \"" + o.accessionNumber()
                            + "\", PatientID \"" + o.patientId() + "\" (same PatientID, modality " + o.modality() + ", scheduled "
                            + facts.date() + ")", false);
                }
                why = match.orders().isEmpty() ? "no open order" : match.describe() + " (ambiguous, none chosen)";
                why = why + " for PatientID \"" + pid + "\", modality " + facts.modalities() + " and day " + facts.date();
            } catch (RuntimeException e) {
                LOG.warnf("%s has no AccessionNumber and the orders could not be read: %s", subject, e.getMessage());
                why = "the orders could not be read (" + e.getMessage() + ")";
            }
        }
        boolean waits;
        try {
            waits = orders.unmatchedWaits(facts.date());
        } catch (RuntimeException e) {
            waits = false; // the store does not answer: the job could not be recorded either way
        }
        String logged = why.replaceFirst("PatientID \"[^\"]*\"", "its PatientID");
        if (waits) {
            LOG.infof("%s has no AccessionNumber and %s: %s", subject, logged, canWait ? "waits for a person to assign it an order"
                    : "refused, its caller waits for the answer and cannot wait for a person");
            return new Decision(null, why, "AccessionNumber empty, no order chosen: " + why
                    + "; waits for a person to assign it an order (POST /api/jobs/{id}/assign, or the dashboard's Orders tab)", true);
        }
        LOG.infof("%s has no AccessionNumber and %s: %s", subject, logged, asIs);
        return new Decision(null, why, "AccessionNumber empty, no order chosen: " + why + "; " + asIs, false);
    }

    /** Whether reconciliation can change anything now (orders stored, or {@code wait}); false when the store does not answer. */
    public boolean inUse() {
        try {
            return orders.inUse();
        } catch (RuntimeException e) {
            LOG.warnf("Orders: could not tell whether any order is stored: %s", e.getMessage());
            return false;
        }
    }

    /**
     * Records the decision on job {@code jobId}: its check (PASSED with an order, PENDING when it waits, SKIPPED when it
     * went on as it was), and with an order, the order moves to IMAGES_RECEIVED with the job and follows it from there
     * ({@link Orders#follow}). Bookkeeping never stops a study that is on its way.
     */
    public void record(String jobId, Decision decision) {
        if (!decision.needed()) {
            return;
        }
        Order order = decision.order();
        jobs.check(jobId, Orders.RECONCILE_CHECK, order != null ? CheckStatus.PASSED
                : decision.waits() ? CheckStatus.PENDING : CheckStatus.SKIPPED, decision.note());
        if (order == null) {
            return;
        }
        try {
            if (orders.received(order.id(), jobId).isEmpty()) {
                LOG.infof("Orders: order %s was no longer open when job %s took its images", order.id(), jobId);
            }
        } catch (RuntimeException e) {
            LOG.warnf("Orders: could not record job %s on order %s: %s", jobId, order.id(), e.getMessage());
        }
    }
}
