package id.dicomgateway.dimse;

import id.dicomgateway.dimse.pdu.AbortReason;
/**
 * A peer broke PS3.8 while a PDU was handled: unwinds to the socket handler of either side of an
 * association, which sends A-ABORT (source service-provider) with {@link #reason}.
 */
final class ProtocolViolation extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final AbortReason reason;

    ProtocolViolation(AbortReason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }
}
