package id.dicomgateway.api;

/** Input echoed in an error message: shortened, control characters replaced, so a message stays one readable line. */
public final class Shown {
    private static final int MAX = 80;

    private Shown() {
    }

    public static String of(String raw) {
        StringBuilder s = new StringBuilder("\"");
        raw.codePoints().limit(MAX).forEach(c -> s.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        if (raw.codePointCount(0, raw.length()) > MAX) {
            s.append('…');
        }
        return s.append('"').toString();
    }
}
