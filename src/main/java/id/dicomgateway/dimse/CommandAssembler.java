package id.dicomgateway.dimse;

import id.dicomgateway.dimse.pdu.PduException;
import id.dicomgateway.dimse.pdu.AbortReason;
import id.dicomgateway.dimse.pdu.PduItems.Pdv;
import java.io.ByteArrayOutputStream;

/**
 * Joins the command fragments of one DIMSE message (PS3.8 E.2: PDVs with bit 0 of the message
 * control header set, the last one with bit 1) and decodes the command set. Used by both sides of
 * an association; it bounds what a peer can make us hold.
 */
final class CommandAssembler {

    /** Above this a command set is not plausible (a C-STORE-RQ is under 300 bytes). */
    static final int MAX_COMMAND_LENGTH = 64 * 1024;

    private final ByteArrayOutputStream fragments = new ByteArrayOutputStream();

    /**
     * Adds one command fragment.
     *
     * @return the command set when {@code pdv} was its last fragment, else null
     * @throws PduException when the command grows past {@link #MAX_COMMAND_LENGTH} or does not decode
     */
    CommandSet add(Pdv pdv) throws PduException {
        if (fragments.size() + pdv.data().length > MAX_COMMAND_LENGTH) {
            fragments.reset();
            throw new PduException(AbortReason.INVALID_PDU_PARAMETER_VALUE, "command set too long");
        }
        fragments.writeBytes(pdv.data());
        if (!pdv.last()) {
            return null;
        }
        try {
            return CommandSet.decode(fragments.toByteArray());
        } finally {
            fragments.reset();
        }
    }

    /** Some fragments of a command arrived, not its last one. */
    boolean inProgress() {
        return fragments.size() > 0;
    }
}
