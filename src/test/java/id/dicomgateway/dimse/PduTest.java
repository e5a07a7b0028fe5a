package id.dicomgateway.dimse;

import id.dicomgateway.dimse.pdu.Pdu;
import id.dicomgateway.dimse.pdu.PduReader;
import id.dicomgateway.dimse.pdu.PduWriter;
import id.dicomgateway.dimse.pdu.PduException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import id.dicomgateway.dimse.pdu.PduItems.Pdv;
import id.dicomgateway.dimse.pdu.PduItems.PresentationContextAc;
import id.dicomgateway.dimse.pdu.PduItems.PresentationContextRq;
import id.dicomgateway.dimse.pdu.PduItems.UserInformation;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PDU encoding and decoding against byte sequences written by hand from PS3.8 9.3. */
class PduTest {

    static final String CT = "1.2.840.10008.5.1.4.1.1.2";
    static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";
    static final String IMPLICIT_LE = "1.2.840.10008.1.2";
    static final String APP_CONTEXT = "1.2.840.10008.3.1.1.1";

    /** PS3.8 9.3.2, tables 9-11 .. 9-16 and D.1, D.3.3.2. */
    static byte[] associateRqByHand() {
        Bytes body = new Bytes()
                .u16be(1).u16be(0) // protocol version, reserved
                .ascii("ROUTER          ") // called AE, 16 bytes space padded
                .ascii("GATEWAY         ") // calling AE
                .zeros(32)
                .item(0x10, APP_CONTEXT);
        Bytes pc = new Bytes().u8(1, 0, 0, 0).item(0x30, CT).item(0x40, EXPLICIT_LE).item(0x40, IMPLICIT_LE);
        body.item(0x20, pc.get());
        Bytes ui = new Bytes().u8(0x51, 0).u16be(4).u32be(1048576).item(0x52, "1.2.3.4").item(0x55, "GW_1");
        body.item(0x50, ui.get());
        return Bytes.pdu(0x01, body.get());
    }

    static Pdu.AAssociateRq rqPdu() {
        return new Pdu.AAssociateRq("ROUTER", "GATEWAY", APP_CONTEXT,
                List.of(new PresentationContextRq(1, CT, List.of(EXPLICIT_LE, IMPLICIT_LE))),
                new UserInformation(1048576, "1.2.3.4", "GW_1"));
    }

    @Test
    void associateRqEncodesAsPs38Says() {
        assertThat(PduWriter.encode(rqPdu()).getBytes()).isEqualTo(associateRqByHand());
    }

    @Test
    void associateRqRoundTrips() throws Exception {
        assertThat(decodeOne(associateRqByHand())).isEqualTo(rqPdu());
    }

    @Test
    void associateAcFromHandBytesWithSubItemsWeDoNotUse() throws Exception {
        Bytes body = new Bytes().u16be(1).u16be(0).ascii("ROUTER          ").ascii("GATEWAY         ").zeros(32)
                .item(0x10, APP_CONTEXT);
        // context 1 accepted with explicit LE; context 3 refused (4 = transfer-syntaxes-not-supported)
        body.item(0x21, new Bytes().u8(1, 0, 0, 0).item(0x40, EXPLICIT_LE).get());
        body.item(0x21, new Bytes().u8(3, 0, 4, 0).item(0x40, "").get());
        Bytes ui = new Bytes().u8(0x51, 0).u16be(4).u32be(16384)
                .item(0x52, "1.2.276.0.7230010.3.0.3.6.7\0") // NUL padded, as some peers send
                .item(0x53, new Bytes().u16be(1).u16be(1).get()) // async ops window: ignored
                .item(0x55, "OFFIS_DCMTK_367");
        body.item(0x50, ui.get());
        Pdu pdu = decodeOne(Bytes.pdu(0x02, body.get()));
        assertThat(pdu).isInstanceOf(Pdu.AAssociateAc.class);
        Pdu.AAssociateAc ac = (Pdu.AAssociateAc) pdu;
        assertThat(ac.presentationContexts()).containsExactly(new PresentationContextAc(1, 0, EXPLICIT_LE),
                new PresentationContextAc(3, 4, ""));
        assertThat(ac.presentationContexts().get(1).accepted()).isFalse();
        assertThat(ac.userInformation()).isEqualTo(new UserInformation(16384, "1.2.276.0.7230010.3.0.3.6.7", "OFFIS_DCMTK_367"));
        // and our writer produces the same bytes for the same content (minus the ignored 53H and NUL)
        Pdu reread = decodeOne(PduWriter.encode(ac).getBytes());
        assertThat(reread).isEqualTo(ac);
    }

    @Test
    void associateRjFixedFields() throws Exception {
        // PS3.8 9.3.4: reserved, result 1 (permanent), source 1 (service-user), reason 7 (called AE not recognized)
        byte[] bytes = {0x03, 0, 0, 0, 0, 4, 0, 1, 1, 7};
        Pdu.AAssociateRj rj = (Pdu.AAssociateRj) decodeOne(bytes);
        assertThat(rj).isEqualTo(new Pdu.AAssociateRj(1, 1, 7));
        assertThat(rj.describe()).contains("rejected-permanent").contains("called-AE-title-not-recognized");
        assertThat(PduWriter.encode(rj).getBytes()).isEqualTo(bytes);
    }

    @Test
    void releaseAndAbortFixedFields() throws Exception {
        byte[] rq = {0x05, 0, 0, 0, 0, 4, 0, 0, 0, 0};
        byte[] rp = {0x06, 0, 0, 0, 0, 4, 0, 0, 0, 0};
        byte[] abort = {0x07, 0, 0, 0, 0, 4, 0, 0, 2, 6};
        assertThat(PduWriter.encode(new Pdu.AReleaseRq()).getBytes()).isEqualTo(rq);
        assertThat(PduWriter.encode(new Pdu.AReleaseRp()).getBytes()).isEqualTo(rp);
        assertThat(PduWriter.encode(new Pdu.AAbort(2, 6)).getBytes()).isEqualTo(abort);
        assertThat(decodeOne(rq)).isEqualTo(new Pdu.AReleaseRq());
        assertThat(decodeOne(rp)).isEqualTo(new Pdu.AReleaseRp());
        Pdu.AAbort a = (Pdu.AAbort) decodeOne(abort);
        assertThat(a).isEqualTo(new Pdu.AAbort(2, 6));
        assertThat(a.describe()).isEqualTo("service-provider, invalid-PDU-parameter-value");
    }

    @Test
    void pDataWithTwoPdvs() throws Exception {
        // PS3.8 9.3.5 and E.2: item length counts context ID + control header + data
        byte[] body = new Bytes()
                .u32be(2 + 3).u8(1, 0x03).u8(0xAA, 0xBB, 0xCC) // command, last
                .u32be(2 + 2).u8(3, 0x00).u8(0x01, 0x02) // data, not last
                .get();
        byte[] bytes = Bytes.pdu(0x04, body);
        Pdu.PDataTf p = (Pdu.PDataTf) decodeOne(bytes);
        assertThat(p.pdvs()).hasSize(2);
        Pdv first = p.pdvs().get(0);
        assertThat(first.presentationContextId()).isEqualTo(1);
        assertThat(first.command()).isTrue();
        assertThat(first.last()).isTrue();
        assertThat(first.data()).containsExactly(0xAA, 0xBB, 0xCC);
        Pdv second = p.pdvs().get(1);
        assertThat(second.command()).isFalse();
        assertThat(second.last()).isFalse();
        assertThat(second.data()).containsExactly(1, 2);
        assertThat(PduWriter.encode(p).getBytes()).isEqualTo(bytes);
    }

    @Test
    void pDataHeaderForStreaming() {
        Buffer b = Buffer.buffer();
        PduWriter.appendPDataHeader(b, 5, false, true, 1000);
        assertThat(b.getBytes()).isEqualTo(new Bytes().u8(0x04, 0).u32be(1006).u32be(1002).u8(5, 0x02).get());
    }

    @Test
    void readerReassemblesByteByByteAndSplitsConcatenated() throws Exception {
        byte[] a = associateRqByHand();
        byte[] b = {0x05, 0, 0, 0, 0, 4, 0, 0, 0, 0};
        byte[] all = new Bytes().bytes(a).bytes(b).bytes(a).get();
        List<Pdu> seen = new ArrayList<>();
        PduReader reader = new PduReader(1 << 20);
        for (byte x : all) {
            reader.feed(Buffer.buffer(new byte[] {x}), seen::add);
        }
        assertThat(seen).containsExactly(rqPdu(), new Pdu.AReleaseRq(), rqPdu());
        List<Pdu> once = new ArrayList<>();
        new PduReader(1 << 20).feed(Buffer.buffer(all), once::add);
        assertThat(once).isEqualTo(seen);
    }

    @Test
    void rejectsUnknownTypeHostileLengthAndBrokenItems() {
        assertThatThrownBy(() -> decodeOne(new byte[] {0x08, 0, 0, 0, 0, 4, 0, 0, 0, 0}))
                .isInstanceOf(PduException.class).hasMessageContaining("unrecognized PDU type 08H")
                .extracting(e -> ((PduException) e).abortReason()).isEqualTo(PduException.UNRECOGNIZED_PDU);
        // a 2 GiB length must be refused at the header, not buffered
        assertThatThrownBy(() -> new PduReader(1 << 20).feed(Buffer.buffer(new Bytes().u8(0x04, 0).u32be(0x7FFF_FFF0L).get()), p -> { }))
                .isInstanceOf(PduException.class).hasMessageContaining("exceeds the limit");
        // PDV item length larger than the PDU
        assertThatThrownBy(() -> decodeOne(Bytes.pdu(0x04, new Bytes().u32be(100).u8(1, 3).u8(1).get())))
                .isInstanceOf(PduException.class).hasMessageContaining("does not fit");
        // PDV item length below 2
        assertThatThrownBy(() -> decodeOne(Bytes.pdu(0x04, new Bytes().u32be(1).u8(1, 3).get())))
                .isInstanceOf(PduException.class);
        // RJ with a 5-byte body
        assertThatThrownBy(() -> decodeOne(Bytes.pdu(0x03, new byte[5]))).isInstanceOf(PduException.class)
                .hasMessageContaining("must have length 4");
        // an item that claims more than the PDU holds
        byte[] rq = associateRqByHand();
        byte[] truncated = java.util.Arrays.copyOf(rq, rq.length - 3);
        truncated[5] = (byte) (truncated[5] - 3); // keep the PDU length consistent, break the last item
        assertThatThrownBy(() -> decodeOne(truncated)).isInstanceOf(PduException.class)
                .hasMessageContaining("runs past the end");
    }

    static Pdu decodeOne(byte[] bytes) throws PduException {
        List<Pdu> out = new ArrayList<>();
        new PduReader(1 << 20).feed(Buffer.buffer(bytes), out::add);
        assertThat(out).hasSize(1);
        return out.get(0);
    }
}
