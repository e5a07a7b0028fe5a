package id.dicomgateway.dimse.pdu;

/** Source field of A-ASSOCIATE-RJ, PS3.8 table 9-21. */
public enum RejectSource implements WireCode {
    SERVICE_USER(1, "service-user"),
    SERVICE_PROVIDER_ACSE(2, "service-provider (ACSE)"),
    SERVICE_PROVIDER_PRESENTATION(3, "service-provider (presentation)");

    private final int code;
    private final String text;

    RejectSource(int code, String text) {
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
