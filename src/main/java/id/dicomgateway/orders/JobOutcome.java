package id.dicomgateway.orders;

import id.dicomgateway.job.JobState;
import java.util.Optional;

/**
 * Where the job carrying an order's images stands, as the job store has it: its state, and whether
 * SATUSEHAT's ImagingStudy was found for it (the confirmation check). Issue 24 item 4.
 */
public record JobOutcome(JobState state, boolean imagingStudyConfirmed) {

    /**
     * The state an order in {@code current} moves to with this outcome; empty: it stays. A succeeded job makes
     * the order SENT (CONFIRMED once the ImagingStudy is found); a failed or partly failed one FAILED; a
     * running, waiting or cancelled job (a study sent again cancels its earlier job) leaves it.
     */
    public Optional<OrderState> next(OrderState current) {
        OrderState to = switch (state) {
            case SUCCEEDED -> imagingStudyConfirmed ? OrderState.CONFIRMED : OrderState.SENT;
            case FAILED, PARTLY_FAILED -> OrderState.FAILED;
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
