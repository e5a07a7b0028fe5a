package id.dicomgateway.receive;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One rule in force, as {@code GET /api/receive/rules} shows it. */
@RegisterForReflection
@Schema(name = "ReceiveRule", description = "A rule of the rules file, in the order they are tried")
public record RuleView(String name, @Schema(description = "Line in the rules file") int line,
                       @Schema(description = "Conditions, all of which must hold; empty: every instance") List<String> match,
                       @Schema(description = "FORWARD, SKIP or SET") String action,
                       @Schema(nullable = true, description = "Where the new Accession Number comes from") String accessionNumber,
                       @Schema(nullable = true, description = "Where the new Patient ID comes from") String patientId) {

    static RuleView of(Rule r) {
        List<String> match = new java.util.ArrayList<>();
        if (!r.match().callingAeTitles().isEmpty()) {
            match.add("callingAe in " + new java.util.TreeSet<>(r.match().callingAeTitles()));
        }
        if (!r.match().modalities().isEmpty()) {
            match.add("modality in " + new java.util.TreeSet<>(r.match().modalities()));
        }
        if (!r.match().sopClasses().isEmpty()) {
            match.add("sopClass in " + new java.util.TreeSet<>(r.match().sopClasses()));
        }
        r.match().attributes().forEach((k, v) -> match.add(k + " ~ /" + v.pattern() + "/"));
        return new RuleView(r.name(), r.line(), List.copyOf(match), r.action().name(),
                r.accessionNumber() == null ? null : r.accessionNumber().toString(),
                r.patientId() == null ? null : r.patientId().toString());
    }

    /** The rules in force and where they come from. */
    @RegisterForReflection
    @Schema(name = "ReceiveRules")
    public record InForce(@Schema(nullable = true, description = "The rules file; null: none, all forwarded unchanged") String file,
                          @Schema(description = "Whether the gateway listens as a Storage SCP") boolean listening,
                          @Schema(nullable = true) String aeTitle, @Schema(nullable = true) Integer port,
                          List<RuleView> rules) {
    }
}
