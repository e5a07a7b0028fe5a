package id.dicomgateway.dimse.pdu;

/** Source field of A-ASSOCIATE-RJ, PS3.8 table 9-21. */
public enum RejectSource {
    SERVICE_USER(1, "service-user"),
    SERVICE_PROVIDER_ACSE(2, "service-provider (ACSE)"),
    SERVICE_PROVIDER_PRESENTATION(3, "service-provider (presentation)");

    private final int code;
    private final String text;

    RejectSource(int code, String text) {
        this.code = code;
        this.text = text;
    }

    public int code() {
        return code;
    }

    public String text() {
        return text;
    }

    /** Null for a value the standard does not define. */
    public static RejectSource of(int code) {
        for (RejectSource s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        return null;
    }
}
