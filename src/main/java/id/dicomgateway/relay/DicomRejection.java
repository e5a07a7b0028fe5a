package id.dicomgateway.relay;

import id.dicomgateway.api.ApiException;
import id.dicomgateway.api.ErrorCode;
import id.dicomgateway.dicom.DicomException;

/** Turns the DICOM layer's verdict on a file into the API's error code for it. */
final class DicomRejection {
    private DicomRejection() {
    }

    static ErrorCode code(DicomException e) {
        return switch (e.reason()) {
            case NOT_DICOM -> ErrorCode.NOT_DICOM;
            case TRUNCATED -> ErrorCode.TRUNCATED_DICOM;
            case NOT_STORABLE -> ErrorCode.NOT_STORABLE;
            case INVALID_VALUE -> ErrorCode.INVALID_VALUE;
            case LIMIT_EXCEEDED, MALFORMED, UNSUPPORTED_CONVERSION -> ErrorCode.MALFORMED_DICOM;
        };
    }

    /** A 400 that names the file, so the person who picked it knows which one to fix. */
    static ApiException of(String fileName, DicomException e) {
        return new ApiException(code(e), "File " + fileName + " was rejected, nothing was sent: " + e.getMessage());
    }
}
