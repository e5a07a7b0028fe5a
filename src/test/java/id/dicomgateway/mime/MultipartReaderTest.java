package id.dicomgateway.mime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MultipartReaderTest {

    private static byte[] body(String boundary, List<byte[]> parts, boolean close) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write("preamble to ignore\r\n".getBytes(StandardCharsets.ISO_8859_1));
        for (byte[] part : parts) {
            out.write(("--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(part);
            out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        if (close) {
            out.write(("--" + boundary + "--\r\nepilogue").getBytes(StandardCharsets.ISO_8859_1));
        }
        return out.toByteArray();
    }

    /** Returns at most {@code chunk} bytes per read, so delimiters straddle reads. */
    private static InputStream trickle(byte[] data, int chunk) {
        return new FilterInputStream(new ByteArrayInputStream(data)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
    }

    private static List<byte[]> readAll(InputStream in, String boundary) throws IOException {
        MultipartReader reader = new MultipartReader(in, boundary);
        List<byte[]> result = new ArrayList<>();
        while (reader.next()) {
            assertThat(reader.headers()).containsEntry("content-type", "application/dicom");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            long n = reader.copyBody(out);
            assertThat(n).isEqualTo(out.size());
            result.add(out.toByteArray());
        }
        return result;
    }

    @Test
    void splitsPartsExactlyWhateverTheReadSizes() throws IOException {
        Random random = new Random(7);
        byte[] big = new byte[300_000];
        random.nextBytes(big);
        // Bytes that look like the start of a delimiter inside a body must survive.
        byte[] tricky = "\r\n--boundar\r\n--\r\n-".getBytes(StandardCharsets.ISO_8859_1);
        List<byte[]> parts = List.of(big, tricky, new byte[0], "DICM".getBytes(StandardCharsets.ISO_8859_1));
        byte[] data = body("boundary", parts, true);
        for (int chunk : new int[] {1, 2, 7, 100, 65_536, Integer.MAX_VALUE}) {
            List<byte[]> got = readAll(trickle(data, chunk), "boundary");
            assertThat(got).hasSize(parts.size());
            for (int i = 0; i < parts.size(); i++) {
                assertThat(got.get(i)).as("part %d with reads of %d", i, chunk).isEqualTo(parts.get(i));
            }
        }
    }

    @Test
    void aBodyCutShortIsAnErrorNotAShortPart() throws IOException {
        byte[] data = body("b0und", List.of(new byte[1000]), true);
        byte[] cut = java.util.Arrays.copyOf(data, data.length - 30);
        assertThatThrownBy(() -> readAll(new ByteArrayInputStream(cut), "b0und"))
                .isInstanceOf(MultipartReader.MultipartException.class).hasMessageContaining("truncated");
    }

    @Test
    void noBoundaryInTheBodyIsAnError() {
        byte[] data = "just some bytes".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> readAll(new ByteArrayInputStream(data), "x"))
                .isInstanceOf(MultipartReader.MultipartException.class);
    }

    @Test
    void endlessHeadersAreRefused() {
        byte[] data = ("--x\r\n" + "X: " + "a".repeat(100_000)).getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> readAll(new ByteArrayInputStream(data), "x"))
                .isInstanceOf(MultipartReader.MultipartException.class).hasMessageContaining("too long");
    }

    @Test
    void readsParametersOfContentTypeAndDisposition() {
        assertThat(MultipartReader.boundaryOf("multipart/related; type=\"application/dicom\"; boundary=abc123")).isEqualTo("abc123");
        assertThat(MultipartReader.boundaryOf("multipart/related;boundary=\"q;u\\\"o\";type=application/dicom")).isEqualTo("q;u\"o");
        assertThat(MultipartReader.boundaryOf("application/json")).isNull();
        assertThat(MultipartReader.parameter("form-data; name=\"file\"; filename=\"a b.dcm\"", "filename")).isEqualTo("a b.dcm");
        assertThat(MultipartReader.parameter("form-data; name=\"file\"; filename=\"a b.dcm\"", "name")).isEqualTo("file");
    }
}
