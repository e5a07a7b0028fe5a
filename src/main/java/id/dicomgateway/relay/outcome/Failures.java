package id.dicomgateway.relay.outcome;

import id.dicomgateway.pacs.PacsException;
import id.dicomgateway.relay.jobs.FailureCode;
import id.dicomgateway.satusehat.SatusehatException;

/**
 * Where the lower layers' failures become the relay's: one switch per layer, so a new reason
 * in {@code pacs} or {@code satusehat} does not compile until it has a code here. The lower
 * layers' messages are already written for users and are kept.
 */
public final class Failures {
    private Failures() {
    }

    /** A PACS or SATUSEHAT failure as a {@link RelayException}; anything else as it is. */
    public static Throwable translate(Throwable e) {
        if (e instanceof PacsException p) {
            return of(p);
        }
        if (e instanceof SatusehatException s) {
            return of(s);
        }
        return e;
    }

    public static RelayException of(PacsException e) {
        FailureCode code = switch (e.reason()) {
            case INVALID_UID -> FailureCode.INVALID_UID;
            case STUDY_NOT_FOUND -> FailureCode.STUDY_NOT_FOUND;
            case PACS_UNREACHABLE -> FailureCode.PACS_UNREACHABLE;
            case PACS_ERROR -> FailureCode.PACS_ERROR;
            case PACS_CANNOT_DECOMPRESS -> FailureCode.PACS_CANNOT_DECOMPRESS;
            case INVALID_QUERY -> FailureCode.INVALID_REQUEST;
            case SEARCH_REFUSED -> FailureCode.PACS_ERROR;
        };
        return new RelayException(code, e.getMessage(), e);
    }

    public static RelayException of(SatusehatException e) {
        FailureCode code = switch (e.reason()) {
            case INVALID_VALUE -> FailureCode.INVALID_VALUE;
            case SATUSEHAT_NOT_CONFIGURED -> FailureCode.SATUSEHAT_NOT_CONFIGURED;
            case SATUSEHAT_AUTH_FAILED -> FailureCode.SATUSEHAT_AUTH_FAILED;
            case SATUSEHAT_UNAVAILABLE -> FailureCode.SATUSEHAT_UNAVAILABLE;
        };
        return new RelayException(code, e.getMessage(), e);
    }

    /** The stable code of any failure: a bug (not a {@link RelayException}) is INTERNAL_ERROR. */
    public static FailureCode codeOf(Throwable e) {
        return translate(e) instanceof RelayException r ? r.code() : FailureCode.INTERNAL_ERROR;
    }
}
