package id.dicomgateway.relay.outcome;

import id.dicomgateway.dicom.DicomException;
import id.dicomgateway.relay.jobs.FailureCode;

/** Turns the DICOM layer's verdict on a file into the relay's failure for it. */
public final class DicomRejection {
    private DicomRejection() {
    }

    static FailureCode code(DicomException e) {
        return switch (e.reason()) {
            case NOT_DICOM -> FailureCode.NOT_DICOM;
            case TRUNCATED -> FailureCode.TRUNCATED_DICOM;
            case NOT_STORABLE -> FailureCode.NOT_STORABLE;
            case INVALID_VALUE -> FailureCode.INVALID_VALUE;
            case LIMIT_EXCEEDED, MALFORMED, UNSUPPORTED_CONVERSION -> FailureCode.MALFORMED_DICOM;
        };
    }

    /** A rejection that names the file, so the person who picked it knows which one to fix. */
    public static RelayException of(String fileName, DicomException e) {
        return new RelayException(code(e), "File " + fileName + " was rejected, nothing was sent: " + e.getMessage());
    }
}
