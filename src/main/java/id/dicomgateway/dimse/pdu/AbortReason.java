package id.dicomgateway.dimse.pdu;

/**
 * Reason/Diag. field of A-ABORT, PS3.8 table 9-26: significant only when the source is the
 * service-provider (a service-user abort carries 0, "not significant").
 */
public enum AbortReason implements WireCode {
    REASON_NOT_SPECIFIED(0, "reason-not-specified"),
    UNRECOGNIZED_PDU(1, "unrecognized-PDU"),
    UNEXPECTED_PDU(2, "unexpected-PDU"),
    UNRECOGNIZED_PDU_PARAMETER(4, "unrecognized-PDU-parameter"),
    UNEXPECTED_PDU_PARAMETER(5, "unexpected-PDU-parameter"),
    INVALID_PDU_PARAMETER_VALUE(6, "invalid-PDU-parameter-value");

    private final Row row;

    AbortReason(int code, String text) {
        row = new Row(code, text);
    }

    @Override
    public Row row() {
        return row;
    }
}
