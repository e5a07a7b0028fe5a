package id.dicomgateway.api;

import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/**
 * The responses several operations share are written once, as components in
 * {@link OpenApiDocument}, and named by the operations with {@code ref}. This filter then copies
 * each into the operations that name it, so every operation in the served document carries its
 * full answers: readers of one operation (Swagger UI, a client generator, a test walking
 * {@code responses.'202'.content}) need not follow a reference. Examples stay references.
 *
 * <p>Every error answer of the API's resources has one body, {@link ErrorBody}. An error
 * response (4xx, 5xx) whose JSON content names no schema gets that body here, so the resources
 * write only {@code content = @Content(mediaType = APPLICATION_JSON)} and, where they have them,
 * examples.
 */
public final class SharedResponses implements OASFilter {
    private static final String PREFIX = "#/components/responses/";
    private static final String ERROR_SCHEMA = "#/components/schemas/Error";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null || openAPI.getComponents().getResponses() == null || openAPI.getPaths() == null) {
            return;
        }
        Map<String, APIResponse> shared = openAPI.getComponents().getResponses();
        for (PathItem item : openAPI.getPaths().getPathItems().values()) {
            item.getOperations().values().forEach(operation -> {
                if (operation.getResponses() == null) {
                    return;
                }
                operation.getResponses().getAPIResponses().forEach((status, response) -> {
                    String ref = response.getRef();
                    if (ref != null && ref.startsWith(PREFIX) && shared.containsKey(ref.substring(PREFIX.length()))) {
                        operation.getResponses().addAPIResponse(status, copy(shared.get(ref.substring(PREFIX.length()))));
                    } else if (ref == null) {
                        errorBody(status, response);
                    }
                });
            });
        }
    }

    private static void errorBody(String status, APIResponse response) {
        if (!status.startsWith("4") && !status.startsWith("5")) {
            return;
        }
        if (response.getContent() == null) {
            return; // no body said (the 401 and 403 of the security layer, which have their own codes)
        }
        org.eclipse.microprofile.openapi.models.media.MediaType json = response.getContent().getMediaType(MediaType.APPLICATION_JSON);
        if (json != null && json.getSchema() == null) {
            json.setSchema(OASFactory.createSchema().ref(ERROR_SCHEMA));
        }
    }

    private static APIResponse copy(APIResponse component) {
        return OASFactory.createAPIResponse().description(component.getDescription()).headers(component.getHeaders())
                .content(component.getContent()).links(component.getLinks()).extensions(component.getExtensions());
    }
}
