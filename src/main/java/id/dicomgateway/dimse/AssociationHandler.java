package id.dicomgateway.dimse;

import io.smallrye.mutiny.Uni;

/** The events of one accepted association. Exactly one of {@link #released()} and {@link #aborted} ends it. */
public interface AssociationHandler {

    /**
     * One instance fully received and written as a Part 10 file: File Meta built from the C-STORE
     * command and the context's transfer syntax (PS3.10 7.1), then the data set as received,
     * streamed to disk. The handler owns the file from now on (it may move it).
     *
     * <p>Called on a worker thread; may read the file. The item is the C-STORE response status
     * (0000H success, PS3.4 B.2.3 codes otherwise); a failure answers A700H (out of resources).
     */
    Uni<Integer> stored(ReceivedInstance instance);

    /** A-RELEASE completed (A-RELEASE-RP sent). Runs on the event loop. */
    void released();

    /** A-ABORT received or sent, connection lost, timeout or limit hit. Runs on the event loop. */
    void aborted(String reason);
}
