package id.dicomgateway.receive;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A snapshot of one study received over DICOM, as the dashboard and {@code GET /api/receive/studies} show it. */
@RegisterForReflection
@Schema(name = "ReceivedStudy", description = "A study sent to the gateway's Storage SCP and what became of it")
public record ReceivedStudy(
        @Schema(description = "Study Instance UID (0020,000D)") String studyUid,
        @Schema(description = "Calling AE titles it came from, in order of arrival") List<String> callingAeTitles,
        @Schema(description = "ARRIVING (within the idle time), FORWARDED (a job was made), WAITING (its job waits for a "
                + "person to choose its order: no single open order matched; the job keeps its own copy), KEPT (forwarded, files kept "
                + "for a late instance), EXPIRED (files removed), SKIPPED (every instance skipped by a rule), DISCARDED (only instances of aborted "
                + "associations), FAILED "
                + "(refused before a job could be made)") ReceivedState state,
        @Schema(description = "Instances held now (kept or waiting), skipped ones excluded") int instances,
        @Schema(description = "Instances a rule skipped (not forwarded)") int skipped,
        @Schema(description = "Instances that came after the study's files were removed: shown, never sent alone") int late,
        @Schema(description = "Instances dropped because their association was aborted") int discarded,
        @Schema(description = "Bytes held") long bytes,
        @Schema(description = "Rule that decided the study's values; null: no rule matched", nullable = true) String rule,
        @Schema(description = "What the rule changed, in words", nullable = true) String changes,
        @Schema(description = "Jobs made for it, oldest first; the last is the current one") List<String> jobs,
        @Schema(description = "State of the last job", nullable = true) String jobState,
        @Schema(description = "Why it could not be forwarded, when it could not", nullable = true) String message,
        Instant firstArrival,
        Instant lastArrival,
        @Schema(description = "When it is considered complete (last arrival + idle), while arriving", nullable = true)
        Instant completeAt,
        @Schema(description = "When its files are removed, once forwarded", nullable = true) Instant keptUntil,
        @Schema(description = "Instances in a syntax the router does not take for their SOP class (as known when they arrived), "
                + "each \"SOP Instance UID in syntax (UID)\": the gateway decodes no pixels, so the study's job fails with "
                + "RECEIVER_REFUSES_SYNTAX and nothing is sent; have the sender send them uncompressed")
        List<String> notTakenByRouter) {

    @Schema(name = "ReceivedState")
    public enum ReceivedState {
        ARRIVING,
        FORWARDED,
        WAITING,
        KEPT,
        EXPIRED,
        SKIPPED,
        DISCARDED,
        FAILED
    }
}
