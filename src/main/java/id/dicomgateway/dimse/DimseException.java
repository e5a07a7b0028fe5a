package id.dicomgateway.dimse;

import java.util.Objects;

/** A failed association or DIMSE exchange, with the named cause. */
public final class DimseException extends Exception {

    private static final long serialVersionUID = 1L;

    private final FailureCause failureCause;
    private final int status;

    public DimseException(FailureCause cause, String message) {
        this(cause, message, -1, null);
    }

    public DimseException(FailureCause cause, String message, Throwable underlying) {
        this(cause, message, -1, underlying);
    }

    public DimseException(FailureCause cause, String message, int status, Throwable underlying) {
        super(message, underlying);
        this.failureCause = Objects.requireNonNull(cause, "cause");
        this.status = status;
    }

    /** The named cause (not {@link #getCause()}, which is the underlying throwable if any). */
    public FailureCause cause() {
        return failureCause;
    }

    /** The DIMSE status the peer answered, -1 if none. */
    public int status() {
        return status;
    }
}
