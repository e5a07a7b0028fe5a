package id.dicomgateway.dimse.pdu;

/** Result field of A-ASSOCIATE-RJ, PS3.8 table 9-21. */
public enum RejectResult implements WireCode {
    PERMANENT(1, "rejected-permanent"),
    TRANSIENT(2, "rejected-transient");

    private final int code;
    private final String text;

    RejectResult(int code, String text) {
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
