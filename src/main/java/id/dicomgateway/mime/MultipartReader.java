package id.dicomgateway.mime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a multipart body (RFC 2046 §5.1.1) part by part straight off a stream. Each part's body is
 * copied to the caller's {@link OutputStream} as it arrives, so a part is never held whole in memory:
 * only a fixed window of {@value #WINDOW} bytes is buffered. Serves WADO-RS {@code multipart/related}
 * (PS3.18 §8.7.3.3) and {@code multipart/form-data} uploads (RFC 7578) alike.
 *
 * <p>Use: {@code while (reader.next()) { reader.headers(); reader.copyBody(out); }}.
 */
public final class MultipartReader {
    private static final int WINDOW = 64 * 1024;
    /** Part headers are a few lines; a part that sends more is not one we want. */
    private static final int MAX_HEADER_BYTES = 16 * 1024;

    private final InputStream in;
    /** CRLF "--" boundary: RFC 2046 counts the CRLF before the dash-boundary as part of the delimiter. */
    private final byte[] delimiter;
    private final int[] skip;
    private final byte[] buf;
    private int pos;
    private int end;
    private boolean eof;
    private boolean started;
    private boolean finished;
    private boolean bodyPending;
    private Map<String, String> headers = Map.of();

    public MultipartReader(InputStream in, String boundary) throws MultipartException {
        // RFC 2046 §5.1.1: 1 to 70 characters.
        if (boundary == null || boundary.isEmpty() || boundary.length() > 70) {
            throw new MultipartException("multipart boundary missing or longer than 70 characters");
        }
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.skip = skipTable(delimiter);
        this.buf = new byte[WINDOW];
        // The first delimiter may open the body without the CRLF that belongs to it: supply one.
        buf[0] = '\r';
        buf[1] = '\n';
        end = 2;
    }

    /** Moves to the next part and reads its headers; false once the close delimiter is reached. */
    public boolean next() throws IOException {
        if (finished) {
            return false;
        }
        if (!started) {
            scanTo(OutputStream.nullOutputStream()); // the preamble is to be ignored (RFC 2046)
            started = true;
        } else if (bodyPending) {
            scanTo(OutputStream.nullOutputStream());
        }
        bodyPending = false;
        if (!ensure(2)) {
            throw new MultipartException("multipart body ends right after a boundary");
        }
        if (buf[pos] == '-' && buf[pos + 1] == '-') {
            finished = true;
            return false;
        }
        headers = readHeaders();
        bodyPending = true;
        return true;
    }

    /** The current part's headers, names in lower case. */
    public Map<String, String> headers() {
        return headers;
    }

    /** Copies the current part's body to {@code out}; returns the number of bytes copied. */
    public long copyBody(OutputStream out) throws IOException {
        if (!bodyPending) {
            throw new IllegalStateException("no part body to read: call next() first");
        }
        bodyPending = false;
        return scanTo(out);
    }

    /** Writes everything up to the next delimiter to {@code out} and steps over the delimiter. */
    private long scanTo(OutputStream out) throws IOException {
        long total = 0;
        while (true) {
            int found = indexOfDelimiter();
            if (found >= 0) {
                out.write(buf, pos, found - pos);
                total += found - pos;
                pos = found + delimiter.length;
                return total;
            }
            // Keep the last delimiter.length - 1 bytes: a delimiter may straddle the next read.
            int safe = end - (delimiter.length - 1);
            if (safe > pos) {
                out.write(buf, pos, safe - pos);
                total += safe - pos;
                pos = safe;
            }
            if (eof) {
                throw new MultipartException("multipart body ends before its closing boundary (truncated)");
            }
            fill();
        }
    }

    /**
     * Boyer-Moore-Horspool: the delimiter is some 40 bytes of CRLF, dashes and boundary, and pixel data
     * rarely contains its last byte, so most steps skip a whole delimiter length. The search was a
     * byte-by-byte scan and the gateway's largest CPU cost for a study (JFR, bench/e2e.py).
     */
    private int indexOfDelimiter() {
        int m = delimiter.length;
        for (int i = pos; i <= end - m; i += skip[buf[i + m - 1] & 0xff]) {
            int j = m - 1;
            while (j >= 0 && buf[i + j] == delimiter[j]) {
                j--;
            }
            if (j < 0) {
                return i;
            }
        }
        return -1;
    }

    private static int[] skipTable(byte[] pattern) {
        int[] table = new int[256];
        java.util.Arrays.fill(table, pattern.length);
        for (int i = 0; i < pattern.length - 1; i++) {
            table[pattern[i] & 0xff] = pattern.length - 1 - i;
        }
        return table;
    }

    private Map<String, String> readHeaders() throws IOException {
        // After the boundary: optional transport padding, then CRLF (RFC 2046 §5.1.1).
        String rest = readLine(MAX_HEADER_BYTES);
        if (!rest.isBlank()) {
            throw new MultipartException("unexpected characters after a multipart boundary");
        }
        Map<String, String> result = new LinkedHashMap<>();
        int budget = MAX_HEADER_BYTES;
        while (true) {
            String line = readLine(budget);
            budget -= line.length() + 2;
            if (line.isEmpty()) {
                return result;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new MultipartException("malformed multipart part header");
            }
            result.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
    }

    private String readLine(int budget) throws IOException {
        int scanned = 0; // bytes after pos already searched for CRLF, kept across fills (which move pos)
        while (true) {
            for (int i = pos + scanned; i + 1 < end; i++) {
                if (buf[i] == '\r' && buf[i + 1] == '\n') {
                    String line = new String(buf, pos, i - pos, StandardCharsets.UTF_8);
                    pos = i + 2;
                    return line;
                }
            }
            if (end - pos > budget) {
                throw new MultipartException("multipart part headers are too long");
            }
            if (eof) {
                throw new MultipartException("multipart body ends inside part headers (truncated)");
            }
            scanned = Math.max(0, end - pos - 1);
            fill();
        }
    }

    private boolean ensure(int n) throws IOException {
        while (end - pos < n && !eof) {
            fill();
        }
        return end - pos >= n;
    }

    private void fill() throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, end - pos);
            end -= pos;
            pos = 0;
        }
        int n = in.read(buf, end, buf.length - end);
        if (n < 0) {
            eof = true;
        } else {
            end += n;
        }
    }

    /** The {@code boundary} parameter of a multipart Content-Type, or null. */
    public static String boundaryOf(String contentType) {
        return parameter(contentType, "boundary");
    }

    /**
     * One parameter of a header value such as {@code multipart/related; type="application/dicom"; boundary=x}
     * or {@code form-data; name="file"; filename="a.dcm"} (RFC 2045 §5.1 quoted-string), or null.
     */
    public static String parameter(String headerValue, String name) {
        if (headerValue == null) {
            return null;
        }
        int i = headerValue.indexOf(';');
        while (i >= 0 && i < headerValue.length()) {
            int eq = headerValue.indexOf('=', i);
            if (eq < 0) {
                return null;
            }
            String key = headerValue.substring(i + 1, eq).trim();
            int j = eq + 1;
            while (j < headerValue.length() && headerValue.charAt(j) == ' ') {
                j++;
            }
            StringBuilder value = new StringBuilder();
            if (j < headerValue.length() && headerValue.charAt(j) == '"') {
                j++;
                while (j < headerValue.length() && headerValue.charAt(j) != '"') {
                    char c = headerValue.charAt(j);
                    if (c == '\\' && j + 1 < headerValue.length()) {
                        c = headerValue.charAt(++j);
                    }
                    value.append(c);
                    j++;
                }
                j = headerValue.indexOf(';', j);
            } else {
                int semi = headerValue.indexOf(';', j);
                value.append(headerValue, j, semi < 0 ? headerValue.length() : semi);
                j = semi;
            }
            if (key.equalsIgnoreCase(name)) {
                return value.toString().trim();
            }
            i = j;
        }
        return null;
    }

    /** The body is not well-formed multipart: truncated, no boundary, oversized headers. */
    public static final class MultipartException extends IOException {
        public MultipartException(String message) {
            super(message);
        }
    }
}
