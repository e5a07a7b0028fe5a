package id.dicomgateway.api.send;

import id.dicomgateway.api.JobAccepted;
import id.dicomgateway.relay.RelayAnswer;
import id.dicomgateway.relay.Relayed;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.function.BiFunction;

/** How every send answers, study or upload: 200 with what was relayed, or 202 with the job when it goes on in the background. */
final class SendAnswers {
    static final String ASYNC = "true: answer 202 at once with the job's id and Location, and send in the background; "
            + "validation errors are still answered synchronously";

    private SendAnswers() {
    }

    /** 200 with what was relayed, or 202 with the job and its Location when it goes on in the background. */
    static Response respond(RelayAnswer answer, BiFunction<Relayed, String, Object> body) {
        return answer.relayed()
                .map(r -> Response.ok(body.apply(r, answer.jobId()), MediaType.APPLICATION_JSON_TYPE).build())
                .orElseGet(() -> Response.accepted(new JobAccepted("accepted", answer.jobId()))
                        .location(URI.create("/api/jobs/" + answer.jobId())).type(MediaType.APPLICATION_JSON_TYPE).build());
    }
}
