package id.dicomgateway.dimse;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import id.dicomgateway.dimse.pdu.Pdu;
import id.dicomgateway.dimse.pdu.PduException;
import id.dicomgateway.dimse.pdu.PduItems;
import id.dicomgateway.dimse.pdu.PduReader;
import id.dicomgateway.dimse.pdu.PduWriter;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Coverage-guided fuzzing (Jazzer) of the PDU reader (PS3.8 9.3), which reads whatever a stranger
 * sends to GATEWAY_SCP_PORT before any allow-list but the address one is checked. The bytes arrive
 * split in fuzzed chunks, as TCP delivers them; half the time they start with a valid PDU header,
 * so the fuzzer reaches the items inside. The only failure the reader may throw is its own
 * {@link PduException}; anything else, a hang or an allocation past the PDU limit is a finding.
 *
 * <p>Without JAZZER_FUZZ=1 this runs the saved inputs only; the surefire execution "fuzz" in
 * pom.xml runs it with JAZZER_FUZZ=1 for its 25 s budget (skip with -Ddicom.fuzz.skip=true).
 * Longer: {@code JAZZER_FUZZ=1 ./mvnw -B test -Dtest=PduFuzzTest -Djazzer.max_duration=30m}.
 * Kept alone in its file so it follows the reader when the PDU classes move.
 */
class PduFuzzTest {
    /** Small, so a hostile length field meets the limit quickly. */
    private static final int LIMIT = 64 * 1024;

    private static final List<byte[]> TEMPLATES = List.of(
            bytes(new Pdu.AAssociateRq("GATEWAY", "PACS", "1.2.840.10008.3.1.1.1",
                    List.of(new PduItems.PresentationContextRq(1, "1.2.840.10008.5.1.4.1.1.2", List.of("1.2.840.10008.1.2.1",
                            "1.2.840.10008.1.2")), new PduItems.PresentationContextRq(3, "1.2.840.10008.1.1", List.of("1.2.840.10008.1.2"))),
                    new PduItems.UserInformation(16384, "1.2.3.4", "FUZZ"))),
            bytes(new Pdu.AAssociateAc("PACS", "GATEWAY", "1.2.840.10008.3.1.1.1",
                    List.of(new PduItems.PresentationContextAc(1, 0, "1.2.840.10008.1.2.1"), new PduItems.PresentationContextAc(3, 4, "1.2.840.10008.1.2")),
                    new PduItems.UserInformation(0, "1.2.3.4", null))),
            bytes(new Pdu.PDataTf(List.of(new PduItems.Pdv(1, true, true, new byte[] {0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x12, 0x00, 0x00, 0x00}),
                    new PduItems.Pdv(1, false, false, new byte[40])))),
            bytes(new Pdu.AAssociateRj(1, 1, 3)),
            bytes(new Pdu.AReleaseRq()),
            bytes(new Pdu.AAbort(2, 6)));

    private static byte[] bytes(Pdu pdu) {
        return PduWriter.encode(pdu).getBytes();
    }

    @FuzzTest(maxDuration = "10s")
    void pduStream(FuzzedDataProvider data) {
        PduReader reader = new PduReader(LIMIT);
        List<Pdu> out = new ArrayList<>();
        int chunks = data.consumeInt(1, 8);
        byte[] all;
        if (data.consumeBoolean()) {
            all = data.consumeRemainingAsBytes();
        } else {
            // a valid PDU of each kind, mutated: the fuzzer starts inside items and sub-items
            byte[] b = TEMPLATES.get(data.consumeInt(0, TEMPLATES.size() - 1)).clone();
            int ops = data.consumeInt(1, 8);
            for (int k = 0; k < ops && b.length > 0; k++) {
                int at = data.consumeInt(0, b.length - 1);
                switch (data.consumeInt(0, 3)) {
                    case 0 -> b[at] = data.consumeByte();
                    case 1 -> {
                        int v = data.consumeInt();
                        for (int i = 0; i < 2 && at + i < b.length; i++) {
                            b[at + i] = (byte) (v >>> (8 * i));
                        }
                    }
                    case 2 -> b = java.util.Arrays.copyOf(b, at);
                    default -> {
                        byte[] ins = data.consumeBytes(16);
                        byte[] c = new byte[b.length + ins.length];
                        System.arraycopy(b, 0, c, 0, at);
                        System.arraycopy(ins, 0, c, at, ins.length);
                        System.arraycopy(b, at, c, at + ins.length, b.length - at);
                        b = c;
                    }
                }
            }
            all = b;
        }
        int step = Math.max(1, all.length / chunks);
        try {
            for (int pos = 0; pos < all.length; pos += step) {
                reader.feed(Buffer.buffer().appendBytes(all, pos, Math.min(step, all.length - pos)), out::add);
            }
        } catch (PduException expected) {
            // the reader's own refusal: the association is aborted with its reason
            if (expected.abortReason() == null) {
                throw new AssertionError("a PduException without an A-ABORT reason", expected);
            }
        }
        for (Pdu pdu : out) {
            if (pdu instanceof Pdu.PDataTf p) {
                for (PduItems.Pdv pdv : p.pdvs()) {
                    if (pdv.data().length > LIMIT) {
                        throw new AssertionError("a PDV larger than the PDU limit: " + pdv.data().length);
                    }
                }
            }
            // the decoded values are used by the association: they must be printable without failing
            pdu.toString();
        }
    }
}
