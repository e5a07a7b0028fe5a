package id.dicomgateway.api.orders;

import id.dicomgateway.orders.Assignments;
import id.dicomgateway.relay.jobs.JobView;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What assigning a waiting job its order did: the job, queued with the order's values, and the order, recording the job. */
@RegisterForReflection
@Schema(name = "AssignResult")
public record AssignResult(@Schema(description = "The job, QUEUED with the order's AccessionNumber and PatientID") JobView job,
                           @Schema(description = "The order, IMAGES_RECEIVED, recording the job") OrderView order) {

    static AssignResult of(Assignments.Assigned a) {
        return new AssignResult(a.job(), OrderView.of(a.order()));
    }
}
