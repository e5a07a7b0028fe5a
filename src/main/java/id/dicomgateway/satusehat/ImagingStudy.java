package id.dicomgateway.satusehat;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The ImagingStudy the router posted for an Accession Number, reduced to what the gateway
 * compares with what it sent: id, patient, counts and the SOP Instance UIDs.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImagingStudy(
        String id,
        Reference subject,
        Integer numberOfSeries,
        Integer numberOfInstances,
        List<Identifier> identifier,
        List<Series> series) {

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Series(String uid, Integer numberOfInstances, List<Instance> instance) {
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Instance(String uid, Integer number) {
    }

    /** {@code Patient/{id}}, or null when SATUSEHAT sent no subject. */
    public String patientReference() {
        return subject == null ? null : subject.reference();
    }

    /** Every SOP Instance UID listed, over all series. */
    public List<String> sopInstanceUids() {
        if (series == null) {
            return List.of();
        }
        return series.stream()
                .filter(Objects::nonNull)
                .flatMap(s -> s.instance() == null ? Stream.empty() : s.instance().stream())
                .filter(Objects::nonNull)
                .map(Instance::uid)
                .filter(Objects::nonNull)
                .toList();
    }
}
