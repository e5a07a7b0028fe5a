package id.dicomgateway.relay.jobs;

/**
 * What a running job is doing now. Fetching a large study can take longer than sending it,
 * so users need to see more than "running".
 */
public enum JobPhase {
    QUEUED,
    FETCHING,
    VALIDATING,
    EDITING,
    SENDING,
    /** Later checks, e.g. SATUSEHAT confirming the ImagingStudy. */
    CHECKING,
    DONE
}
