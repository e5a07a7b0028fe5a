package id.dicomgateway.relay.batches;

import id.dicomgateway.relay.RelayCommand.Operation;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One checked row of a batch: a study to process (re-stamped) or to relay unchanged (direct). */
@RegisterForReflection
@Schema(name = "BatchRow", description = "A checked row of a batch")
public record BatchRow(int row, String study, @Schema(description = "process or direct") String operation,
        @Schema(nullable = true) String patientid, @Schema(nullable = true) String acc) {

    Operation kind() {
        return "direct".equals(operation) ? Operation.DIRECT : Operation.PROCESS;
    }
}
