package id.dicomgateway.dicom;

/**
 * New values for the two top-level attributes the gateway re-stamps; {@code null} leaves an
 * attribute unchanged.
 */
public record TagEdits(String patientId, String accessionNumber) {

    /** Patient ID is LO: at most 64 characters (PS3.5 Table 6.2-1). */
    static final int PATIENT_ID_MAX = 64;
    /** Accession Number is SH: at most 16 characters (PS3.5 Table 6.2-1). */
    static final int ACCESSION_NUMBER_MAX = 16;

    public TagEdits {
        if (patientId != null) {
            check("PatientID (0010,0020)", "LO", patientId, PATIENT_ID_MAX);
        }
        if (accessionNumber != null) {
            check("AccessionNumber (0008,0050)", "SH", accessionNumber, ACCESSION_NUMBER_MAX);
        }
    }

    public static TagEdits of(String patientId, String accessionNumber) throws DicomException {
        try {
            return new TagEdits(patientId, accessionNumber);
        } catch (InvalidValue e) {
            throw new DicomException(DicomException.Reason.INVALID_VALUE, e.getMessage());
        }
    }

    public static TagEdits none() {
        return new TagEdits(null, null);
    }

    public boolean isEmpty() {
        return patientId == null && accessionNumber == null;
    }

    /**
     * Values are limited to the default character repertoire (PS3.5 §6.1.2.1, printable ISO 646)
     * so that their bytes are the same under every Specific Character Set a file may declare;
     * backslash is the value separator (PS3.5 §6.4) and LO/SH exclude control characters.
     */
    private static void check(String what, String vr, String value, int max) {
        if (value.isBlank()) {
            throw new InvalidValue(what + " must not be empty or blank (leave it out to keep the current value)");
        }
        if (value.length() > max) {
            throw new InvalidValue(what + " is " + value.length() + " characters; " + vr
                    + " allows at most " + max);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\') {
                throw new InvalidValue(what + " must not contain a backslash (it separates values in DICOM)"
                        + ", found at position " + i);
            }
            if (c < 0x20 || c == 0x7F) {
                throw new InvalidValue(what + " must not contain control characters, found U+"
                        + String.format("%04X", (int) c) + " at position " + i);
            }
            if (c > 0x7E) {
                throw new InvalidValue(what + " must use printable ASCII only (the DICOM default"
                        + " character repertoire), found U+" + String.format("%04X", (int) c) + " at position " + i);
            }
        }
    }

    /** Thrown by the canonical constructor; {@link #of} turns it into a DicomException. */
    static final class InvalidValue extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        InvalidValue(String message) {
            super(message);
        }
    }
}
