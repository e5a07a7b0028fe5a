package id.dicomgateway.api.send;

import id.dicomgateway.relay.outcome.StudyResult;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The sending room's JSON bodies that travel inside a {@code Response} (202s, router failures),
 * registered for a native image as {@code api.NativeJsonTypes} does for the shared ones.
 */
@RegisterForReflection(targets = {
        RelayResponse.class, UploadResponse.class, TempResponse.class, ProcessRequest.class, DirectRequest.class,
        StudyResult.class, StudyResult.InstanceFailure.class })
final class SendJsonTypes {
    private SendJsonTypes() {
    }
}
