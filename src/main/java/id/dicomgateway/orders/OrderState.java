package id.dicomgateway.orders;

import java.util.Set;

/**
 * Where an order stands (issue 24 item 4): scheduled until its images arrive, then sent to the router, then
 * confirmed when SATUSEHAT has the ImagingStudy; or cancelled, or failed.
 */
public enum OrderState {
    SCHEDULED,
    IMAGES_RECEIVED,
    SENT,
    CONFIRMED,
    CANCELLED,
    FAILED;

    /** The states the worklist offers to a modality: cancelled and completed orders are not (PS3.4 K.6.1.2: scheduled steps). */
    public static final Set<OrderState> OFFERED = Set.of(SCHEDULED);

    /** Posting the order again brings it back to SCHEDULED from these; later states keep theirs. */
    boolean reschedulable() {
        return this == SCHEDULED || this == CANCELLED;
    }
}
