package id.dicomgateway.relay.outcome;

import id.dicomgateway.relay.jobs.FailureCode;
import java.util.List;

/**
 * The router did not store everything: ends the request with ROUTER_REJECTED or ROUTER_FAILED
 * (or, when the PACS failed after instances went out, with the PACS's code) and says, per study,
 * which instances were stored. A resend is always of the whole study: the router builds its
 * ImagingStudy from one association alone, so a resend of the missing ones would replace it with those.
 */
public final class RouterFailure extends RelayException {
    private final List<StudyResult> studies;
    private final String jobId;

    public RouterFailure(FailureCode code, String message, List<StudyResult> studies) {
        this(code, message, studies, null);
    }

    private RouterFailure(FailureCode code, String message, List<StudyResult> studies, String jobId) {
        super(code, message);
        this.studies = List.copyOf(studies);
        this.jobId = jobId;
    }

    /** The same failure, naming the job it ended, so a synchronous caller can look the job up. */
    public RouterFailure withJob(String id) {
        return new RouterFailure(code(), getMessage(), studies, id);
    }

    /** The job this failure ended; null when untracked. */
    public String jobId() {
        return jobId;
    }

    public List<StudyResult> studies() {
        return studies;
    }
}
