package id.dicomgateway.api;

/**
 * The API's own refusal of an HTTP request (a malformed body, a bad UID in the path, an unknown
 * job), before anything reaches the relay. {@link ErrorMapper} answers it with the code's status.
 * The message is shown to users.
 */
public final class ApiException extends RuntimeException {
    private final ErrorCode code;

    public ApiException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
