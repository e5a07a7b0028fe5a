package id.dicomgateway.pacs;

/**
 * The PACS client's failure. The reasons keep the stable names the API answers with, so logs
 * and job histories read the same in every layer; the relay turns them into its own failure.
 * Messages are written for users: they name the PACS and the study, never a credential.
 */
public final class PacsException extends RuntimeException {

    public enum Reason {
        /** A UID that breaks PS3.5 §9.1 grammar: never put into a DICOMweb URL. */
        INVALID_UID,
        /** The study (or an instance of it) is not in the PACS: 404, 204 or empty metadata. */
        STUDY_NOT_FOUND,
        /** The PACS could not be reached or timed out. */
        PACS_UNREACHABLE,
        /** The PACS answered, but with an error or an unusable body. */
        PACS_ERROR,
        /** Asked for a decompressed study (PS3.18 8.7.3.5), the PACS failed: e.g. Orthanc for JPEG 2000 without orthanc-gdcm. */
        PACS_CANNOT_DECOMPRESS,
        /** A study search whose parameters break QIDO-RS or their VR (PS3.18 §8.3.4): never sent. */
        INVALID_QUERY,
        /** The PACS refused a study search it was sent (a 4xx answer): it does not support what was asked. */
        SEARCH_REFUSED
    }

    private final Reason reason;

    public PacsException(Reason reason, String message) {
        this(reason, message, null);
    }

    public PacsException(Reason reason, String message, Throwable cause) {
        super(message, cause, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
