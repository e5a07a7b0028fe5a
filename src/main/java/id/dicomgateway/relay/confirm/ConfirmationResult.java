package id.dicomgateway.relay.confirm;

import java.util.List;

/**
 * How SATUSEHAT's ImagingStudy compared with what was sent.
 *
 * @param imagingStudyId the ImagingStudy found, null when none was
 * @param missing        SOP Instance UIDs sent but not listed in the ImagingStudy
 * @param searches       SATUSEHAT searches made
 * @param detail         the text recorded on the job
 */
public record ConfirmationResult(Outcome outcome, String imagingStudyId, List<String> missing, int searches,
        String detail) {

    public enum Outcome {
        /** The ImagingStudy lists every instance sent. */
        CONFIRMED("confirmed"),
        /** An ImagingStudy exists but lacks some instances sent, still when time ran out. */
        INCOMPLETE("incomplete"),
        /** No ImagingStudy appeared in time (or SATUSEHAT could not be asked). */
        NOT_CONFIRMED("not confirmed"),
        /** Not looked for: verify=false, or SATUSEHAT not configured. */
        SKIPPED("skipped");

        private final String label;

        Outcome(String label) {
            this.label = label;
        }

        /** As shown on the job, and (with _ for the space) as the metric's tag. */
        public String label() {
            return label;
        }
    }
}
