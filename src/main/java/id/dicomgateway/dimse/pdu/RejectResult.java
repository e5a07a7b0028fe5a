package id.dicomgateway.dimse.pdu;

/** Result field of A-ASSOCIATE-RJ, PS3.8 table 9-21. */
public enum RejectResult implements WireCode {
    PERMANENT(1, "rejected-permanent"),
    TRANSIENT(2, "rejected-transient");

    private final Row row;

    RejectResult(int code, String text) {
        row = new Row(code, text);
    }

    @Override
    public Row row() {
        return row;
    }
}
