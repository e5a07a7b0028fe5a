package id.dicomgateway.dimse.ul;

import id.dicomgateway.dimse.pdu.AbortReason;
import id.dicomgateway.dimse.pdu.Pdu;

/**
 * The local user of the upper layer (ACSE and DIMSE of one role): the indication and confirmation
 * primitives of PS3.8 9.2 that the {@link UpperLayer} issues. Called on the association's context,
 * after the state has moved to the action's next state, so a user may answer at once (an SCP calls
 * {@link UpperLayer#accept} from {@link #associateIndication}). A {@link ProtocolViolation} thrown
 * while a received PDU is handled makes that PDU invalid (Evt19).
 */
public interface ServiceUser {

    /** AE-6: an A-ASSOCIATE-RQ arrived; answer with {@link UpperLayer#accept} or {@link UpperLayer#reject}. */
    default void associateIndication(Pdu.AAssociateRq rq) {
        throw new ProtocolViolation(AbortReason.UNEXPECTED_PDU, "an association-requestor got an A-ASSOCIATE-RQ");
    }

    /** AE-3: the peer accepted. */
    default void acceptConfirmation(Pdu.AAssociateAc ac) {
    }

    /** AE-4: the peer rejected; the transport is closed. */
    default void rejectConfirmation(Pdu.AAssociateRj rj) {
    }

    /** DT-2, AR-6: a P-DATA-TF PDU. */
    void dataIndication(Pdu.PDataTf data);

    /**
     * AR-2 (Sta8) or, when both sides asked at once, AR-8 (collision: Sta9 or Sta10): the peer asks
     * to release; answer with {@link UpperLayer#releaseResponse} or abort.
     */
    default void releaseIndication(boolean collision) {
    }

    /** AR-3 (transport closed) or AR-10 (collision, acceptor: answer with {@link UpperLayer#releaseResponse}). */
    default void releaseConfirmation() {
    }

    /** AA-3: the peer sent A-ABORT; the transport is closed. */
    void abortIndication(Pdu.AAbort abort);

    /**
     * AA-4 (the transport closed or could not be opened) and AA-8 (we found the peer's PDU
     * unexpected or invalid and sent A-ABORT, source service-provider): the A-P-ABORT indication.
     */
    void providerAbortIndication(ProviderAbort abort);

    /** The transport closed (every association passes here once, whatever ended it); {@code before}: the state then. */
    default void transportClosed(State before) {
    }

    /**
     * Why the service-provider ended the association.
     *
     * @param in      the state when it happened
     * @param reason  the A-ABORT reason we sent (AA-8), null when nothing was sent (AA-4)
     * @param message what happened, for logs and errors
     * @param cause   the transport's failure, if any (a connection refused)
     */
    record ProviderAbort(State in, AbortReason reason, String message, Throwable cause) {
    }
}
