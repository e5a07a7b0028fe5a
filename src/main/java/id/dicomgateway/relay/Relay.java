package id.dicomgateway.relay;

import id.dicomgateway.relay.RelayCommand.Operation;
import id.dicomgateway.relay.files.Spool;
import id.dicomgateway.relay.files.UploadedFiles;
import id.dicomgateway.relay.jobs.FailureCode;
import id.dicomgateway.relay.jobs.JobRegistry;
import id.dicomgateway.store.JobRecord;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * The way into the relay for callers that hold a command or a stored job rather than an HTTP request (the receive
 * side, the job workers): each goes to its use case in one call, {@link StudyRelay#process} (process, direct-dcm) or
 * {@link UploadRelay#upload}. The API's resources call those use cases themselves.
 */
@Singleton
public class Relay {
    @Inject
    StudyRelay studies;
    @Inject
    UploadRelay uploads;
    @Inject
    JobRegistry jobs;

    /** An empty upload in its own temp directory, for the caller to write the received files into. */
    public UploadedFiles newUpload() {
        return uploads.open();
    }

    /**
     * Carries out {@code command}. Bad values, a study that would be dropped and an upload file
     * that is not DICOM fail here, before a job exists and before anything is sent, also when
     * {@code async}. An upload's files are read on the calling thread, which must then be a worker.
     */
    public Uni<RelayAnswer> submit(RelayCommand command) {
        return command.operation() == Operation.UPLOAD ? uploads.upload(command) : studies.process(command);
    }

    /**
     * Takes an upload in as {@link #submit} does in the background, but its job waits (WAITING_FOR_ORDER) until a person
     * assigns it an order or cancels it (issue 24 item 3: a received study that no single order matches); nothing is
     * sent before. Its files wait in this node's spool meanwhile. The job's id. Blocking: call on a worker.
     */
    public String submitWaiting(RelayCommand command, String reason) {
        return uploads.submitWaiting(command, reason);
    }

    /**
     * Runs a stored job again in the background, as a worker claimed it: a retry, a job waiting for
     * its order, or one whose replica died. The whole study goes again in a new association
     * (an association that was never released is discarded by the router, docs/architecture.md).
     * An upload's files wait in this node's {@link Spool} (the store gives the job to no other
     * node); those of a synchronous upload lived in its request's temporary directory: they are gone, the job fails.
     */
    public void resume(JobRecord record) {
        String id = jobs.resume(record);
        if (record.filesLocation() != null && "UPLOAD".equals(record.kind())) {
            uploads.resume(record, id);
            return;
        }
        Operation operation = switch (record.kind()) {
            case "PROCESS" -> Operation.PROCESS;
            case "DIRECT" -> Operation.DIRECT;
            default -> null;
        };
        if (operation == null || record.studyUid() == null) {
            jobs.failed(id, FailureCode.INVALID_REQUEST, "The uploaded files of this job are not kept for another attempt: "
                    + "upload them again");
            return;
        }
        // Settled at once (the job is open, nothing to decide): the work goes on in the background.
        studies.process(RelayCommand.resumed(id, operation, record.studyUid(), null, record.patientId(), record.accessionNumber(),
                record.force(), record.verify())).await().indefinitely();
    }
}
