package id.dicomgateway.dimse.find;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The C-FIND Identifier's codec: both little-endian syntaxes, sequences, padding, and refusing broken input. */
class IdentifierTest {
    private static Identifier sample() {
        Identifier step = new Identifier().putString(0x00080060, "CS", "CR", StandardCharsets.US_ASCII)
                .putString(0x00400002, "DA", "20261205", StandardCharsets.US_ASCII);
        return new Identifier().putString(0x00100010, "PN", "Santoso^Budi", StandardCharsets.US_ASCII)
                .putString(0x0020000D, "UI", "1.2.3", StandardCharsets.US_ASCII)
                .putSequence(0x00400100, List.of(step))
                .putString(0x00080050, "SH", "", StandardCharsets.US_ASCII);
    }

    @Test
    void roundTripsInBothSyntaxes() {
        for (boolean explicit : new boolean[] {true, false}) {
            byte[] bytes = sample().encode(explicit);
            assertThat(bytes.length % 2).isZero();
            Identifier back = Identifier.read(bytes, explicit);
            assertThat(back.elements().keySet()).containsExactly(0x00080050, 0x00100010, 0x0020000D, 0x00400100);
            assertThat(back.string(0x0020000D, StandardCharsets.US_ASCII)).isEqualTo("1.2.3");
            assertThat(back.get(0x0020000D).orElseThrow().value()).hasSize(6).endsWith(0);
            assertThat(back.string(0x00100010, StandardCharsets.US_ASCII)).isEqualTo("Santoso^Budi");
            assertThat(back.get(0x00080050).orElseThrow().isEmpty()).isTrue();
            Identifier step = back.get(0x00400100).orElseThrow().items().get(0);
            assertThat(step.string(0x00400002, StandardCharsets.US_ASCII)).isEqualTo("20261205");
            assertThat(back.get(0x00100010).orElseThrow().vr()).isEqualTo("PN");
        }
    }

    @Test
    void readsDefinedLengthSequencesAsDcmtkMayWriteThem() {
        // (0040,0100) SQ of defined length with one item of defined length holding (0008,0060) CS "CR", implicit VR
        byte[] item = {0x08, 0x00, 0x60, 0x00, 2, 0, 0, 0, 'C', 'R'};
        byte[] bytes = new byte[8 + 8 + item.length];
        int p = 0;
        for (byte b : new byte[] {0x40, 0x00, 0x00, 0x01, (byte) (8 + item.length), 0, 0, 0}) {
            bytes[p++] = b;
        }
        for (byte b : new byte[] {(byte) 0xFE, (byte) 0xFF, 0x00, (byte) 0xE0, (byte) item.length, 0, 0, 0}) {
            bytes[p++] = b;
        }
        System.arraycopy(item, 0, bytes, p, item.length);
        Identifier id = Identifier.read(bytes, false);
        assertThat(id.get(0x00400100).orElseThrow().items().get(0).string(0x00080060, StandardCharsets.US_ASCII)).isEqualTo("CR");
    }

    @Test
    void refusesTruncatedOrOverlongInput() {
        byte[] good = sample().encode(true);
        for (int cut = 1; cut < good.length; cut++) {
            byte[] part = java.util.Arrays.copyOf(good, cut);
            try {
                // cut at an element's end: a shorter data set, never the whole one
                assertThat(Identifier.read(part, true).elements()).hasSizeLessThan(4);
            } catch (IllegalArgumentException expected) {
                // cut inside an element
            }
        }
        byte[] huge = {0x10, 0x00, 0x10, 0x00, 'P', 'N', (byte) 0xFF, 0x7F};
        assertThatThrownBy(() -> Identifier.read(huge, true)).isInstanceOf(IllegalArgumentException.class);
        assertThat(sample().toString()).doesNotContain("Santoso");
    }
}
