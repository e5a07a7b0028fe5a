package id.dicomgateway.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The delimiter search against bodies built to mislead it: near-delimiters (a prefix or suffix of it,
 * one byte off), its last byte everywhere, CR LF runs, delivered in reads of 1 to 97 bytes so the
 * delimiter straddles every possible read boundary. Seeded, so a failure is reproducible.
 */
class MultipartReaderSearchTest {
    private static final String BOUNDARY = "b0undary-XYZ";

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 13, 97, 65536})
    void everyBodyComesBackExactly(int readSize) throws IOException {
        Random random = new Random(readSize);
        byte[] delimiter = ("\r\n--" + BOUNDARY).getBytes(StandardCharsets.ISO_8859_1);
        List<byte[]> bodies = new ArrayList<>();
        for (int p = 0; p < 40; p++) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            int pieces = random.nextInt(20);
            for (int k = 0; k < pieces; k++) {
                switch (random.nextInt(5)) {
                    case 0 -> body.write(delimiter, 0, 1 + random.nextInt(delimiter.length - 1)); // a proper prefix
                    case 1 -> {
                        byte[] almost = delimiter.clone();
                        almost[random.nextInt(almost.length)] ^= 1;
                        body.writeBytes(almost);
                    }
                    case 2 -> body.write(delimiter, 1, delimiter.length - 1); // all but the CR
                    case 3 -> body.writeBytes("\r\n\r\n--\r\n-".getBytes(StandardCharsets.ISO_8859_1));
                    default -> {
                        byte[] noise = new byte[random.nextInt(300)];
                        random.nextBytes(noise);
                        body.writeBytes(noise);
                        body.write('Z'); // the delimiter's last byte
                    }
                }
            }
            // A body may not contain the delimiter (RFC 2046 §5.1.1), also not across its end.
            byte[] framed = java.util.Arrays.copyOf(body.toByteArray(), body.size() + delimiter.length);
            System.arraycopy(delimiter, 0, framed, body.size(), delimiter.length);
            if (indexOf(framed, delimiter) == body.size()) {
                bodies.add(body.toByteArray());
            }
        }
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        for (byte[] body : bodies) {
            wire.writeBytes(("--" + BOUNDARY + "\r\nContent-Type: application/dicom\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            wire.writeBytes(body);
            wire.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        wire.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));

        MultipartReader reader = new MultipartReader(new Trickle(new ByteArrayInputStream(wire.toByteArray()), readSize), BOUNDARY);
        List<byte[]> read = new ArrayList<>();
        while (reader.next()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            reader.copyBody(out);
            read.add(out.toByteArray());
        }
        assertThat(bodies).hasSizeGreaterThan(20);
        assertThat(read).hasSameSizeAs(bodies);
        for (int i = 0; i < bodies.size(); i++) {
            assertThat(read.get(i)).as("part %d", i).isEqualTo(bodies.get(i));
        }
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Hands out at most {@code max} bytes per read. */
    private static final class Trickle extends FilterInputStream {
        private final int max;

        Trickle(InputStream in, int max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return super.read(b, off, Math.min(len, max));
        }
    }
}
