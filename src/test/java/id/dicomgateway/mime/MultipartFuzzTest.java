package id.dicomgateway.mime;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Coverage-guided fuzzing (Jazzer) of the multipart reader (RFC 2046 5.1.1), which reads every
 * upload body (multipart/form-data, RFC 7578) and every WADO-RS answer of a PACS. Half the inputs are
 * built around a real boundary so the fuzzer gets past the preamble into part headers and bodies; the
 * stream hands out fuzzed, short reads. The reader may throw only its {@link MultipartReader.MultipartException};
 * anything else, a hang, or more than its window buffered for a part's headers is a finding.
 *
 * <p>Without JAZZER_FUZZ=1 this runs the saved inputs only; the surefire execution "fuzz" in
 * pom.xml runs it with JAZZER_FUZZ=1 for its 25 s budget (skip with -Ddicom.fuzz.skip=true).
 * Longer: {@code JAZZER_FUZZ=1 ./mvnw -B test -Dtest=MultipartFuzzTest -Djazzer.max_duration=30m}.
 */
class MultipartFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void body(FuzzedDataProvider data) throws IOException {
        String boundary = data.consumeBoolean() ? "----gw" + data.consumeInt(0, 999) : data.consumeString(80);
        String contentType = data.consumeBoolean() ? "multipart/form-data; boundary=\"" + boundary + "\""
                : data.consumeString(120);
        int readSize = data.consumeInt(1, 70_000);
        String disposition = data.consumeString(200);
        byte[] raw = data.consumeRemainingAsBytes();
        byte[] body = raw;
        if (raw.length > 0 && (raw[0] & 1) == 0) {
            // the skeleton of a form around the fuzzed bytes: the reader's states past the first boundary
            byte[] start = ("--" + boundary + "\r\nContent-Disposition: " + disposition + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
            byte[] end = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
            body = new byte[start.length + raw.length + end.length];
            System.arraycopy(start, 0, body, 0, start.length);
            System.arraycopy(raw, 0, body, start.length, raw.length);
            System.arraycopy(end, 0, body, start.length + raw.length, end.length);
        }
        MultipartReader.parameter(disposition, "name");
        MultipartReader.parameter(disposition, "filename");
        String declared = MultipartReader.boundaryOf(contentType);
        try {
            MultipartReader reader = new MultipartReader(new Trickle(body, readSize), declared == null ? boundary : declared);
            int parts = 0;
            long total = 0;
            while (reader.next()) {
                if (++parts > body.length + 1) {
                    throw new AssertionError("more parts than bytes: the reader does not advance");
                }
                Map<String, String> headers = reader.headers();
                for (String value : headers.values()) {
                    MultipartReader.parameter(value, "name");
                }
                if (parts % 2 == 0) {
                    total += reader.copyBody(OutputStream.nullOutputStream());
                }
            }
            if (total > body.length) {
                throw new AssertionError("copied " + total + " bytes of a " + body.length + "-byte body");
            }
        } catch (MultipartReader.MultipartException expected) {
            // the reader's own refusal: 400 with its message
        }
    }

    /** Hands the body out a few bytes at a time, as a slow client does. */
    private static final class Trickle extends InputStream {
        private final ByteArrayInputStream in;
        private final int max;

        Trickle(byte[] body, int max) {
            this.in = new ByteArrayInputStream(body);
            this.max = max;
        }

        @Override
        public int read() {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return in.read(b, off, Math.min(len, max));
        }
    }
}
