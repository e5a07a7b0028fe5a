package id.dicomgateway.api.send;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Result of {@code DELETE /api/dicom/temp}. */
@Schema(name = "TempResponse", description = "What a purge of the temporary area removed")
public record TempResponse(
        @Schema(examples = "success") String status,
        @Schema(examples = "Removed 2 leftover request directories (1048576 bytes); 1 in use was kept") String message,
        @Schema(description = "Request directories removed", examples = "2") int removed,
        @Schema(description = "Bytes freed", examples = "1048576") long bytes,
        @Schema(description = "Request directories kept because a running request uses them", examples = "1") int inUse) {
}
