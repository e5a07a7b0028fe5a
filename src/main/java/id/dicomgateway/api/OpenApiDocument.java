package id.dicomgateway.api;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.servers.Server;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The document-level part of the OpenAPI description served at {@code /q/openapi} and shown
 * at {@code /docs}. Hospitals generate clients from it, so the title and tags stay stable:
 * the tag names become class names in generated code.
 *
 * <p>SmallRye reads {@code @OpenAPIDefinition} only from the JAX-RS {@code Application}
 * subclass; it sets no {@code @ApplicationPath}, so every resource keeps its own full path.
 */
@OpenAPIDefinition(
        info = @Info(
                title = "DICOM Gateway API",
                version = "2.0",
                description = """
                        Gateway between the hospital PACS and the SATUSEHAT DICOM Router. It fetches whole studies \
                        from the PACS (or takes uploads), re-stamps Patient ID and Accession Number, and sends every \
                        instance of a study to the router in one DICOM association. It also looks up the SATUSEHAT \
                        ImagingStudy for an Accession Number.

                        Every error answers with the same body: `{"status":"error","message":"…","code":"…"}`; \
                        clients should branch on `code`, which never changes meaning."""),
        // Relative first: Swagger UI served by a gateway at any address then calls that gateway, not localhost.
        servers = {
                @Server(url = "/", description = "This gateway"),
                @Server(url = "http://localhost:5000", description = "A gateway on this machine, default port")},
        tags = @Tag(name = "dicom", description = "DICOM Router operations"))
public class OpenApiDocument extends Application {
}
