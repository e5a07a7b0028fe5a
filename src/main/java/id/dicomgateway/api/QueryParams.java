package id.dicomgateway.api;

/**
 * Query parameters that are not text: read from their text here, not by JAX-RS, which answers a number it cannot
 * convert with 404 and takes any boolean but "true" as false, so {@code ?async=yes} would quietly wait.
 */
public final class QueryParams {

    /** The furthest a page may start: a guard against a paging loop gone wrong, far beyond any real list. */
    public static final int MAX_OFFSET = 1_000_000;

    private QueryParams() {
    }

    /** {@code raw} as true or false (any case); false when the parameter is missing or blank; anything else is a 400. */
    public static boolean flag(String name, String raw) {
        if (raw == null || raw.isBlank()) {
            return false;
        }
        Boolean value = trueOrFalse(raw);
        if (value == null) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, name + " must be true or false, not " + Shown.of(raw));
        }
        return value;
    }

    /**
     * The words true and false, in any case and without surrounding spaces, as every text the API reads a flag from
     * takes them (a query parameter, a form field, a JSON string); null for anything else.
     */
    public static Boolean trueOrFalse(String text) {
        String word = text.strip();
        return word.equalsIgnoreCase("true") ? Boolean.TRUE : word.equalsIgnoreCase("false") ? Boolean.FALSE : null;
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
