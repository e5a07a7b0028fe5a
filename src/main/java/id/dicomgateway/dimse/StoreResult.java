package id.dicomgateway.dimse;

/**
 * Per-instance outcome; exactly one per {@link StoreRequest}.
 *
 * @param status  the DIMSE status the peer answered, -1 if none
 * @param cause   null when stored
 * @param message human-readable detail (warning or failure), null when plainly stored
 * @param bytes   dataset bytes sent on the wire for this instance
 */
public record StoreResult(String sopInstanceUid, Outcome outcome, int status, FailureCause cause, String message,
                          long bytes) {

    public enum Outcome { STORED, STORED_WITH_WARNING, FAILED }

    public boolean stored() {
        return outcome == Outcome.STORED || outcome == Outcome.STORED_WITH_WARNING;
    }

    static StoreResult failed(String sopInstanceUid, FailureCause cause, String message) {
        return new StoreResult(sopInstanceUid, Outcome.FAILED, -1, cause, message, 0);
    }
}
