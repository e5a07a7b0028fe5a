package id.dicomgateway.relay.batches;

import id.dicomgateway.relay.jobs.FailureCode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Why one row of a batch was refused: the row, the field, a stable code and a message a person can act on. */
@RegisterForReflection
@Schema(name = "RowProblem", description = "A refused row of a batch")
public record RowProblem(
        @Schema(description = "Row number, from 1 (a CSV's header line is not counted)") int row,
        @Schema(description = "The field: study, operation, patientid or acc") String field,
        FailureCode code,
        String message) {
}
