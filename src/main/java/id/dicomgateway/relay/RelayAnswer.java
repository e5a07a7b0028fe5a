package id.dicomgateway.relay;

import java.util.Optional;

/**
 * What {@link Relay#submit} answers: always the job of the request; what was relayed when it ran
 * to its end, or nothing yet when it goes on in the background (async).
 */
public record RelayAnswer(String jobId, Optional<Relayed> relayed) {

    static RelayAnswer accepted(String jobId) {
        return new RelayAnswer(jobId, Optional.empty());
    }

    static RelayAnswer done(String jobId, Relayed relayed) {
        return new RelayAnswer(jobId, Optional.of(relayed));
    }
}
