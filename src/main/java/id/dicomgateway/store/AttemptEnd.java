package id.dicomgateway.store;

import java.util.Objects;

/**
 * How an attempt ended, as the relay classifies it; the store turns it into the job's next state.
 *
 * @param code layer-neutral outcome code, e.g. ROUTER_UNREACHABLE; null for a success
 * @param message what a person reads; never a patient's name
 */
public record AttemptEnd(Disposition disposition, String code, String message) {

    public enum Disposition {
        /** Every instance stored: SUCCEEDED. */
        SUCCEEDED,
        /** Some stored, some refused: PARTLY_FAILED, final (sending again would split the study). */
        PARTLY_FAILED,
        /** A failure that can heal (router or PACS unreachable, timing out, aborting): try again later, until out of attempts. */
        RETRY,
        /** A failure that cannot heal (study not in the PACS, invalid input, ROUTER_WOULD_DROP): FAILED at once. */
        FAILED,
        /** SATUSEHAT has no ServiceRequest yet: WAITING_FOR_ORDER, rechecked until the order wait ends. */
        WAIT_FOR_ORDER
    }

    public AttemptEnd {
        Objects.requireNonNull(disposition, "disposition");
    }

    public static AttemptEnd succeeded(String message) {
        return new AttemptEnd(Disposition.SUCCEEDED, null, message);
    }

    public static AttemptEnd retry(String code, String message) {
        return new AttemptEnd(Disposition.RETRY, code, message);
    }

    public static AttemptEnd failed(String code, String message) {
        return new AttemptEnd(Disposition.FAILED, code, message);
    }

    public static AttemptEnd waitForOrder(String code, String message) {
        return new AttemptEnd(Disposition.WAIT_FOR_ORDER, code, message);
    }
}
