package id.dicomgateway.relay.batches;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One row of a batch as the caller sent it (a JSON object or a CSV line), before anything is
 * checked. {@code row} counts from 1 in the order sent; a CSV's header is not a row.
 */
@RegisterForReflection
@Schema(name = "BatchInput", description = "A row of a batch as read")
public record BatchInput(int row, String study, @Schema(nullable = true) String operation,
        @JsonProperty("patientid") @Schema(nullable = true) String patientId, @JsonProperty("acc") @Schema(nullable = true) String accessionNumber) {
}
