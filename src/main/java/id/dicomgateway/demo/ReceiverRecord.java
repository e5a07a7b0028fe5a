package id.dicomgateway.demo;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.List;

/**
 * What the embedded receiver got, newest association first: the answer of {@code GET /api/demo/router}.
 *
 * @param enabled      demo mode is on (off: no receiver, nothing recorded)
 * @param receiver     where it listens and whether it does
 * @param verifications associations that only verified the connection (C-ECHO, e.g. readiness) and
 *                      were released: counted, not listed
 * @param associations the most recent ones ({@value DemoReceiver#KEPT} at most are kept)
 */
@RegisterForReflection(targets = {ReceiverRecord.class, ReceiverRecord.Receiver.class, ReceiverRecord.Association.class,
        ReceiverRecord.State.class, ReceiverRecord.Study.class, ReceiverRecord.Instance.class})
public record ReceiverRecord(boolean enabled, Receiver receiver, long verifications, List<Association> associations) {

    /**
     * @param listening false if it could not bind (then {@code error} says why)
     * @param storeDir  where received files are kept, one directory per association
     */
    public record Receiver(String aeTitle, String host, int port, boolean listening, String error, String storeDir) {
    }

    /** How an association ended: still open, released by the peer (PS3.8 7.2), or aborted (7.3, 7.4). */
    public enum State { OPEN, RELEASED, ABORTED }

    /**
     * One association as the receiver saw it.
     *
     * @param instances   instances stored (each also listed under its study, up to a bound)
     * @param bytes       data set bytes of those instances
     * @param abortReason why it was aborted, when it was
     */
    public record Association(String id, String callingAeTitle, String calledAeTitle, String remote, Instant acceptedAt,
            Instant endedAt, State state, String abortReason, int instances, long bytes, List<Study> studies) {
    }

    /**
     * The instances of one study in one association, with the distinct PatientID and
     * AccessionNumber values they carried (one each, for a study sent as it should be).
     */
    public record Study(String studyInstanceUid, List<String> patientIds, List<String> accessionNumbers, List<Instance> instances) {
    }

    /**
     * One instance as received: PatientID and AccessionNumber read from the stored file by the
     * {@code dicom} layer, null when the element is absent, "" when present and empty.
     *
     * @param status the C-STORE response status sent (0 success; C000 when the data set could not be read)
     */
    public record Instance(String sopInstanceUid, String sopClassUid, String seriesInstanceUid, String transferSyntaxUid,
            long bytes, String patientId, String accessionNumber, Instant receivedAt, int status, String error) {
    }
}
