package id.dicomgateway.api.send;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import id.dicomgateway.api.StrictJson;
import id.dicomgateway.security.audit.AuditSubject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /api/dicom/process}; the old web page spelled {@code acc} as {@code accesionnum}. */
@Schema(name = "ProcessRequest", description = "A study to fetch from the PACS, re-stamp and send to the router")
public record ProcessRequest(
        @Schema(required = true, description = "Study Instance UID", examples = "1.3.6.1.4.1.5962.1.1.0.0.0.1196533885.18148.0.1")
        @JsonDeserialize(using = StrictJson.Text.class) String study,
        @Schema(description = "New Patient ID (LO, at most 64 characters); omitted or empty: left as it is", examples = "P00012345")
        @JsonDeserialize(using = StrictJson.Text.class) String patientid,
        @Schema(description = "New Accession Number (SH, at most 16 characters); also accepted as 'accesionnum'", examples = "ACC20261127001")
        @JsonAlias("accesionnum") @JsonDeserialize(using = StrictJson.Text.class) String acc,
        @Schema(description = "Send even when SATUSEHAT has no ServiceRequest for the Accession Number, or cannot be asked; default false. Never sends a study without Accession Number or Patient ID", examples = "false")
        @JsonDeserialize(using = StrictJson.Flag.class) Boolean force,
        @Schema(description = "After sending, watch SATUSEHAT for the ImagingStudy and record the outcome on the job; default true", examples = "true")
        @JsonDeserialize(using = StrictJson.Flag.class) Boolean verify) implements AuditSubject {
}
