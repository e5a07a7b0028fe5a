package id.dicomgateway.api.send;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The multipart form of {@code POST /api/dicom/upload}, for the OpenAPI document only: the body is read as a stream. */
@Schema(name = "UploadForm", description = "multipart/form-data; 'file' may be repeated")
public record UploadForm(
        @Schema(required = true, type = SchemaType.STRING, format = "binary",
                description = "A DICOM file (Part 10 or bare dataset) or a ZIP archive of them; repeat the part for more files") String file,
        @Schema(description = "New Patient ID (LO, at most 64 characters); omitted or empty: left as it is", examples = "P00012345") String patientid,
        @Schema(description = "New Accession Number (SH, at most 16 characters)", examples = "ACC20261127001") String acc,
        @Schema(description = "Same as acc: the earlier web page's spelling", examples = "ACC20261127001") String accesionnum,
        @Schema(description = "\"true\": send even when SATUSEHAT has no ServiceRequest for a study's Accession Number, or cannot be asked; default false", examples = "false") String force,
        @Schema(description = "\"false\": do not watch SATUSEHAT for the ImagingStudy after sending; default true", examples = "true") String verify) {
}
