package id.dicomgateway.orders;

import id.dicomgateway.job.JobState;
import java.util.Optional;

/**
 * Where the job carrying an order's images stands, as the job store has it: its state, and whether
 * SATUSEHAT's ImagingStudy was found for it (the confirmation check), and what its check before sending found of the
 * ServiceRequest ({@code serviceRequest}, null while there is none). Issue 24 items 1 and 4.
 */
public record JobOutcome(JobState state, boolean imagingStudyConfirmed, ServiceRequestCheck serviceRequest) {

    /** A job that has not checked the ServiceRequest (yet). */
    public JobOutcome(JobState state, boolean imagingStudyConfirmed) {
        this(state, imagingStudyConfirmed, null);
    }

    /**
     * The state an order in {@code current} moves to with this outcome; empty: it stays. A succeeded job makes
     * the order SENT (CONFIRMED once the ImagingStudy is found); a failed or partly failed one FAILED; a
     * running or waiting job leaves it. A cancelled job gives the order back: SCHEDULED, without a job (a person
     * stopped the sending, not the examination; the worklist offers it again and a study can be matched or
     * assigned to it again). A study sent again records its newer job on the order before the older one is
     * cancelled, so the order, which follows only the job it records, does not move then.
     */
    public Optional<OrderState> next(OrderState current) {
        OrderState to = switch (state) {
            case SUCCEEDED -> imagingStudyConfirmed ? OrderState.CONFIRMED : OrderState.SENT;
            case FAILED, PARTLY_FAILED -> OrderState.FAILED;
            case CANCELLED -> OrderState.SCHEDULED;
            default -> null;
        };
        if (to == null || to == current) {
            return Optional.empty();
        }
        if (current != OrderState.IMAGES_RECEIVED && !(current == OrderState.SENT && to == OrderState.CONFIRMED)) {
            return Optional.empty();
        }
        return Optional.of(to);
    }
}
