package id.dicomgateway.relay.jobs;

/**
 * A failure that knows the {@link FailureCode} its job ends with, and whose message is written
 * for users (no token, no internals). The relay's exceptions implement it; the job model needs no
 * type of the layer above it. Anything else ends a job as {@link FailureCode#INTERNAL_ERROR}.
 */
public interface CodedFailure {
    FailureCode code();

    String getMessage();
}
