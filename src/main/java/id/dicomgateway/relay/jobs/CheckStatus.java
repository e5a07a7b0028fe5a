package id.dicomgateway.relay.jobs;

/** Outcome of a check run before or after sending (e.g. SATUSEHAT confirmation). */
public enum CheckStatus {
    PENDING,
    PASSED,
    FAILED,
    SKIPPED
}
