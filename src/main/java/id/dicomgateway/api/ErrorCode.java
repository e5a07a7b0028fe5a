package id.dicomgateway.api;

import id.dicomgateway.relay.jobs.FailureCode;

/**
 * Stable, machine-readable error codes. Clients branch on these, never on the message text,
 * so a code once published is never renamed. Each carries the HTTP status it is answered with.
 */
public enum ErrorCode {
    /** Malformed JSON, wrong types, missing fields, empty multipart. */
    INVALID_REQUEST(400),
    /** A UID that breaks PS3.5 §9.1 grammar (1-64 chars, digits and dots, no leading zeros). */
    INVALID_UID(400),
    /** PatientID / AccessionNumber that breaks its VR (LO ≤ 64, SH ≤ 16, no backslash or control characters). */
    INVALID_VALUE(400),
    /** An uploaded file that is not DICOM at all. */
    NOT_DICOM(400),
    /** A DICOM file that ends before its declared lengths do. */
    TRUNCATED_DICOM(400),
    /** A DICOM dataset without SOP Class/Instance UID: nothing a Storage SCP can store. */
    NOT_STORABLE(400),
    /** Structurally broken DICOM (hostile lengths, bad nesting). */
    MALFORMED_DICOM(400),
    /** Missing or wrong credentials where the API asks for its own (the router webhook's HTTP Basic). */
    UNAUTHORIZED(401),
    /** Upload or study larger than the configured limit. */
    TOO_LARGE(413),
    /**
     * The gateway's disk budget is spent by other running requests, or its volume is full (RFC 4918
     * 11.5): nothing was sent, no study went out in part; the same request later may succeed.
     */
    INSUFFICIENT_STORAGE(507),
    /**
     * The study would reach the router with an empty Accession Number or Patient ID: the router
     * accepts the C-STORE and then drops the study (docs/architecture.md §5), so nothing is sent.
     */
    ROUTER_WOULD_DROP(422),
    /**
     * SATUSEHAT has no ServiceRequest for the Accession Number: the router would find no order to
     * attach the ImagingStudy to and drop the study. {@code force} sends anyway.
     */
    NO_SERVICE_REQUEST(422),
    /** The study UID is not in the PACS (404, 204 or empty metadata). */
    STUDY_NOT_FOUND(404),
    /** No job with this id: never created, or dropped from the bounded history. */
    JOB_NOT_FOUND(404),
    /** No SATUSEHAT ImagingStudy for this Accession Number. */
    IMAGING_STUDY_NOT_FOUND(404),
    /** The PACS could not be reached or timed out. */
    PACS_UNREACHABLE(500),
    /** The PACS answered, but with an error or an unusable body. */
    PACS_ERROR(500),
    /** The receiver does not take the study's stored syntax and the PACS could not decompress it; nothing was sent. */
    PACS_CANNOT_DECOMPRESS(500),
    /** An uploaded file is in a syntax the receiver does not take; nothing was sent. */
    RECEIVER_REFUSES_SYNTAX(422),
    /** The router refused the association or every instance. */
    ROUTER_REJECTED(500),
    /** The router could not be reached, aborted, timed out, or failed some instances. */
    ROUTER_FAILED(500),
    /** SATUSEHAT refused our credentials. */
    SATUSEHAT_AUTH_FAILED(502),
    /** SATUSEHAT answered 5xx, timed out or sent something unreadable. */
    SATUSEHAT_UNAVAILABLE(502),
    /** SATUSEHAT_URL / credentials are not set. */
    SATUSEHAT_NOT_CONFIGURED(503),
    /** Demo mode without DCM4CHEE_URL or PACS_DICOMWEB_URL: there is no PACS to fetch a study from. */
    PACS_NOT_CONFIGURED(503),
    /** A method or path that does not exist. */
    NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405),
    UNSUPPORTED_MEDIA_TYPE(415),
    /** A bug on our side; the log has the details, the client gets no stack trace. */
    INTERNAL_ERROR(500),
    /** The gateway is stopping (a pod being replaced): another replica, or this one in a moment, takes the request. */
    SHUTTING_DOWN(503),
    /** The job's state does not allow it: retrying a success, cancelling a run its request waits for. */
    JOB_STATE_CONFLICT(409),
    /** The order's state does not allow it: a study assigned to a cancelled, sent, confirmed or failed order. */
    ORDER_STATE_CONFLICT(409),
    /**
     * A study sent without an Accession Number while the orders are in use, and no single open order matches it (none, or
     * several: never a guess). Nothing was sent: give the Accession Number, or send with ?async=true to wait for a person.
     */
    ORDER_NOT_MATCHED(409),
    /** The job store's database does not answer: no job could be recorded, nothing was done. */
    JOB_STORE_UNAVAILABLE(503);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /**
     * The API's code for a relay outcome: the same stable name. A switch, not {@code valueOf}, so
     * a new outcome code does not compile until it has its HTTP status here.
     */
    public static ErrorCode of(FailureCode code) {
        return switch (code) {
            case INVALID_REQUEST -> INVALID_REQUEST;
            case INVALID_UID -> INVALID_UID;
            case INVALID_VALUE -> INVALID_VALUE;
            case NOT_DICOM -> NOT_DICOM;
            case TRUNCATED_DICOM -> TRUNCATED_DICOM;
            case NOT_STORABLE -> NOT_STORABLE;
            case MALFORMED_DICOM -> MALFORMED_DICOM;
            case TOO_LARGE -> TOO_LARGE;
            case INSUFFICIENT_STORAGE -> INSUFFICIENT_STORAGE;
            case ROUTER_WOULD_DROP -> ROUTER_WOULD_DROP;
            case NO_SERVICE_REQUEST -> NO_SERVICE_REQUEST;
            case ORDER_NOT_MATCHED -> ORDER_NOT_MATCHED;
            case STUDY_NOT_FOUND -> STUDY_NOT_FOUND;
            case IMAGING_STUDY_NOT_FOUND -> IMAGING_STUDY_NOT_FOUND;
            case PACS_UNREACHABLE -> PACS_UNREACHABLE;
            case PACS_ERROR -> PACS_ERROR;
            case PACS_CANNOT_DECOMPRESS -> PACS_CANNOT_DECOMPRESS;
            case RECEIVER_REFUSES_SYNTAX -> RECEIVER_REFUSES_SYNTAX;
            case ROUTER_REJECTED -> ROUTER_REJECTED;
            case ROUTER_FAILED -> ROUTER_FAILED;
            case SATUSEHAT_AUTH_FAILED -> SATUSEHAT_AUTH_FAILED;
            case SATUSEHAT_UNAVAILABLE -> SATUSEHAT_UNAVAILABLE;
            case SATUSEHAT_NOT_CONFIGURED -> SATUSEHAT_NOT_CONFIGURED;
            case SHUTTING_DOWN -> SHUTTING_DOWN;
            case INTERNAL_ERROR -> INTERNAL_ERROR;
        };
    }
}
