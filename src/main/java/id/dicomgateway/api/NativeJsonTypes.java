package id.dicomgateway.api;

import id.dicomgateway.relay.outcome.StudyResult;
import id.dicomgateway.relay.jobs.JobAttempt;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The JSON bodies Jackson writes from inside a {@code Response} (exception mappers, 202s,
 * router failures). Quarkus registers the types of resource method signatures for a native
 * image by itself, but not entities hidden in a {@code Response}: they are listed here, in one
 * place, so a native build serialises them exactly as the JVM build does.
 */
@RegisterForReflection(targets = {
        ErrorBody.class, ErrorCode.class, RouterErrorBody.class, JobAccepted.class,
        RelayResponse.class, UploadResponse.class, TempResponse.class, ImageIdResponse.class,
        ProcessRequest.class, DirectRequest.class, StudyResult.class, StudyResult.InstanceFailure.class,
        // Inside the job events of the SSE streams, which Quarkus does not walk into.
        JobAttempt.class, JobResource.NeedsAttention.class })
final class NativeJsonTypes {
    private NativeJsonTypes() {
    }
}
