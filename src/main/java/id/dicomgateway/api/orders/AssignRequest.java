package id.dicomgateway.api.orders;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of POST /api/jobs/{id}/assign, for the OpenAPI document (the use case reads the JSON itself, naming a bad field). */
@Schema(name = "AssignRequest")
public record AssignRequest(@Schema(description = "The id of the order (GET /api/orders) the waiting job's study belongs to",
        required = true) String orderId) {
}
