package id.dicomgateway.dimse.pdu;

/** Result/Reason of a presentation context in an A-ASSOCIATE-AC, PS3.8 table 9-18. */
public enum ContextResult implements WireCode {
    ACCEPTANCE(0, "acceptance"),
    USER_REJECTION(1, "user-rejection"),
    PROVIDER_REJECTION(2, "no-reason (provider rejection)"),
    ABSTRACT_SYNTAX_NOT_SUPPORTED(3, "abstract-syntax-not-supported"),
    TRANSFER_SYNTAXES_NOT_SUPPORTED(4, "transfer-syntaxes-not-supported");

    private final Row row;

    ContextResult(int code, String text) {
        row = new Row(code, text);
    }

    @Override
    public Row row() {
        return row;
    }
}
