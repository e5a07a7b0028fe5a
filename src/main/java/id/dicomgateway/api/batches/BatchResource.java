package id.dicomgateway.api.batches;

import id.dicomgateway.api.ApiException;
import id.dicomgateway.api.ErrorCode;
import id.dicomgateway.api.OpenApiDocument;
import id.dicomgateway.api.QueryParams;
import id.dicomgateway.api.Shown;
import id.dicomgateway.relay.batches.BatchInput;
import id.dicomgateway.relay.batches.BatchPlan;
import id.dicomgateway.relay.batches.BatchQueue;
import id.dicomgateway.relay.batches.BatchRejected;
import id.dicomgateway.relay.batches.BatchView;
import id.dicomgateway.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Batches: many studies queued at once, one job per row, from a JSON list or a CSV file. Every
 * row is checked before anything is queued; a bad row refuses the whole batch with every refused
 * row named. {@code /validate} checks without queueing, for the dashboard's import preview.
 */
@Path("/api/batches")
@Tag(name = BatchResource.TAG, description = "Queue many studies at once (a backfill), follow, cancel and retry them")
@Produces(MediaType.APPLICATION_JSON)
// Queueing, checking, cancelling and retrying are an operator's, as process and retry are; reading a batch a viewer's.
@RolesAllowed(Roles.OPERATOR)
public class BatchResource {
    static final String TAG = "batches";
    private static final String CSV = "text/csv";
    private static final int PREVIEW_ROWS = 20;
    private static final int MAX_LISTED = 50;
    private static final String CSV_EXAMPLE = "study,acc,patientid\n1.2.826.0.1.3680043.8.498.1,ACC0001,P00000000001\n";
    private static final String JSON_EXAMPLE = "[{\"study\":\"1.2.826.0.1.3680043.8.498.1\",\"operation\":\"process\",\"acc\":\"ACC0001\",\"patientid\":\"P00000000001\"},"
            + "{\"study\":\"1.2.826.0.1.3680043.8.498.2\",\"operation\":\"direct\"}]";

    @Inject
    BatchQueue queue;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "queueBatch", summary = "Queue a batch of studies (JSON rows)",
            description = "One job per row, at most ROUTER_MAX_ASSOCIATIONS sending at once. Every row is checked first; one bad row "
                    + "and nothing is queued (400 naming every refused row). At most " + BatchPlan.MAX_ROWS + " rows.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.ARRAY, implementation = BatchRowRequest.class), examples = @ExampleObject(name = "rows", value = JSON_EXAMPLE)))
    @APIResponse(responseCode = "202", description = "Queued; Location: /api/batches/{id}",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BatchView.class)))
    @APIResponse(responseCode = "400", description = "Rows refused (INVALID_REQUEST, each row's own code in rows[]); nothing queued",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BatchErrorBody.class),
                    examples = @ExampleObject(name = "badRow", value = """
                            {"status":"error","message":"1 of 30 rows refused, nothing was queued. Row 7, field 'acc': INVALID_VALUE: AccessionNumber (0008,0050) is SH: at most 16 characters","code":"INVALID_REQUEST",\
                            "rows":[{"row":7,"field":"acc","code":"INVALID_VALUE","message":"INVALID_VALUE: AccessionNumber (0008,0050) is SH: at most 16 characters"}]}""")))
    @APIResponse(responseCode = "413", description = "Body over 4 MiB", content = @Content(mediaType = MediaType.APPLICATION_JSON))
    public Response queueJson(List<BatchRowRequest> rows) {
        return accepted(queue.enqueue(BatchPlan.rows(inputs(rows))));
    }

    @POST
    @Consumes(CSV)
    @Operation(operationId = "queueBatchCsv", summary = "Queue a batch of studies (CSV: study,acc,patientid)",
            description = "UTF-8 CSV whose first line names the columns: study (required), acc, patientid, operation. Rows without an "
                    + "operation column take ?operation= (default process). Checked whole first, as the JSON form.")
    @RequestBody(required = true, content = @Content(mediaType = CSV, schema = @Schema(type = SchemaType.STRING),
            examples = @ExampleObject(name = "csv", value = CSV_EXAMPLE)))
    @APIResponse(responseCode = "202", description = "Queued; Location: /api/batches/{id}",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BatchView.class)))
    @APIResponse(responseCode = "400", description = "Not UTF-8, no header, too many rows, or rows refused; nothing queued",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BatchErrorBody.class)))
    public Response queueCsv(byte[] body,
            @Parameter(description = "process or direct, for rows without an operation column") @QueryParam("operation") String operation) {
        return accepted(queue.enqueue(BatchPlan.rows(BatchCsv.parse(body == null ? new byte[0] : body, operation))));
    }

    @POST
    @Path("/validate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "validateBatch", summary = "Check a batch (JSON rows) without queueing it")
    @APIResponse(responseCode = "200", description = "Rows read, the first rows, and every row that would be refused")
    public BatchPreview validateJson(List<BatchRowRequest> rows) {
        return preview(inputs(rows));
    }

    @POST
    @Path("/validate")
    @Consumes(CSV)
    @Operation(operationId = "validateBatchCsv", summary = "Check a batch (CSV) without queueing it: the import preview")
    @APIResponse(responseCode = "200", description = "Rows read, the first rows, and every row that would be refused")
    @APIResponse(responseCode = "400", description = "Not UTF-8, no header or too many rows",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BatchErrorBody.class)))
    public BatchPreview validateCsv(byte[] body, @QueryParam("operation") String operation) {
        return preview(BatchCsv.parse(body == null ? new byte[0] : body, operation));
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Operation(operationId = "listBatches", summary = "The newest batches, newest first, each as GET /api/batches/{id} answers it",
            description = "Every replica answers the same: batches and their rows' jobs are in the job store.")
    @APIResponse(responseCode = "200", description = "The batches")
    @APIResponse(responseCode = "400", description = "limit out of 1–" + MAX_LISTED, content = @Content(mediaType = MediaType.APPLICATION_JSON))
    public List<BatchView> list(@Parameter(description = "1–" + MAX_LISTED + ", default 10",
            schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "" + MAX_LISTED, defaultValue = "10")) @QueryParam("limit") String limit) {
        return queue.recent(QueryParams.number("limit", limit, 10, 1, MAX_LISTED));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Roles.VIEWER)
    @Operation(operationId = "getBatch", summary = "A batch: rows by state and the failing rows with their codes")
    @APIResponse(responseCode = "200", description = "The batch")
    @APIResponse(responseCode = "404", ref = OpenApiDocument.BATCH_NOT_FOUND)
    public BatchView get(@PathParam("id") String id) {
        return queue.find(id).orElseThrow(() -> notFound(id));
    }

    @POST
    @Path("/{id}/cancel")
    @Operation(operationId = "cancelBatch", summary = "Cancel every row not ended: queued rows never start, rows sending are stopped (their association aborted); a row already being released at the router ends as the router takes it")
    @APIResponse(responseCode = "200", description = "The batch")
    @APIResponse(responseCode = "404", ref = OpenApiDocument.BATCH_NOT_FOUND)
    public BatchView cancel(@PathParam("id") String id) {
        return queue.cancel(id).orElseThrow(() -> notFound(id));
    }

    @POST
    @Path("/{id}/retry")
    @Operation(operationId = "retryBatch", summary = "Queue the failed rows of a batch again")
    @APIResponse(responseCode = "200", description = "The batch")
    @APIResponse(responseCode = "404", ref = OpenApiDocument.BATCH_NOT_FOUND)
    public BatchView retry(@PathParam("id") String id) {
        return queue.retryFailed(id).orElseThrow(() -> notFound(id));
    }

    /** A refused batch answers every refused row, so the page can show them all at once. */
    @ServerExceptionMapper
    public Response rejected(BatchRejected e) {
        return Response.status(ErrorCode.INVALID_REQUEST.httpStatus()).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new BatchErrorBody("error", e.getMessage(), ErrorCode.INVALID_REQUEST, e.problems())).build();
    }

    private static List<BatchInput> inputs(List<BatchRowRequest> rows) {
        if (rows == null) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "Request body must be a JSON list of rows: " + JSON_EXAMPLE);
        }
        List<BatchInput> inputs = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            BatchRowRequest r = rows.get(i);
            if (r == null) {
                throw new ApiException(ErrorCode.INVALID_REQUEST, "Row " + (i + 1) + " is null: each row is an object {\"study\": …}");
            }
            inputs.add(new BatchInput(i + 1, r.study(), r.operation(), r.patientid(), r.acc()));
        }
        return inputs;
    }

    private static BatchPreview preview(List<BatchInput> inputs) {
        return new BatchPreview(inputs.size(), inputs.subList(0, Math.min(PREVIEW_ROWS, inputs.size())), BatchPlan.problems(inputs));
    }

    private static Response accepted(BatchView batch) {
        return Response.accepted(batch).location(URI.create("/api/batches/" + batch.id())).build();
    }

    private static ApiException notFound(String id) {
        return new ApiException(ErrorCode.JOB_NOT_FOUND, "No batch " + Shown.id(id) + " (unknown, or dropped from the history)");
    }
}
