package id.dicomgateway.store;

import java.util.Objects;

/**
 * What a job is asked to do, as recorded before the request is answered.
 *
 * @param kind what the relay does, e.g. PROCESS, DIRECT, UPLOAD (the store does not interpret it)
 * @param studyUid Study Instance UID; null until known (uploads)
 * @param filesLocation where uploaded files wait (a directory), null for studies fetched from the PACS
 * @param patientId Patient ID (0010,0020) the job stamps or sends; never a name
 * @param accessionNumber Accession Number (0008,0050) the job stamps or sends
 * @param force send even when SATUSEHAT's pre-check refuses
 * @param verify check SATUSEHAT for the ImagingStudy after sending
 * @param runner a replica that runs the job at once (a synchronous call: created RUNNING under its
 *               lease, with attempt 1 open); null for a queued job that any worker claims
 * @param filesNode the node whose spool holds {@code filesLocation}: only its workers claim the job; null
 *                  for a job any replica can run
 */
public record NewJob(String kind, String studyUid, String filesLocation, String patientId, String accessionNumber,
        boolean force, boolean verify, String runner, String filesNode) {

    public NewJob {
        Objects.requireNonNull(kind, "kind");
    }

    /** A job any replica can run. */
    public NewJob(String kind, String studyUid, String filesLocation, String patientId, String accessionNumber,
            boolean force, boolean verify, String runner) {
        this(kind, studyUid, filesLocation, patientId, accessionNumber, force, verify, runner, null);
    }

    /** Its files wait at {@code location} in the spool of {@code node}, which alone may run it. */
    public NewJob heldBy(String node, String location) {
        return new NewJob(kind, studyUid, location, patientId, accessionNumber, force, verify, runner, node);
    }

    public static NewJob queued(String kind, String studyUid, String patientId, String accessionNumber) {
        return new NewJob(kind, studyUid, null, patientId, accessionNumber, false, false, null);
    }

    public NewJob withFiles(String location) {
        return new NewJob(kind, studyUid, location, patientId, accessionNumber, force, verify, runner, filesNode);
    }

    public NewJob withOptions(boolean force, boolean verify) {
        return new NewJob(kind, studyUid, filesLocation, patientId, accessionNumber, force, verify, runner, filesNode);
    }

    public NewJob runBy(String holder) {
        return new NewJob(kind, studyUid, filesLocation, patientId, accessionNumber, force, verify, holder, filesNode);
    }
}
