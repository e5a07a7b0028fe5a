package id.dicomgateway.dimse.pdu;

/**
 * AE titles as they may appear in a log line or a message: a peer chooses its AE titles (PS3.8
 * 9.3.2: 16 bytes of its choosing), so control and other non-printable characters are shown as
 * escapes ({@code \n}, {@code \x07}, {@code \u00e9}) and cannot forge or break a line.
 */
public final class AeTitles {

    private AeTitles() {
    }

    public static String escape(String aeTitle) {
        if (aeTitle == null) {
            return "null";
        }
        StringBuilder out = null;
        for (int i = 0; i < aeTitle.length(); i++) {
            char c = aeTitle.charAt(i);
            boolean printable = c >= 0x20 && c < 0x7F && c != '\\';
            if (printable) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(aeTitle.length() + 8).append(aeTitle, 0, i);
            }
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(c < 0x100 ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
            }
        }
        return out == null ? aeTitle : out.toString();
    }
}
