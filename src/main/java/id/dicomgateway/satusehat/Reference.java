package id.dicomgateway.satusehat;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A FHIR Reference such as {@code {"reference":"Patient/P00284578000"}}. */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record Reference(String reference) {
}
