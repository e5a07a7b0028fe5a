package id.dicomgateway.api;

import java.util.regex.Pattern;

/**
 * Checks a UID taken from a request against PS3.5 §9.1: 1-64 characters, digits and dots, each
 * component without a leading zero unless it is "0". Only such a UID reaches the PACS or a URL.
 */
public final class Uid {
    private static final Pattern GRAMMAR = Pattern.compile("(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))*");

    private Uid() {
    }

    /** Returns {@code raw} if it is a valid UID; else a 400 naming the field. */
    public static String require(String field, String raw) {
        if (raw == null || raw.isEmpty()) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "Field '" + field + "' is required: the Study Instance UID, e.g. 1.2.840.113619.2.55.3");
        }
        if (raw.length() > 64) {
            throw new ApiException(ErrorCode.INVALID_UID, "'" + field + "' is " + raw.length() + " characters long; a DICOM UID has at most 64");
        }
        if (!GRAMMAR.matcher(raw).matches()) {
            throw new ApiException(ErrorCode.INVALID_UID, "'" + field + "' is not a DICOM UID (" + Shown.of(raw)
                    + "): only digits and dots, no empty components, no leading zeros (PS3.5 §9.1)");
        }
        return raw;
    }
}
