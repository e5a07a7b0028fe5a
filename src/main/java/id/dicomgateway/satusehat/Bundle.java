package id.dicomgateway.satusehat;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.Optional;

/** A FHIR searchset Bundle, reduced to what the gateway reads. */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record Bundle<T>(String resourceType, Integer total, List<Entry<T>> entry) {

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Entry<T>(String fullUrl, T resource) {
    }

    /**
     * The first matching resource. {@code total} is not trusted alone: SATUSEHAT has been seen
     * to omit it, and an entry without a resource is no match.
     */
    public Optional<T> first() {
        if (entry == null) {
            return Optional.empty();
        }
        return entry.stream().map(Entry::resource).filter(r -> r != null).findFirst();
    }
}
