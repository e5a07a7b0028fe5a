package id.dicomgateway.api.batches;

import id.dicomgateway.api.ErrorCode;
import id.dicomgateway.relay.batches.RowProblem;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The error body of a refused batch: the usual three fields and every refused row. */
@Schema(name = "BatchError", description = "A batch refused whole; nothing was queued")
public record BatchErrorBody(String status, String message, ErrorCode code,
        @Schema(description = "Every refused row, with its field and code") List<RowProblem> rows) {
}
