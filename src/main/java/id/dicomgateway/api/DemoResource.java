package id.dicomgateway.api;

import id.dicomgateway.demo.SampleStudy;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.InputStream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Demo mode's endpoints: the sample study to send, and what the embedded receiver got. */
@Path("/api/demo")
@Tag(name = "Demo")
public class DemoResource {

    @GET
    @Path("/sample.zip")
    @Produces("application/zip")
    @Operation(operationId = "demoSampleStudy", summary = "The synthetic sample study, as a ZIP to upload",
            description = "Three series, ten instances, about 300 KB of DICOM; no real patient; AccessionNumber empty, so an upload must set one"
                    + " (POST it to /api/dicom/upload with 'patientid' and 'acc'). Served in every mode; only demo mode has a receiver to send it to safely.")
    @APIResponse(responseCode = "200", description = "The ZIP", content = @Content(mediaType = "application/zip", schema = @Schema(type = SchemaType.STRING, format = "binary")))
    public Response sample() {
        return Response.ok((StreamingOutput) out -> {
            try (InputStream in = SampleStudy.open()) {
                in.transferTo(out);
            }
        }, "application/zip").header("Content-Disposition", "attachment; filename=\"" + SampleStudy.FILE_NAME + "\"").build();
    }
}
