package id.dicomgateway.api.batches;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import id.dicomgateway.api.StrictJson;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One row of {@code POST /api/batches} as JSON; the fields of the process and direct-dcm bodies. */
@Schema(name = "BatchRowRequest", description = "A study to queue: process (re-stamp) or direct (unchanged)")
public record BatchRowRequest(
        @Schema(required = true, description = "Study Instance UID") @JsonDeserialize(using = StrictJson.Text.class) String study,
        @Schema(description = "process (default) or direct", enumeration = {"process", "direct"}) @JsonDeserialize(using = StrictJson.Text.class) String operation,
        @Schema(description = "New Patient ID (LO); process only") @JsonDeserialize(using = StrictJson.Text.class) String patientid,
        @Schema(description = "New Accession Number (SH); process only; also accepted as 'accesionnum'")
        @JsonAlias("accesionnum") @JsonDeserialize(using = StrictJson.Text.class) String acc) {
}
