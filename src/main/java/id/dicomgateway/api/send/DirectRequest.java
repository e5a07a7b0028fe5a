package id.dicomgateway.api.send;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import id.dicomgateway.api.StrictJson;
import id.dicomgateway.security.audit.AuditSubject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /api/dicom/direct-dcm}: relay a study unchanged. */
@Schema(name = "DirectRequest", description = "A study to relay from the PACS to the router unchanged")
public record DirectRequest(
        @Schema(required = true, description = "Study Instance UID", examples = "1.3.6.1.4.1.5962.1.1.0.0.0.1196533885.18148.0.1")
        @JsonDeserialize(using = StrictJson.Text.class) String study,
        @Schema(description = "Send even when SATUSEHAT has no ServiceRequest for the study's Accession Number, or cannot be asked; default false. Never sends a study without Accession Number or Patient ID", examples = "false")
        @JsonDeserialize(using = StrictJson.Flag.class) Boolean force,
        @Schema(description = "After sending, watch SATUSEHAT for the ImagingStudy and record the outcome on the job; default true", examples = "true")
        @JsonDeserialize(using = StrictJson.Flag.class) Boolean verify) implements AuditSubject {
}
