package id.dicomgateway.relay.outcome;

import id.dicomgateway.relay.jobs.CodedFailure;
import id.dicomgateway.relay.jobs.FailureCode;

/**
 * The relay's failure: a use case could not be carried out, with the stable {@link FailureCode}
 * and a message written for the person who asked. The lower layers' own failures
 * ({@code PacsException}, {@code SatusehatException}, {@code DicomException}) are turned into
 * this by {@link Failures}; {@code api} alone maps the code to an HTTP status. The family is
 * closed: a router failure ({@link RouterFailure}) also says what the router stored.
 */
public sealed class RelayException extends RuntimeException implements CodedFailure permits RouterFailure {
    private final FailureCode code;

    public RelayException(FailureCode code, String message) {
        this(code, message, null);
    }

    public RelayException(FailureCode code, String message, Throwable cause) {
        super(message, cause, false, false);
        this.code = code;
    }

    @Override
    public FailureCode code() {
        return code;
    }
}
