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
        return String.format("%04X %s", status, name(status));
    }

    /** The codes PS3.7 C.4 and PS3.4 B.2.3 name one by one, else the class of their range (PS3.7 C.3). */
    private static String name(int status) {
        return switch (status) {
            case 0x0000 -> "Success";
            case 0xB000 -> "Warning: Coercion of Data Elements";
            case 0xB006 -> "Warning: Elements Discarded";
            case 0xB007 -> "Warning: Data Set does not match SOP Class";
            case 0x0117 -> "Invalid SOP Instance";
            case 0x0122 -> "Refused: SOP Class not supported";
            case 0x0124 -> "Refused: Not authorized";
            case 0x0210 -> "Duplicate invocation";
            case 0x0211 -> "Unrecognized operation";
            case 0x0212 -> "Mistyped argument";
            case 0x0213 -> "Resource limitation";
            case 0xFE00 -> "Cancel";
            default -> rangeName(status);
        };
    }

    private static String rangeName(int status) {
        if (isWarning(status)) {
            return "Warning";
        } else if ((status & 0xFF00) == 0xA700) {
            return "Refused: Out of Resources";
        } else if ((status & 0xFF00) == 0xA900) {
            return "Error: Data Set does not match SOP Class";
        } else if ((status & 0xF000) == 0xC000) {
            return "Error: Cannot understand";
        }
        return "Failure";
    }
}
