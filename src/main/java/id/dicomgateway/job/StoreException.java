package id.dicomgateway.job;

/**
 * The store's one failure type. {@link #reason()} lets callers map it (api: 503 for UNAVAILABLE)
 * without parsing the message; the message never holds a credential or the JDBC URL's password.
 */
public final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** The database could not be reached, even after reconnecting for a while. */
        UNAVAILABLE,
        /** Anything else the database refused: a bug or a schema that does not match. */
        FAILED
    }

    private final Reason reason;

    public StoreException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
