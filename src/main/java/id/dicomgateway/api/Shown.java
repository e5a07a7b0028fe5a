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

    /** A job's or batch's id as a message names it: itself when it looks like one of ours, so a path can't inject text into the page. */
    public static String id(String id) {
        return id != null && id.matches("[0-9a-f-]{36}") ? id : "this id";
    }
}
