package id.dicomgateway.dimse.pdu;

/** Source field of A-ABORT, PS3.8 table 9-26. */
public enum AbortSource implements WireCode {
    SERVICE_USER(0, "service-user"),
    RESERVED(1, "reserved"),
    SERVICE_PROVIDER(2, "service-provider");

    private final int code;
    private final String text;

    AbortSource(int code, String text) {
        this.code = code;
        this.text = text;
    }

    @Override
    public int code() {
        return code;
    }

    @Override
    public String text() {
        return text;
    }
}
