package id.dicomgateway.relay.jobs;

/**
 * Why a job, or the request behind it, did not succeed: the stable names clients and the job
 * history branch on. Layer-neutral on purpose: no HTTP status here (only {@code api} maps a code
 * to one), because job outcomes are persisted and outlive the request that produced them.
 * A name once published is never renamed.
 */
public enum FailureCode {
    /** Malformed input, or the caller went away before the transfer ended. */
    INVALID_REQUEST,
    /** A UID that breaks PS3.5 §9.1 grammar. */
    INVALID_UID,
    /** PatientID / AccessionNumber (or a form flag) that breaks its VR or shape. */
    INVALID_VALUE,
    NOT_DICOM,
    TRUNCATED_DICOM,
    NOT_STORABLE,
    MALFORMED_DICOM,
    /** More bytes, files or temp space than allowed. */
    TOO_LARGE,
    /** The gateway's disk budget (GATEWAY_TEMP_QUOTA, GATEWAY_SPOOL_QUOTA) is spent or its volume is full; nothing was sent. */
    INSUFFICIENT_STORAGE,
    /** Empty Accession Number or Patient ID: the router would accept and then drop the study (docs/architecture.md §5). */
    ROUTER_WOULD_DROP,
    /**
     * The study has no Accession Number, the orders are in use (GATEWAY_ORDERS_UNMATCHED) and no single open order
     * matches it (issue 24 item 3); a caller that waits for the answer is told, nothing was sent or kept.
     */
    ORDER_NOT_MATCHED,
    /** No SATUSEHAT ServiceRequest for the Accession Number. */
    NO_SERVICE_REQUEST,
    STUDY_NOT_FOUND,
    IMAGING_STUDY_NOT_FOUND,
    PACS_UNREACHABLE,
    PACS_ERROR,
    /**
     * The receiver does not take the study's stored (compressed) syntax, and the PACS, asked for it
     * in Explicit VR LE, could not decompress it. Nothing was sent.
     */
    PACS_CANNOT_DECOMPRESS,
    /** An uploaded file is in a syntax the receiver does not take, and the gateway cannot decode it. Nothing was sent. */
    RECEIVER_REFUSES_SYNTAX,
    /** The router refused the association or every instance. */
    ROUTER_REJECTED,
    /** The router could not be reached, aborted, timed out, or failed some instances. */
    ROUTER_FAILED,
    SATUSEHAT_AUTH_FAILED,
    SATUSEHAT_UNAVAILABLE,
    SATUSEHAT_NOT_CONFIGURED,
    /** The gateway is stopping. */
    SHUTTING_DOWN,
    /** A bug on our side: the message shown is generic, the log has the details. */
    INTERNAL_ERROR
}
