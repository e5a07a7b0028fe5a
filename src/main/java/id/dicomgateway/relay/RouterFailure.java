package id.dicomgateway.relay;

import id.dicomgateway.api.ErrorCode;
import java.util.List;

/**
 * The router did not store everything: ends the request with ROUTER_REJECTED or ROUTER_FAILED and
 * says, per study, which instances were stored, so a caller knows what to resend.
 */
public final class RouterFailure extends RuntimeException {
    private final ErrorCode code;
    private final List<StudyResult> studies;

    public RouterFailure(ErrorCode code, String message, List<StudyResult> studies) {
        super(message, null, false, false);
        this.code = code;
        this.studies = List.copyOf(studies);
    }

    public ErrorCode code() {
        return code;
    }

    public List<StudyResult> studies() {
        return studies;
    }
}
