package id.dicomgateway.relay.search;

import id.dicomgateway.job.JobState;
import id.dicomgateway.relay.jobs.FailureCode;
import id.dicomgateway.relay.jobs.JobKind;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Where a PACS study stands with SATUSEHAT, for a search result: is there an order
 * (ServiceRequest) for its Accession Number, is there an ImagingStudy and with how many instances
 * against the PACS's count, and what this gateway last did with the study.
 */
@RegisterForReflection
@Schema(name = "StudyStatus", description = "A PACS study against SATUSEHAT and this gateway's jobs")
public record StudyStatus(
        @Schema(description = "Study Instance UID (0020,000D)") String studyInstanceUid,
        @Schema(description = "The Accession Number looked up: the one asked for, else the PACS's", nullable = true) String accessionNumber,
        @Schema(description = "Number of Study Related Instances in the PACS", nullable = true) Integer pacsInstances,
        @Schema(description = "NO_ACCESSION: nothing to look up (the router would drop it); NO_ORDER: no ServiceRequest (the router "
                + "would drop it); READY: an order and no ImagingStudy yet; SENT: an ImagingStudy with the PACS's instance count; "
                + "PARTIAL: an ImagingStudy with another count; UNKNOWN: SATUSEHAT not configured or not answering") Verdict verdict,
        Lookup serviceRequest,
        Lookup imagingStudy,
        @Schema(description = "The newest job of this gateway for the study, if it still has one", nullable = true) LastJob lastJob,
        @Schema(description = "When SATUSEHAT was asked (answers are reused for a short while)", nullable = true) Instant checkedAt) {

    public enum Verdict { NO_ACCESSION, NO_ORDER, READY, SENT, PARTIAL, UNKNOWN }

    public enum LookupState { FOUND, NONE, NOT_CHECKED, FAILED }

    /** One SATUSEHAT search by Accession Number. */
    @RegisterForReflection
    @Schema(name = "StatusLookup", description = "One SATUSEHAT search by Accession Number")
    public record Lookup(
            LookupState state,
            @Schema(description = "The resource's id, when found", nullable = true) String id,
            @Schema(description = "ImagingStudy.numberOfInstances, when found", nullable = true) Integer numberOfInstances,
            @Schema(description = "Why it failed or was not checked: a stable code", nullable = true) FailureCode code,
            @Schema(nullable = true) String message) {

        static Lookup found(String id, Integer instances) {
            return new Lookup(LookupState.FOUND, id, instances, null, null);
        }

        static Lookup none() {
            return new Lookup(LookupState.NONE, null, null, null, null);
        }

        static Lookup notChecked(FailureCode code, String why) {
            return new Lookup(LookupState.NOT_CHECKED, null, null, code, why);
        }

        static Lookup failed(FailureCode code, String message) {
            return new Lookup(LookupState.FAILED, null, null, code, message);
        }
    }

    @RegisterForReflection
    @Schema(name = "StudyLastJob", description = "The newest job for the study")
    public record LastJob(String id, JobKind kind, JobState state, @Schema(nullable = true) FailureCode errorCode,
            @Schema(nullable = true) String message, Instant createdAt, @Schema(nullable = true) Instant finishedAt) {
    }

    static Verdict verdict(String accessionNumber, Integer pacsInstances, Lookup serviceRequest, Lookup imagingStudy) {
        if (accessionNumber == null || accessionNumber.isBlank()) {
            return Verdict.NO_ACCESSION;
        }
        if (imagingStudy.state() == LookupState.FOUND) {
            boolean counted = pacsInstances != null && imagingStudy.numberOfInstances() != null;
            return counted && !pacsInstances.equals(imagingStudy.numberOfInstances()) ? Verdict.PARTIAL : Verdict.SENT;
        }
        if (imagingStudy.state() == LookupState.NONE && serviceRequest.state() == LookupState.FOUND) {
            return Verdict.READY;
        }
        if (imagingStudy.state() == LookupState.NONE && serviceRequest.state() == LookupState.NONE) {
            return Verdict.NO_ORDER;
        }
        return Verdict.UNKNOWN;
    }
}
