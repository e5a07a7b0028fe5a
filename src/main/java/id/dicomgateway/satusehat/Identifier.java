package id.dicomgateway.satusehat;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A FHIR Identifier: {@code system} names the namespace, e.g. {@code http://sys-ids.kemkes.go.id/acsn/{orgId}}. */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record Identifier(String system, String value) {
}
