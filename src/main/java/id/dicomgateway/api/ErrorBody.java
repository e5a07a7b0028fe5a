package id.dicomgateway.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The one error shape of the API: the old service's {@code {"status":"error","message"}} plus a stable code. */
@Schema(name = "Error", description = "Every error response of the API")
public record ErrorBody(
        @Schema(description = "Always \"error\"", examples = "error") String status,
        @Schema(description = "What went wrong, in words a person can act on") String message,
        @Schema(description = "Stable machine-readable code") ErrorCode code) {

    public static ErrorBody of(ErrorCode code, String message) {
        return new ErrorBody("error", message, code);
    }
}
