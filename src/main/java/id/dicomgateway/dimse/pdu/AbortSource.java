package id.dicomgateway.dimse.pdu;

/** Source field of A-ABORT, PS3.8 table 9-26. */
public enum AbortSource {
    SERVICE_USER(0, "service-user"),
    RESERVED(1, "reserved"),
    SERVICE_PROVIDER(2, "service-provider");

    private final int code;
    private final String text;

    AbortSource(int code, String text) {
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
    public static AbortSource of(int code) {
        for (AbortSource s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        return null;
    }
}
