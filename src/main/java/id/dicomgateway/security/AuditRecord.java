package id.dicomgateway.security;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One action: who did it, with which role and sign-in, on which study and job, and how it ended. Never a patient's name. */
@Schema(name = "AuditRecord", description = "One action in the audit trail")
public record AuditRecord(
        @Schema(description = "When the answer was sent", examples = "2026-12-01T08:15:30.120Z") Instant time,
        @Schema(description = "Who: key:<name> for an API key, the user name for people, anonymous when checks are off or nobody signed in", examples = "key:ris-bridge") String who,
        @Schema(description = "Highest role (viewer, operator, admin), or none", examples = "operator") String role,
        @Schema(description = "api-key, password, oidc, none (GATEWAY_AUTH=none) or anonymous", examples = "api-key") String signIn,
        @Schema(description = "The operation (its OpenAPI operationId)", examples = "processStudy") String action,
        @Schema(description = "Study Instance UID, when the action names one", examples = "1.3.6.1.4.1.5962.1.1.0.0.0.1196533885.18148.0.1") String study,
        @Schema(description = "Job id, when the action made or names one", examples = "0b8e6a2c-3f4e-4a8b-9d59-5c1b7e0d2a11") String job,
        @Schema(description = "HTTP status of the answer", examples = "200") int result,
        @Schema(description = "Client address (X-Forwarded-For of a trusted proxy)", examples = "10.20.3.44") String address) {

    /** The log line: key=value pairs, values without spaces or quotes (they are names, UIDs, ids and numbers). */
    public String line() {
        return "audit who=" + token(who) + " role=" + token(role) + " signIn=" + token(signIn) + " action=" + token(action)
                + " study=" + token(study) + " job=" + token(job) + " result=" + result + " address=" + token(address);
    }

    private static String token(String s) {
        if (s == null || s.isEmpty()) {
            return "-";
        }
        // Names come from configuration or an IdP; keep the line one line of parseable tokens whatever they hold.
        return s.replaceAll("[^A-Za-z0-9._:@/+-]", "_");
    }
}
