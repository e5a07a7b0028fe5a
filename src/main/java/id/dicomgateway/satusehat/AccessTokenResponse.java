package id.dicomgateway.satusehat;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The answer of {@code POST /oauth2/v1/accesstoken}. SATUSEHAT sends {@code expires_in} as a
 * string of seconds ("14399"); Jackson's scalar coercion reads it into a number, and a plain
 * number works too.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record AccessTokenResponse(
        @JsonProperty("access_token") String accessToken,
        @JsonProperty("expires_in") Long expiresIn) {

    /** Records print every component; this one must never put the token in a log line. */
    @Override
    public String toString() {
        return "AccessTokenResponse[accessToken=<redacted>, expiresIn=" + expiresIn + "]";
    }
}
