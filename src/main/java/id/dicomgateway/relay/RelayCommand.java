package id.dicomgateway.relay;

import id.dicomgateway.relay.files.UploadedFiles;
import id.dicomgateway.relay.jobs.JobKind;

/**
 * One request to relay, as the API received it and before anything is checked: which operation,
 * on which study or which uploaded files, the values to stamp, and how to run it. Its use case carries it
 * out: {@link StudyRelay#process} or {@link UploadRelay#upload} ({@link Relay#submit} chooses for callers that hold one).
 *
 * @param study           Study Instance UID (process, direct-dcm); null for an upload
 * @param files           the uploaded files (upload); null otherwise
 * @param patientId       new PatientID as sent: null or empty leaves it as it is
 * @param accessionNumber new AccessionNumber as sent: null or empty leaves it as it is
 * @param force           send although the ServiceRequest check failed or could not be made
 * @param verify          watch SATUSEHAT for the ImagingStudy after a complete send
 * @param async           answer at once with the job, and send in the background
 * @param matchOrders     a study that would go out without an AccessionNumber is matched to the open orders first
 *                        (issue 24 item 3, {@link id.dicomgateway.orders.Reconciliation}); false where the caller decided already
 * @param job             the job this run reports into when it is open already (a stored job a worker took up again);
 *                        null: a new request, which opens its own
 */
public record RelayCommand(Operation operation, String study, UploadedFiles files, String patientId, String accessionNumber,
        boolean force, boolean verify, boolean async, boolean matchOrders, String job) {

    /** The same command, not matched to the orders: its sender decided that already (the receive side, a stored job). */
    public RelayCommand withoutOrderMatching() {
        return new RelayCommand(operation, study, files, patientId, accessionNumber, force, verify, async, false, job);
    }

    /** A stored job a worker took up again, as job {@code job}: in the background, its values as stored, no order matching. */
    public static RelayCommand resumed(String job, Operation operation, String study, UploadedFiles files, String patientId,
            String accessionNumber, boolean force, boolean verify) {
        return new RelayCommand(operation, study, files, patientId, accessionNumber, force, verify, true, false, job);
    }

    /** The operations of the earlier service's contract; the label names them in metrics and logs. */
    public enum Operation {
        PROCESS("process", JobKind.PROCESS),
        DIRECT("direct-dcm", JobKind.DIRECT),
        UPLOAD("upload", JobKind.UPLOAD);

        private final String label;
        private final JobKind kind;

        Operation(String label, JobKind kind) {
            this.label = label;
            this.kind = kind;
        }

        public String label() {
            return label;
        }

        public JobKind kind() {
            return kind;
        }
    }

    /** Fetch from the PACS, re-stamp, send. */
    public static RelayCommand process(String study, String patientId, String accessionNumber, boolean force, boolean verify,
            boolean async) {
        return new RelayCommand(Operation.PROCESS, study, null, patientId, accessionNumber, force, verify, async, true, null);
    }

    /** Fetch from the PACS, send unchanged. */
    public static RelayCommand direct(String study, boolean force, boolean verify, boolean async) {
        return new RelayCommand(Operation.DIRECT, study, null, null, null, force, verify, async, true, null);
    }

    /** Validate the uploaded files, re-stamp, send each study. */
    public static RelayCommand upload(UploadedFiles files, String patientId, String accessionNumber, boolean force, boolean verify,
            boolean async) {
        return new RelayCommand(Operation.UPLOAD, null, files, patientId, accessionNumber, force, verify, async, true, null);
    }
}
