package id.dicomgateway.relay;

import id.dicomgateway.relay.outcome.StudyResult;
import java.util.List;

/**
 * What a finished relay did: per study what the router stored, in words too (the same words end
 * the job). Process and direct-dcm have one study; an upload one per study it contained.
 *
 * @param files     'file' parts received (upload); 0 otherwise
 * @param instances instances found (upload: in the files, ZIP archives expanded; else in the study)
 */
public record Relayed(String message, int files, int instances, List<StudyResult> studies, long durationMs) {

    public Relayed {
        studies = List.copyOf(studies);
    }

    /** Instances the router confirmed stored. */
    public int sent() {
        return studies.stream().mapToInt(StudyResult::sent).sum();
    }

    /** Dataset bytes sent. */
    public long bytes() {
        return studies.stream().mapToLong(StudyResult::bytes).sum();
    }
}
