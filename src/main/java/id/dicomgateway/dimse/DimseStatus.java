package id.dicomgateway.dimse;

/** Classes and names of DIMSE status codes (PS3.7 annex C; Storage statuses of PS3.4 B.2.3). */
final class DimseStatus {

    private DimseStatus() {
    }

    static final int SUCCESS = 0x0000;

    static boolean isSuccess(int status) {
        return status == SUCCESS;
    }

    /** PS3.7 C.3: 0001H or Bxxx. For C-STORE: B000 coercion, B006 elements discarded, B007 mismatch. */
    static boolean isWarning(int status) {
        return status == 0x0001 || (status & 0xF000) == 0xB000;
    }

    static String describe(int status) {
        String name;
        if (status == 0x0000) {
            name = "Success";
        } else if (status == 0xB000) {
            name = "Warning: Coercion of Data Elements";
        } else if (status == 0xB006) {
            name = "Warning: Elements Discarded";
        } else if (status == 0xB007) {
            name = "Warning: Data Set does not match SOP Class";
        } else if (isWarning(status)) {
            name = "Warning";
        } else if ((status & 0xFF00) == 0xA700) {
            name = "Refused: Out of Resources";
        } else if ((status & 0xFF00) == 0xA900) {
            name = "Error: Data Set does not match SOP Class";
        } else if ((status & 0xF000) == 0xC000) {
            name = "Error: Cannot understand";
        } else if (status == 0x0122) {
            name = "Refused: SOP Class not supported";
        } else if (status == 0x0124) {
            name = "Refused: Not authorized";
        } else if (status == 0x0117) {
            name = "Invalid SOP Instance";
        } else if (status == 0x0210) {
            name = "Duplicate invocation";
        } else if (status == 0x0211) {
            name = "Unrecognized operation";
        } else if (status == 0x0212) {
            name = "Mistyped argument";
        } else if (status == 0x0213) {
            name = "Resource limitation";
        } else if (status == 0xFE00) {
            name = "Cancel";
        } else {
            name = "Failure";
        }
        return String.format("%04X %s", status, name);
    }
}
