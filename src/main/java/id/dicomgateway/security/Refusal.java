package id.dicomgateway.security;

/**
 * The body of a refusal by the security layer, in the API's one error shape
 * ({@code {"status":"error","message":"…","code":"…"}}), written here because refusals happen
 * before any resource runs.
 */
public final class Refusal {
    public static final String UNAUTHENTICATED = "UNAUTHENTICATED";
    public static final String FORBIDDEN = "FORBIDDEN";
    public static final String RATE_LIMITED = "RATE_LIMITED";
    public static final String CSRF = "CSRF_TOKEN_MISSING";

    private Refusal() {
    }

    public static String json(String code, String message) {
        return "{\"status\":\"error\",\"message\":\"" + escape(message) + "\",\"code\":\"" + code + "\"}";
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
