package id.dicomgateway.dimse.pdu;

/** Result field of A-ASSOCIATE-RJ, PS3.8 table 9-21. */
public enum RejectResult {
    PERMANENT(1, "rejected-permanent"),
    TRANSIENT(2, "rejected-transient");

    private final int code;
    private final String text;

    RejectResult(int code, String text) {
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
    public static RejectResult of(int code) {
        for (RejectResult r : values()) {
            if (r.code == code) {
                return r;
            }
        }
        return null;
    }
}
