package id.dicomgateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.dicomgateway.testing.OrthancResource;
import id.dicomgateway.testing.Router;
import id.dicomgateway.testing.RouterResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input across every relay endpoint: each gets the right 4xx and code, an error body without a
 * stack trace, nothing sent to the router, and nothing left in the temporary area.
 */
@QuarkusTest
@WithTestResource(OrthancResource.class)
@WithTestResource(RouterResource.class)
@Execution(ExecutionMode.SAME_THREAD) // the Quarkus lane (pom.xml, failsafe)
class BadInputIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern STACK_FRAME = Pattern.compile("\\bat [\\w$.]+\\([\\w$]+\\.java:\\d+\\)");
    private static final String BOUNDARY = "----gwtest7MA4YWxkTrZu0gW";

    @TestHTTPResource("/")
    URL base;

    /** One row: a request and what must come back. */
    record Case(String name, String method, String path, String contentType, Supplier<byte[]> body, boolean declareLength,
                int status, Set<String> codes) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case json(String name, String path, String body, int status, String... codes) {
        return new Case(name, "POST", path, "application/json", () -> body.getBytes(StandardCharsets.UTF_8), true, status, Set.of(codes));
    }

    private static Case get(String name, String path, int status, String... codes) {
        return new Case(name, "GET", path, null, () -> new byte[0], false, status, Set.of(codes));
    }

    private static Case upload(String name, Supplier<byte[]> body, int status, String... codes) {
        return new Case(name, "POST", "/api/dicom/upload", "multipart/form-data; boundary=" + BOUNDARY, body, true, status, Set.of(codes));
    }

    /** A multipart/form-data body; each part is {name, filename or null, bytes}. */
    private static byte[] form(Object[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object[] p : parts) {
            String disposition = "form-data; name=\"" + p[0] + "\"" + (p[1] == null ? "" : "; filename=\"" + p[1] + "\"");
            out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: " + disposition + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.writeBytes(p[2] instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : (byte[]) p[2]);
            out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    private static Object[] file(String filename, byte[] bytes) {
        return new Object[] {"file", filename, bytes};
    }

    private static Object[] field(String name, String value) {
        return new Object[] {name, null, value};
    }

    private static byte[] corpus(String path) {
        try {
            return Files.readAllBytes(OrthancResource.corpus().resolve(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] zip(Map<String, byte[]> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A bare explicit VR LE dataset whose Pixel Data declares 4 GiB - 16 bytes and carries 100. */
    private static byte[] hugeDeclaredLength() {
        ByteBuffer b = ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN);
        element(b, 0x0008, 0x0016, "UI", "1.2.840.10008.5.1.4.1.1.7\0");
        element(b, 0x0008, 0x0018, "UI", "1.2.3.4\0");
        element(b, 0x0020, 0x000D, "UI", "1.2.3\0");
        b.putShort((short) 0x7FE0).putShort((short) 0x0010).put("OB".getBytes(StandardCharsets.ISO_8859_1)).putShort((short) 0).putInt(0xFFFFFFF0);
        b.put(new byte[100]);
        return Arrays.copyOf(b.array(), b.position());
    }

    private static void element(ByteBuffer b, int group, int element, String vr, String value) {
        b.putShort((short) group).putShort((short) element).put(vr.getBytes(StandardCharsets.ISO_8859_1)).putShort((short) value.length())
                .put(value.getBytes(StandardCharsets.ISO_8859_1));
    }

    static Stream<Case> cases() {
        String study = OrthancResource.STUDY_MR3;
        List<Case> cases = List.of(
                // process: the JSON itself
                json("process: malformed JSON", "/api/dicom/process", "{\"study\":", 400, "INVALID_REQUEST"),
                json("process: not JSON at all", "/api/dicom/process", "study=1.2.3", 400, "INVALID_REQUEST"),
                json("process: empty body", "/api/dicom/process", "", 400, "INVALID_REQUEST"),
                json("process: JSON null", "/api/dicom/process", "null", 400, "INVALID_REQUEST"),
                json("process: JSON array", "/api/dicom/process", "[\"" + study + "\"]", 400, "INVALID_REQUEST"),
                json("process: JSON string", "/api/dicom/process", "\"" + study + "\"", 400, "INVALID_REQUEST"),
                json("process: missing study", "/api/dicom/process", "{\"patientid\":\"P1\"}", 400, "INVALID_REQUEST"),
                json("process: study is a number", "/api/dicom/process", "{\"study\":1.2}", 400, "INVALID_REQUEST"),
                json("process: study is an integer", "/api/dicom/process", "{\"study\":123}", 400, "INVALID_REQUEST"),
                json("process: study is an object", "/api/dicom/process", "{\"study\":{\"uid\":\"1.2\"}}", 400, "INVALID_REQUEST"),
                json("process: study is an array", "/api/dicom/process", "{\"study\":[\"1.2\"]}", 400, "INVALID_REQUEST"),
                json("process: study is a boolean", "/api/dicom/process", "{\"study\":true}", 400, "INVALID_REQUEST"),
                json("process: study is empty", "/api/dicom/process", "{\"study\":\"\"}", 400, "INVALID_REQUEST"),
                json("process: patientid is a number", "/api/dicom/process", "{\"study\":\"" + study + "\",\"patientid\":42}", 400, "INVALID_REQUEST"),
                json("process: accesionnum is a number", "/api/dicom/process", "{\"study\":\"" + study + "\",\"accesionnum\":12345}", 400, "INVALID_REQUEST"),
                // process: UID grammar and path traversal
                json("process: letters in UID", "/api/dicom/process", "{\"study\":\"1.2.abc\"}", 400, "INVALID_UID"),
                json("process: leading zero", "/api/dicom/process", "{\"study\":\"1.02.3\"}", 400, "INVALID_UID"),
                json("process: empty component", "/api/dicom/process", "{\"study\":\"1..2\"}", 400, "INVALID_UID"),
                json("process: trailing dot", "/api/dicom/process", "{\"study\":\"1.2.\"}", 400, "INVALID_UID"),
                json("process: path traversal", "/api/dicom/process", "{\"study\":\"../../../etc/passwd\"}", 400, "INVALID_UID"),
                json("process: traversal after a UID", "/api/dicom/process", "{\"study\":\"1.2.3/../../tmp\"}", 400, "INVALID_UID"),
                json("process: 65-character UID", "/api/dicom/process", "{\"study\":\"1." + "2".repeat(63) + "\"}", 400, "INVALID_UID"),
                json("process: 100000-character UID", "/api/dicom/process", "{\"study\":\"" + "1".repeat(100_000) + "\"}", 400, "INVALID_UID"),
                json("process: leading space", "/api/dicom/process", "{\"study\":\" 1.2.3\"}", 400, "INVALID_UID"),
                json("process: newline in UID", "/api/dicom/process", "{\"study\":\"1.2.3\\n\"}", 400, "INVALID_UID"),
                json("process: NUL in UID", "/api/dicom/process", "{\"study\":\"1.2.3\\u0000\"}", 400, "INVALID_UID"),
                // process: PatientID / AccessionNumber VR rules
                json("process: 65-character patientid", "/api/dicom/process", "{\"study\":\"" + study + "\",\"patientid\":\"" + "P".repeat(65) + "\"}", 400, "INVALID_VALUE"),
                json("process: 17-character acc", "/api/dicom/process", "{\"study\":\"" + study + "\",\"acc\":\"" + "1".repeat(17) + "\"}", 400, "INVALID_VALUE"),
                json("process: backslash in acc", "/api/dicom/process", "{\"study\":\"" + study + "\",\"acc\":\"A\\\\B\"}", 400, "INVALID_VALUE"),
                json("process: control character in patientid", "/api/dicom/process", "{\"study\":\"" + study + "\",\"patientid\":\"P\\u0007\"}", 400, "INVALID_VALUE"),
                json("process: 2 MB JSON body", "/api/dicom/process", "{\"study\":\"" + study + "\",\"pad\":\"" + "x".repeat(2 << 20) + "\"}", 413, "TOO_LARGE"),
                new Case("process: declared length of 10 GB", "POST", "/api/dicom/process", "application/json",
                        () -> "Content-Length: 10737418240\r\n\r\n{\"study\":".getBytes(StandardCharsets.ISO_8859_1), false, 413, Set.of("TOO_LARGE")),
                new Case("process: text/plain body", "POST", "/api/dicom/process", "text/plain", () -> ("{\"study\":\"" + study + "\"}").getBytes(StandardCharsets.UTF_8), true, 415, Set.of("UNSUPPORTED_MEDIA_TYPE")),
                new Case("process: GET instead of POST", "GET", "/api/dicom/process", null, () -> new byte[0], false, 405, Set.of("METHOD_NOT_ALLOWED")),
                json("process: study not in the PACS", "/api/dicom/process", "{\"study\":\"1.2.826.0.1.3680043.99.1\"}", 404, "STUDY_NOT_FOUND"),
                // direct-dcm
                json("direct-dcm: malformed JSON", "/api/dicom/direct-dcm", "{study: 1.2}", 400, "INVALID_REQUEST"),
                json("direct-dcm: missing study", "/api/dicom/direct-dcm", "{}", 400, "INVALID_REQUEST"),
                json("direct-dcm: study is a number", "/api/dicom/direct-dcm", "{\"study\":5}", 400, "INVALID_REQUEST"),
                json("direct-dcm: path traversal", "/api/dicom/direct-dcm", "{\"study\":\"..\\\\..\\\\windows\"}", 400, "INVALID_UID"),
                json("direct-dcm: study not in the PACS", "/api/dicom/direct-dcm", "{\"study\":\"2.25.1234567890\"}", 404, "STUDY_NOT_FOUND"),
                // download
                get("download: leading zero", "/api/dicom/download/1.02.3", 400, "INVALID_UID"),
                get("download: letters", "/api/dicom/download/abc", 400, "INVALID_UID"),
                get("download: encoded traversal", "/api/dicom/download/..%2F..%2Fetc%2Fpasswd", 400, "INVALID_UID", "NOT_FOUND"),
                get("download: dot-dot", "/api/dicom/download/..", 404, "NOT_FOUND"),
                get("download: encoded NUL", "/api/dicom/download/1.2.3%00", 400, "INVALID_UID"),
                get("download: 65 characters", "/api/dicom/download/1." + "3".repeat(63), 400, "INVALID_UID"),
                get("download: not in the PACS", "/api/dicom/download/1.2.826.0.1.3680043.99.2", 404, "STUDY_NOT_FOUND"),
                // upload: the multipart body
                new Case("upload: JSON instead of multipart", "POST", "/api/dicom/upload", "application/json", () -> "{}".getBytes(StandardCharsets.UTF_8), true, 415, Set.of("UNSUPPORTED_MEDIA_TYPE")),
                new Case("upload: multipart without boundary", "POST", "/api/dicom/upload", "multipart/form-data", () -> form(file("a.dcm", corpus("files/CT_small.dcm"))), true, 400, Set.of("INVALID_REQUEST")),
                upload("upload: empty body", () -> new byte[0], 400, "INVALID_REQUEST"),
                upload("upload: empty multipart", () -> form(), 400, "INVALID_REQUEST"),
                upload("upload: no file part", () -> form(field("patientid", "P1"), field("acc", "A1")), 400, "INVALID_REQUEST"),
                upload("upload: multipart cut short", () -> Arrays.copyOf(form(file("IM01.dcm", corpus("study-mr3/IM01.dcm"))), 1500), 400, "INVALID_REQUEST"),
                upload("upload: garbage instead of multipart", () -> "this is not multipart".getBytes(StandardCharsets.UTF_8), 400, "INVALID_REQUEST"),
                upload("upload: 100 KB part header", () -> ("--" + BOUNDARY + "\r\nX-Long: " + "x".repeat(100_000) + "\r\n\r\nbody\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.ISO_8859_1), 400, "INVALID_REQUEST"),
                // upload: the files
                upload("upload: a text file", () -> form(file("notes.txt", "not a DICOM file, just words".repeat(20).getBytes(StandardCharsets.UTF_8))), 400, "NOT_DICOM"),
                upload("upload: an empty file", () -> form(file("empty.dcm", new byte[0])), 400, "NOT_DICOM"),
                upload("upload: a PNG", () -> form(file("x.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13, 'I', 'H', 'D', 'R'})), 400, "NOT_DICOM"),
                upload("upload: truncated DICOM", () -> form(file("cut.dcm", Arrays.copyOf(corpus("files/CT_small.dcm"), 1000))), 400, "TRUNCATED_DICOM"),
                upload("upload: huge declared element length", () -> form(file("huge.dcm", hugeDeclaredLength())), 400, "TRUNCATED_DICOM", "MALFORMED_DICOM"),
                upload("upload: file name with traversal", () -> form(file("../../../../tmp/evil.dcm", "evil".getBytes(StandardCharsets.UTF_8))), 400, "NOT_DICOM"),
                upload("upload: good file then a bad one", () -> form(file("IM01.dcm", corpus("study-mr3/IM01.dcm")), file("bad.dcm", "bad".getBytes(StandardCharsets.UTF_8))), 400, "NOT_DICOM"),
                upload("upload: damaged ZIP", () -> form(file("d.zip", "PK\u0003\u0004garbage that is no zip at all".getBytes(StandardCharsets.ISO_8859_1))), 400, "NOT_DICOM"),
                upload("upload: empty ZIP", () -> form(file("empty.zip", zip(Map.of()))), 400, "NOT_DICOM"),
                upload("upload: ZIP with a non-DICOM entry", () -> form(file("s.zip", zip(new LinkedHashMap<>(Map.of("a/IM01.dcm", corpus("study-mr3/IM01.dcm"), "a/readme.txt", "hello".getBytes(StandardCharsets.UTF_8)))))), 400, "NOT_DICOM"),
                upload("upload: ZIP with a truncated instance", () -> form(file("t.zip", zip(Map.of("MR_truncated.dcm", corpus("files/MR_truncated.dcm"))))), 400, "TRUNCATED_DICOM"),
                upload("upload: ZIP bomb past the temp limit", () -> form(file("bomb.zip", zip(Map.of("zeros.dcm", new byte[8 << 20])))), 413, "TOO_LARGE"),
                upload("upload: body past the upload limit", () -> form(file("big.dcm", new byte[5 << 20])), 413, "TOO_LARGE"),
                new Case("upload: declared length of 10 GB", "POST", "/api/dicom/upload", "multipart/form-data; boundary=" + BOUNDARY,
                        () -> ("Content-Length: 10737418240\r\n\r\n--" + BOUNDARY + "\r\n").getBytes(StandardCharsets.ISO_8859_1), false, 413, Set.of("TOO_LARGE")),
                // upload: the fields
                upload("upload: 65-character patientid", () -> form(file("IM01.dcm", corpus("study-mr3/IM01.dcm")), field("patientid", "X".repeat(65))), 400, "INVALID_VALUE"),
                upload("upload: 17-character accesionnum", () -> form(file("IM01.dcm", corpus("study-mr3/IM01.dcm")), field("accesionnum", "9".repeat(17))), 400, "INVALID_VALUE"),
                upload("upload: control character in acc", () -> form(file("IM01.dcm", corpus("study-mr3/IM01.dcm")), field("acc", "A\u0001B")), 400, "INVALID_VALUE"),
                upload("upload: 5 KB patientid field", () -> form(file("IM01.dcm", corpus("study-mr3/IM01.dcm")), field("patientid", "P".repeat(5000))), 400, "INVALID_VALUE"));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInputIsAClear4xxAndNothingHappens(Case c) throws Exception {
        int before = Router.associations();
        Map<String, String> headers = new LinkedHashMap<>();
        byte[] body = c.body().get();
        if (c.contentType() != null) {
            headers.put("Content-Type", c.contentType());
        }
        RawHttp.Response r;
        if (!c.declareLength()) {
            // The "body" carries its own Content-Length header line: the declared length is a lie.
            headers.put("Content-Type", c.contentType() == null ? "application/octet-stream" : c.contentType());
            String raw = new String(body, StandardCharsets.ISO_8859_1);
            if (raw.startsWith("Content-Length: ")) {
                int end = raw.indexOf("\r\n");
                headers.put("Content-Length", raw.substring(16, end));
                body = raw.substring(end + 4).getBytes(StandardCharsets.ISO_8859_1);
            }
        }
        r = RawHttp.send(base.getPort(), c.method(), c.path(), headers, body, c.declareLength());

        assertThat(r.status()).as("status for %s; body %s", c.name(), r.body()).isEqualTo(c.status());
        JsonNode json = JSON.readTree(r.body());
        assertThat(json.path("status").asText()).as("body %s", r.body()).isEqualTo("error");
        assertThat(c.codes()).as("code for %s; body %s", c.name(), r.body()).contains(json.path("code").asText());
        assertThat(json.path("message").asText()).as("a message a person can act on").isNotBlank().hasSizeLessThan(600);
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("Caused by");
        assertThat(STACK_FRAME.matcher(r.body()).find()).as("stack trace in %s", r.body()).isFalse();
        assertThat(Router.associations()).as("nothing sent").isEqualTo(before);
        RelayIT.assertTempAreaEmpty();
    }
}
