package id.dicomgateway.dimse.pdu;

import java.io.IOException;
import java.util.Objects;

/**
 * Bytes that are not a valid PDU (PS3.8 9.3). {@link #abortReason()} is the A-ABORT reason of PS3.8
 * table 9-26 that the state machine sends in answer (AA-1 / AA-8 of PS3.8 9.2).
 */
public final class PduException extends IOException {

    private static final long serialVersionUID = 1L;

    public static final AbortReason UNRECOGNIZED_PDU = AbortReason.UNRECOGNIZED_PDU;
    public static final AbortReason UNEXPECTED_PDU = AbortReason.UNEXPECTED_PDU;
    public static final AbortReason UNRECOGNIZED_PDU_PARAMETER = AbortReason.UNRECOGNIZED_PDU_PARAMETER;
    public static final AbortReason INVALID_PDU_PARAMETER_VALUE = AbortReason.INVALID_PDU_PARAMETER_VALUE;

    private final AbortReason abortReason;

    public PduException(AbortReason abortReason, String message) {
        super(message);
        this.abortReason = Objects.requireNonNull(abortReason, "abortReason");
    }

    public AbortReason abortReason() {
        return abortReason;
    }
}
