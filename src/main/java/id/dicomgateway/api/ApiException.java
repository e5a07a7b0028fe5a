package id.dicomgateway.api;

/**
 * Thrown anywhere below the resources to end a request with a given error code; the mapper
 * turns it into {@link ErrorBody} with the code's HTTP status. The message is shown to users.
 */
public final class ApiException extends RuntimeException {
    private final ErrorCode code;

    public ApiException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public ApiException(ErrorCode code, String message, Throwable cause) {
        super(message, cause, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
