package id.dicomgateway.dicom;

import java.io.IOException;

/**
 * The one exception for every bad DICOM input. The message says what is wrong and where
 * (byte offset, tag) so that a person can act on it; {@link #reason()} lets callers map it
 * (e.g. to HTTP 400) without parsing the message.
 */
public final class DicomException extends IOException {

    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** Neither a Part 10 file nor a plausible bare dataset (PS3.10 §7.1). */
        NOT_DICOM,
        /** The bytes end before the structure they declare (a value, an item, a sequence). */
        TRUNCATED,
        /** Parses, but lacks SOP Class/Instance UID, so it cannot be C-STOREd (PS3.4 B.2). */
        NOT_STORABLE,
        /** A declared length or a nesting depth beyond what this gateway accepts. */
        LIMIT_EXCEEDED,
        /** Structure that violates PS3.5 (bad VR, stray item, element crossing an item end). */
        MALFORMED,
        /** A value we were asked to write is not valid for its VR (PS3.5 §6.2). */
        INVALID_VALUE,
        /** A transfer syntax conversion we do not do (encapsulated pixel data). */
        UNSUPPORTED_CONVERSION
    }

    private final Reason reason;

    public DicomException(Reason reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
