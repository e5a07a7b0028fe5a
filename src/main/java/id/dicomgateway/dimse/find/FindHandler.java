package id.dicomgateway.dimse.find;

import io.smallrye.mutiny.Multi;

/**
 * What a C-FIND SCP answers (PS3.4 C.4.1.3.1): for one request's Identifier, the matching Identifiers, each
 * holding only the requested keys. The SCP sends one pending response per item and cancels the subscription
 * when the peer sends C-CANCEL (PS3.7 9.1.2.1.5). Called on the association's event loop: a handler that
 * reads a database moves that work to a worker.
 */
@FunctionalInterface
public interface FindHandler {
    /** The SOP Class this handler answers: the Modality Worklist Information Model - FIND (PS3.4 K.6.1.1). */
    String MODALITY_WORKLIST_FIND = "1.2.840.10008.5.1.4.31";

    /**
     * @param sopClassUid    the request's Affected SOP Class UID (only classes whose context was accepted arrive)
     * @param callingAeTitle the peer's AE title, as it associated
     * @param query          the request's Identifier
     */
    Multi<Identifier> find(String sopClassUid, String callingAeTitle, Identifier query);
}
