package id.dicomgateway.dimse.pdu;

/**
 * Reason/Diag. field of A-ASSOCIATE-RJ, PS3.8 table 9-21: its values depend on the source, so each
 * constant carries the source it belongs to.
 */
public enum RejectReason implements WireCode {
    NO_REASON_GIVEN(RejectSource.SERVICE_USER, 1, "no-reason-given"),
    APPLICATION_CONTEXT_NAME_NOT_SUPPORTED(RejectSource.SERVICE_USER, 2, "application-context-name-not-supported"),
    CALLING_AE_TITLE_NOT_RECOGNIZED(RejectSource.SERVICE_USER, 3, "calling-AE-title-not-recognized"),
    CALLED_AE_TITLE_NOT_RECOGNIZED(RejectSource.SERVICE_USER, 7, "called-AE-title-not-recognized"),
    ACSE_NO_REASON_GIVEN(RejectSource.SERVICE_PROVIDER_ACSE, 1, "no-reason-given"),
    PROTOCOL_VERSION_NOT_SUPPORTED(RejectSource.SERVICE_PROVIDER_ACSE, 2, "protocol-version-not-supported"),
    TEMPORARY_CONGESTION(RejectSource.SERVICE_PROVIDER_PRESENTATION, 1, "temporary-congestion"),
    LOCAL_LIMIT_EXCEEDED(RejectSource.SERVICE_PROVIDER_PRESENTATION, 2, "local-limit-exceeded");

    private final RejectSource source;
    private final Row row;

    RejectReason(RejectSource source, int code, String text) {
        this.source = source;
        this.row = new Row(code, text);
    }

    public RejectSource source() {
        return source;
    }

    @Override
    public Row row() {
        return row;
    }

    /** Null for a value the standard does not define (or reserves) for that source. */
    public static RejectReason of(int source, int code) {
        for (RejectReason r : values()) {
            if (r.source.code() == source && r.code() == code) {
                return r;
            }
        }
        return null;
    }
}
