package id.dicomgateway.dimse.pdu;

/** Source field of A-ASSOCIATE-RJ, PS3.8 table 9-21. */
public enum RejectSource implements WireCode {
    SERVICE_USER(1, "service-user"),
    SERVICE_PROVIDER_ACSE(2, "service-provider (ACSE)"),
    SERVICE_PROVIDER_PRESENTATION(3, "service-provider (presentation)");

    private final Row row;

    RejectSource(int code, String text) {
        row = new Row(code, text);
    }

    @Override
    public Row row() {
        return row;
    }
}
