package id.dicomgateway.dimse;

import id.dicomgateway.dimse.pdu.AbortReason;
import id.dicomgateway.dimse.pdu.PduException;
import id.dicomgateway.dimse.pdu.PduItems.Pdv;
import id.dicomgateway.dimse.ul.ProtocolViolation;
import java.io.ByteArrayOutputStream;

/**
 * Joins the command fragments of one DIMSE message (PS3.8 E.2: PDVs with bit 0 of the message
 * control header set, the last one with bit 1) and decodes the command set, after checking that
 * each PDV may come where it comes. Used by both sides of an association; it bounds what a peer
 * can make us hold.
 */
final class CommandAssembler {

    /** Above this a command set is not plausible (a C-STORE-RQ is under 300 bytes). */
    static final int MAX_COMMAND_LENGTH = 64 * 1024;

    private final ByteArrayOutputStream fragments = new ByteArrayOutputStream();

    /**
     * Takes one PDV of the message being received, checked against the association first (PS3.8
     * 9.3.5, E.2): it must be on an accepted presentation context; a command fragment cannot come
     * while a data set is open, nor a data fragment while none is. Data fragments are the caller's.
     *
     * @param accepted whether the PDV's presentation context was accepted
     * @param dataSetOpen whether a command announced a data set that has not ended
     * @return the command set when {@code pdv} was its last fragment, else null (always null for data)
     * @throws ProtocolViolation when the PDV breaks these rules, or the command grows past
     *         {@link #MAX_COMMAND_LENGTH} or does not decode: the association is aborted with the
     *         reason it names
     */
    CommandSet take(Pdv pdv, boolean accepted, boolean dataSetOpen) {
        if (!accepted) {
            throw new ProtocolViolation(AbortReason.UNEXPECTED_PDU_PARAMETER,
                    "PDV on presentation context " + pdv.presentationContextId() + ", which is not accepted");
        }
        if (pdv.command() == dataSetOpen) {
            throw new ProtocolViolation(AbortReason.UNEXPECTED_PDU,
                    dataSetOpen ? "command fragment inside a data set" : "data fragment without a command");
        }
        return pdv.command() ? add(pdv) : null;
    }

    private CommandSet add(Pdv pdv) {
        if (fragments.size() + pdv.data().length > MAX_COMMAND_LENGTH) {
            fragments.reset();
            throw new ProtocolViolation(AbortReason.INVALID_PDU_PARAMETER_VALUE, "command set too long");
        }
        fragments.writeBytes(pdv.data());
        if (!pdv.last()) {
            return null;
        }
        try {
            return CommandSet.decode(fragments.toByteArray());
        } catch (PduException e) {
            throw new ProtocolViolation(e.abortReason(), e.getMessage());
        } finally {
            fragments.reset();
        }
    }

    /** Some fragments of a command arrived, not its last one. */
    boolean inProgress() {
        return fragments.size() > 0;
    }
}
