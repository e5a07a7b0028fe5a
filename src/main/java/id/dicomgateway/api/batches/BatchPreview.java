package id.dicomgateway.api.batches;

import id.dicomgateway.relay.batches.BatchInput;
import id.dicomgateway.relay.batches.RowProblem;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What a batch would queue, for the import preview: nothing is queued. */
@Schema(name = "BatchPreview", description = "A batch checked, not queued: its first rows and every row that would be refused")
public record BatchPreview(
        @Schema(description = "Rows read") int rows,
        @Schema(description = "The first rows (at most 20) as read") List<BatchInput> first,
        @Schema(description = "Every row that would be refused; the batch is queued only when this is empty") List<RowProblem> refused) {
}
