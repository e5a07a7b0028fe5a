package id.dicomgateway.satusehat;

/**
 * The SATUSEHAT client's failure. The reasons keep the stable names the API answers with (they
 * also label the lookup metrics); the relay turns them into its own failure. Messages name the
 * Accession Number and HTTP status, never the token or the client secret.
 */
public final class SatusehatException extends RuntimeException {

    public enum Reason {
        /** An Accession Number that breaks VR SH (PS3.5 §6.2). */
        INVALID_VALUE,
        /** SATUSEHAT_URL or a credential is not set. */
        SATUSEHAT_NOT_CONFIGURED,
        /** SATUSEHAT refused the gateway's credentials. */
        SATUSEHAT_AUTH_FAILED,
        /** 5xx, a timeout, or an unreadable answer. */
        SATUSEHAT_UNAVAILABLE
    }

    private final Reason reason;

    public SatusehatException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
