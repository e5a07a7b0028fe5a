package id.dicomgateway.api;

import id.dicomgateway.relay.jobs.JobAttempt;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The JSON bodies Jackson writes from inside a {@code Response} (exception mappers, 202s,
 * router failures). Quarkus registers the types of resource method signatures for a native
 * image by itself, but not entities hidden in a {@code Response}: they are listed here, one
 * place per package ({@code api.send.SendJsonTypes} lists the sending room's), so a native build
 * serialises them exactly as the JVM build does.
 */
@RegisterForReflection(targets = {
        ErrorBody.class, ErrorCode.class, RouterErrorBody.class, JobAccepted.class, ImageIdResponse.class,
        // Inside the job events of the SSE streams, which Quarkus does not walk into.
        JobAttempt.class, JobResource.NeedsAttention.class })
final class NativeJsonTypes {
    private NativeJsonTypes() {
    }
}
