package id.dicomgateway.relay.confirm;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What the SATUSEHAT router tells, after RELEASE, about one (Study Instance UID, Accession Number)
 * of an association: its webhook body (docs/domain.md §4), read by the API. Keys the router left out
 * (null values) are null here.
 *
 * @param succeeded        the body's {@code status}
 * @param imagingStudyId   only with {@code dicom_sent} / {@code dicom_send_failed}
 * @param errors           the body's {@code error} list as "code: message" lines, possibly empty
 */
public record RouterReport(boolean succeeded, Stage stage, String message, String organizationId, String imagingStudyId,
                           String accessionNumber, String studyInstanceUid, List<String> errors) {

    /** Longest text kept from the router per field: its messages go into job checks and the dashboard. */
    public static final int MAX_TEXT = 500;
    /** At most this many error lines are kept. */
    public static final int MAX_ERRORS = 10;

    public RouterReport {
        Objects.requireNonNull(stage, "stage");
        errors = errors == null ? List.of() : List.copyOf(errors.subList(0, Math.min(MAX_ERRORS, errors.size())));
    }

    /** The router's stages: it names them in {@code stage} as these names in lower case ({@link #wire()}). */
    public enum Stage {
        /** ImagingStudy built and every instance pushed to SATUSEHAT's DICOMweb store. */
        DICOM_SENT,
        /** ImagingStudy built, but pushing instances to SATUSEHAT failed. */
        DICOM_SEND_FAILED,
        /** No ServiceRequest (order) found for the Accession Number, or the lookup failed. */
        METADATA_LOOKUP_FAILED,
        /** The ImagingStudy resource could not be built from the files. */
        IMAGINGSTUDY_CREATE_FAILED,
        /** SATUSEHAT refused the ImagingStudy POST/PUT. */
        IMAGINGSTUDY_POST_FAILED;

        /** As the router writes it, e.g. {@code dicom_sent}. */
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The stage of a body's {@code stage} value, or null for anything else. */
        public static Stage of(String wire) {
            for (Stage s : values()) {
                if (s.wire().equals(wire)) {
                    return s;
                }
            }
            return null;
        }
    }

    /** One line for a job check or the dashboard: stage, message, ImagingStudy and errors. */
    public String summary() {
        StringBuilder b = new StringBuilder(stage.wire());
        if (message != null && !message.isBlank()) {
            b.append(": ").append(message);
        }
        if (imagingStudyId != null) {
            b.append(" (ImagingStudy/").append(imagingStudyId).append(')');
        }
        if (!errors.isEmpty()) {
            b.append("; errors: ").append(String.join("; ", errors));
        }
        return b.toString();
    }
}
