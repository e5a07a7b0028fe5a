package id.dicomgateway.dimse;

import java.io.IOException;

/**
 * Bytes that are not a valid PDU (PS3.8 9.3). {@link #abortReason()} is the A-ABORT reason of PS3.8
 * table 9-26 that the state machine sends in answer (AA-1 / AA-8 of PS3.8 9.2).
 */
public final class PduException extends IOException {

    private static final long serialVersionUID = 1L;

    public static final int UNRECOGNIZED_PDU = 1;
    public static final int UNEXPECTED_PDU = 2;
    public static final int UNRECOGNIZED_PDU_PARAMETER = 4;
    public static final int INVALID_PDU_PARAMETER_VALUE = 6;

    private final int abortReason;

    public PduException(int abortReason, String message) {
        super(message);
        this.abortReason = abortReason;
    }

    public int abortReason() {
        return abortReason;
    }
}
