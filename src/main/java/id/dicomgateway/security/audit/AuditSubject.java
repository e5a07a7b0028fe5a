package id.dicomgateway.security.audit;

/**
 * What a request or response body can tell the audit trail: the study and the job it is about.
 * Request and response records of the API implement it with the accessors they already have;
 * nothing else of a body (never a patient's name or ID) reaches the trail.
 */
public interface AuditSubject {
    default String study() {
        return null;
    }

    default String jobId() {
        return null;
    }
}
