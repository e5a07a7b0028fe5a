package id.dicomgateway.dimse.pdu;

/** Source field of A-ABORT, PS3.8 table 9-26. */
public enum AbortSource implements WireCode {
    SERVICE_USER(0, "service-user"),
    RESERVED(1, "reserved"),
    SERVICE_PROVIDER(2, "service-provider");

    private final Row row;

    AbortSource(int code, String text) {
        row = new Row(code, text);
    }

    @Override
    public Row row() {
        return row;
    }
}
