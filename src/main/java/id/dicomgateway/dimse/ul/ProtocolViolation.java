package id.dicomgateway.dimse.ul;

import id.dicomgateway.dimse.pdu.AbortReason;
/**
 * A peer broke PS3.8 while a PDU was handled: unwinds to the socket handler of either side of an
 * association, which sends A-ABORT (source service-provider) with {@link #reason}.
 */
public final class ProtocolViolation extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final AbortReason reason;

    public ProtocolViolation(AbortReason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    /** The A-ABORT reason of PS3.8 table 9-26 to send. */
    public AbortReason reason() {
        return reason;
    }
}
