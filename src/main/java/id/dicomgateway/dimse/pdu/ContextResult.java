package id.dicomgateway.dimse.pdu;

/** Result/Reason of a presentation context in an A-ASSOCIATE-AC, PS3.8 table 9-18. */
public enum ContextResult implements WireCode {
    ACCEPTANCE(0, "acceptance"),
    USER_REJECTION(1, "user-rejection"),
    PROVIDER_REJECTION(2, "no-reason (provider rejection)"),
    ABSTRACT_SYNTAX_NOT_SUPPORTED(3, "abstract-syntax-not-supported"),
    TRANSFER_SYNTAXES_NOT_SUPPORTED(4, "transfer-syntaxes-not-supported");

    private final int code;
    private final String text;

    ContextResult(int code, String text) {
        this.code = code;
        this.text = text;
    }

    @Override
    public int code() {
        return code;
    }

    /** The standard's wording. */
    @Override
    public String text() {
        return text;
    }
}
