package id.dicomgateway.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The old service's answer to {@code GET /api/dicom/imageid/{acsn}}, field names kept as they were. */
@Schema(name = "ImageIdResult", description = "The SATUSEHAT ImagingStudy found for an Accession Number")
public record ImageIdResponse(
        @Schema(description = "Always \"success\"", examples = "success", required = true)
        String status,
        @JsonProperty("imagingStudy_id")
        @Schema(description = "The ImagingStudy's id in SATUSEHAT", examples = "4630e0ce-26a6-4ae5-ab02-c66138ee1bbe", required = true)
        String imagingStudyId,
        @JsonProperty("patient_reference")
        @Schema(description = "The ImagingStudy's subject, Patient/{id}; null if SATUSEHAT gave none", examples = "Patient/P00284578000")
        String patientReference) {

    public static ImageIdResponse found(String imagingStudyId, String patientReference) {
        return new ImageIdResponse("success", imagingStudyId, patientReference);
    }
}
