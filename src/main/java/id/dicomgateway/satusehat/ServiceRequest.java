package id.dicomgateway.satusehat;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/** The order the hospital's EMR registered; the router needs one per Accession Number (docs/architecture.md §5). */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record ServiceRequest(String id, String status, Reference subject, List<Identifier> identifier) {

    /** {@code Patient/{id}}, or null when SATUSEHAT sent no subject. */
    public String patientReference() {
        return subject == null ? null : subject.reference();
    }
}
