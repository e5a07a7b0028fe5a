package id.dicomgateway.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for requests no well-behaved client sends: a declared Content-Length
 * far beyond the body, hand-made multipart bodies, raw bytes in the path.
 */
final class RawHttp {
    record Response(int status, String body) {
    }

    private RawHttp() {
    }

    static Response send(int port, String method, String path, Map<String, String> headers, byte[] body, boolean declareLength)
            throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
            headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            if (declareLength) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            try {
                out.write(body);
                out.flush();
            } catch (IOException e) {
                // the server may answer and close before reading everything (413): read its answer
            }
            return read(socket.getInputStream());
        }
    }

    private static Response read(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try {
            // Read the head, then exactly Content-Length bytes: the server may keep the connection open
            // waiting for the rest of a body it has already refused.
            int headEnd = -1;
            long want = -1;
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) >= 0; ) {
                all.write(buf, 0, n);
                if (headEnd < 0) {
                    String sofar = all.toString(StandardCharsets.ISO_8859_1);
                    headEnd = sofar.indexOf("\r\n\r\n");
                    if (headEnd >= 0) {
                        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?im)^content-length:\\s*(\\d+)").matcher(sofar.substring(0, headEnd));
                        want = m.find() ? Long.parseLong(m.group(1)) : -1;
                    }
                }
                if (headEnd >= 0 && want >= 0 && all.size() >= headEnd + 4 + want) {
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            throw new IOException("no complete answer within 20 s; got: " + all.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // connection reset after the answer was sent: keep what arrived
        }
        byte[] bytes = all.toByteArray();
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int headEnd = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.1 ") || headEnd < 0) {
            throw new IOException("not an HTTP response: " + text);
        }
        int status = Integer.parseInt(text.substring(9, 12));
        String headers = text.substring(0, headEnd).toLowerCase(Locale.ROOT);
        String body = text.substring(headEnd + 4); // ISO-8859-1: one char per byte, so chunk sizes index it directly
        if (headers.contains("transfer-encoding: chunked")) {
            body = dechunk(body);
        }
        return new Response(status, new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
    }

    private static String dechunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int pos = 0;
        while (pos < chunked.length()) {
            int eol = chunked.indexOf("\r\n", pos);
            if (eol < 0) {
                break;
            }
            int size = Integer.parseInt(chunked.substring(pos, eol).split(";")[0].trim(), 16);
            if (size == 0) {
                break;
            }
            out.append(chunked, eol + 2, Math.min(chunked.length(), eol + 2 + size));
            pos = eol + 2 + size + 2;
        }
        return out.toString();
    }
}
