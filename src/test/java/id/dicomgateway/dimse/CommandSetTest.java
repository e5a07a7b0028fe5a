package id.dicomgateway.dimse;

import id.dicomgateway.dimse.pdu.PduException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** DIMSE command sets in Implicit VR Little Endian (PS3.7 6.3.1, 9.3, E.1), against hand-made bytes. */
class CommandSetTest {

    @Test
    void cEchoRqBytes() {
        byte[] expected = new Bytes()
                .u16le(0).u16le(0).u32le(4).u32le(56) // (0000,0000) UL group length = bytes after this element
                .u16le(0).u16le(0x0002).u32le(18).ascii("1.2.840.10008.1.1").u8(0) // UI padded with NUL
                .u16le(0).u16le(0x0100).u32le(2).u16le(0x0030) // C-ECHO-RQ
                .u16le(0).u16le(0x0110).u32le(2).u16le(7) // message ID
                .u16le(0).u16le(0x0800).u32le(2).u16le(0x0101) // no data set
                .get();
        assertThat(CommandSet.cEchoRq(7, "1.2.840.10008.1.1").encode()).isEqualTo(expected);
    }

    @Test
    void cStoreRqRoundTrip() throws Exception {
        CommandSet rq = CommandSet.cStoreRq(3, "1.2.840.10008.5.1.4.1.1.4", "1.2.3.45");
        CommandSet back = CommandSet.decode(rq.encode());
        assertThat(back).isEqualTo(rq);
        assertThat(back.hasDataSet()).isTrue();
        assertThat(back.priority()).isEqualTo(0);
    }

    @Test
    void cStoreRspWithWarningAndComment() throws Exception {
        byte[] rsp = new Bytes()
                .u16le(0).u16le(0).u32le(4).u32le(0) // group length value is not trusted anyway
                .u16le(0).u16le(0x0002).u32le(26).ascii("1.2.840.10008.5.1.4.1.1.4").u8(0)
                .u16le(0).u16le(0x0100).u32le(2).u16le(0x8001)
                .u16le(0).u16le(0x0120).u32le(2).u16le(3)
                .u16le(0).u16le(0x0800).u32le(2).u16le(0x0101)
                .u16le(0).u16le(0x0900).u32le(2).u16le(0xB000)
                .u16le(0).u16le(0x0902).u32le(8).ascii("coerced ")
                .u16le(0).u16le(0x1000).u32le(8).ascii("1.2.3.45")
                .get();
        CommandSet c = CommandSet.decode(rsp);
        assertThat(c.commandField()).isEqualTo(CommandSet.C_STORE_RSP);
        assertThat(c.messageIdBeingRespondedTo()).isEqualTo(3);
        assertThat(c.status()).isEqualTo(0xB000);
        assertThat(c.errorComment()).isEqualTo("coerced");
        assertThat(c.affectedSopInstanceUid()).isEqualTo("1.2.3.45");
        assertThat(c.hasDataSet()).isFalse();
        assertThat(DimseStatus.isWarning(c.status())).isTrue();
        assertThat(DimseStatus.describe(0xB007)).isEqualTo("B007 Warning: Data Set does not match SOP Class");
        assertThat(DimseStatus.isWarning(0xA700)).isFalse();
        assertThat(DimseStatus.describe(0xA702)).contains("Out of Resources");
    }

    @Test
    void rejectsElementsOutsideGroupZeroAndOverlongValues() {
        assertThatThrownBy(() -> CommandSet.decode(new Bytes().u16le(8).u16le(0x18).u32le(0).get()))
                .isInstanceOf(PduException.class).hasMessageContaining("outside group 0000");
        assertThatThrownBy(() -> CommandSet.decode(new Bytes().u16le(0).u16le(0x100).u32le(200).u16le(1).get()))
                .isInstanceOf(PduException.class).hasMessageContaining("longer than the command");
        assertThatThrownBy(() -> CommandSet.decode(new Bytes().u16le(0).u16le(0x110).u32le(2).u16le(1).get()))
                .isInstanceOf(PduException.class).hasMessageContaining("without Command Field");
    }
}
