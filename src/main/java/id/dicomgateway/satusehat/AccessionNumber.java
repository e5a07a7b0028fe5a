package id.dicomgateway.satusehat;


/**
 * An Accession Number as DICOM allows it: VR SH (PS3.5 §6.2), at most 16 characters, no
 * backslash (the value separator) and no control characters. Leading and trailing spaces are
 * padding in SH, so they are dropped; what is left must not be empty.
 */
public record AccessionNumber(String value) {

    public static final int MAX_LENGTH = 16;

    public AccessionNumber {
        if (value == null || value.strip().isEmpty()) {
            throw invalid("Accession Number is empty");
        }
        value = value.strip();
        if (value.length() > MAX_LENGTH) {
            throw invalid("Accession Number is longer than " + MAX_LENGTH + " characters (DICOM SH)");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\') {
                throw invalid("Accession Number must not contain a backslash (DICOM SH)");
            }
            if (Character.isISOControl(c)) {
                throw invalid("Accession Number must not contain control characters (DICOM SH)");
            }
        }
    }

    private static SatusehatException invalid(String message) {
        return new SatusehatException(SatusehatException.Reason.INVALID_VALUE, message);
    }

    @Override
    public String toString() {
        return value;
    }
}
