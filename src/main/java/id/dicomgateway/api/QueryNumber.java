package id.dicomgateway.api;

/**
 * A whole-number query parameter (limit, offset). It is read from its text here, not by JAX-RS: JAX-RS answers a
 * query parameter it cannot convert with 404, which tells a caller nothing about what was wrong.
 */
public final class QueryNumber {

    private QueryNumber() {
    }

    /**
     * {@code raw} as a number from {@code min} to {@code max}, or {@code absent} when the parameter is missing or blank;
     * anything else is a 400 INVALID_REQUEST that names the parameter, its range and what came.
     */
    public static int of(String name, String raw, int absent, int min, int max) {
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
