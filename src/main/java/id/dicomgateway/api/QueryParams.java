package id.dicomgateway.api;

/**
 * Query parameters that are not text: read from their text here, not by JAX-RS, which answers a number it cannot
 * convert with 404 and takes any boolean but "true" as false, so {@code ?async=yes} would quietly wait.
 */
public final class QueryParams {

    private QueryParams() {
    }

    /** {@code raw} as true or false (any case); false when the parameter is missing or blank; anything else is a 400. */
    public static boolean flag(String name, String raw) {
        if (raw == null || raw.isBlank() || raw.strip().equalsIgnoreCase("false")) {
            return false;
        }
        if (raw.strip().equalsIgnoreCase("true")) {
            return true;
        }
        throw new ApiException(ErrorCode.INVALID_REQUEST, name + " must be true or false, not " + Shown.of(raw));
    }

    /**
     * {@code raw} as a number from {@code min} to {@code max}, or {@code absent} when the parameter is missing or blank;
     * anything else is a 400 INVALID_REQUEST that names the parameter, its range and what came.
     */
    public static int number(String name, String raw, int absent, int min, int max) {
        if (raw == null || raw.isBlank()) {
            return absent;
        }
        try {
            int n = Integer.parseInt(raw.strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ApiException(ErrorCode.INVALID_REQUEST, name + " must be a whole number from " + min + " to " + max + ", not " + Shown.of(raw));
    }
}
