package id.dicomgateway.security;

import io.restassured.RestAssured;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, so the request target goes out byte for byte as written
 * ({@code //api}, {@code /%61pi}, {@code /./}, {@code /../}): HTTP clients tidy such paths up.
 */
final class RawHttp {
    record Answer(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private RawHttp() {
    }

    /** {@code headers}: name, value, name, value, … */
    static Answer send(String method, String target, String body, String... headers) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(20_000);
            StringBuilder request = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1:").append(RestAssured.port).append("\r\nConnection: close\r\n");
            for (int i = 0; i < headers.length; i += 2) {
                request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
            }
            byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            if (body != null) {
                request.append("Content-Length: ").append(content.length).append("\r\n");
            }
            request.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(content);
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int end = response.indexOf("\r\n\r\n");
            String[] head = response.substring(0, end).split("\r\n");
            Map<String, String> h = new LinkedHashMap<>();
            for (int i = 1; i < head.length; i++) {
                int colon = head[i].indexOf(':');
                h.merge(head[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), head[i].substring(colon + 1).trim(), (a, b) -> a + ", " + b);
            }
            return new Answer(Integer.parseInt(head[0].split(" ")[1]), h, response.substring(end + 4));
        }
    }

    /** Signs the nurse in through the form and answers the Cookie header a browser would then send: session and CSRF cookies. */
    static String signIn(String user, String password, String csrf) throws IOException {
        String form = "j_username=" + user + "&j_password=" + java.net.URLEncoder.encode(password, StandardCharsets.UTF_8);
        Answer a = send("POST", "/j_security_check", form, "Content-Type", "application/x-www-form-urlencoded");
        if (a.status() != 302 || a.header("set-cookie") == null || !a.header("set-cookie").contains("quarkus-credential=")) {
            throw new AssertionError("sign-in failed: " + a);
        }
        String cookies = a.header("set-cookie");
        String session = cookie(cookies, Sessions.COOKIE);
        return "quarkus-credential=" + cookie(cookies, "quarkus-credential") + "; "
                + (session == null ? "" : Sessions.COOKIE + "=" + session + "; ") + CsrfGuard.COOKIE + "=" + csrf;
    }

    /** The value of cookie {@code name} in Set-Cookie headers joined by ", ", or null. */
    private static String cookie(String setCookies, String name) {
        int at = setCookies.indexOf(name + "=");
        if (at < 0) {
            return null;
        }
        String value = setCookies.substring(at + name.length() + 1);
        int end = value.indexOf(';');
        return end < 0 ? value : value.substring(0, end);
    }
}
