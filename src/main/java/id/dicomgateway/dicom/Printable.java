package id.dicomgateway.dicom;

/**
 * Text a peer chose (an AE title, a value read from a file) made safe for one log line: control
 * characters, DEL, backslash and anything outside printable ASCII are shown as escapes, so a
 * calling AE title of "X\r\nINFO ... forged" cannot start a line of its own or hide in the log.
 * The AE VR allows none of these (PS3.5 §6.2: no control characters, no backslash), so for a
 * well-formed AE title the text comes out unchanged.
 */
public final class Printable {
    /** Longer than any AE title (16), short enough that a line stays a line. */
    static final int MAX = 64;

    private Printable() {
    }

    public static String escape(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(Math.min(text.length(), MAX) + 8);
        for (int i = 0; i < text.length(); i++) {
            if (b.length() >= MAX) {
                return b.append("...(").append(text.length()).append(" chars)").toString();
            }
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7F) {
                        b.append(String.format("\\x%02X", (int) c));
                    } else if (c > 0x7E) {
                        b.append(String.format("\\u%04X", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
