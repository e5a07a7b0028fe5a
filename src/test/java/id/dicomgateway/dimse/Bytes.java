package id.dicomgateway.dimse;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds byte sequences by hand, field by field as PS3.8 lays them out, for PDU tests. */
final class Bytes {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Bytes u8(int... values) {
        for (int v : values) {
            out.write(v);
        }
        return this;
    }

    Bytes u16be(int v) {
        return u8(v >> 8 & 0xFF, v & 0xFF);
    }

    Bytes u32be(long v) {
        return u8((int) (v >> 24 & 0xFF), (int) (v >> 16 & 0xFF), (int) (v >> 8 & 0xFF), (int) (v & 0xFF));
    }

    Bytes u16le(int v) {
        return u8(v & 0xFF, v >> 8 & 0xFF);
    }

    Bytes u32le(long v) {
        return u8((int) (v & 0xFF), (int) (v >> 8 & 0xFF), (int) (v >> 16 & 0xFF), (int) (v >> 24 & 0xFF));
    }

    Bytes ascii(String s) {
        out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    Bytes zeros(int n) {
        return u8(new int[n]);
    }

    /** An item: type, reserved, 2-byte big-endian length, then the value (PS3.8 9.3.2.x). */
    Bytes item(int type, byte[] value) {
        u8(type, 0).u16be(value.length);
        out.writeBytes(value);
        return this;
    }

    Bytes item(int type, String value) {
        return item(type, value.getBytes(StandardCharsets.US_ASCII));
    }

    Bytes bytes(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    int size() {
        return out.size();
    }

    byte[] get() {
        return out.toByteArray();
    }

    /** A PDU: type, reserved, 4-byte big-endian length, then the variable field. */
    static byte[] pdu(int type, byte[] body) {
        return new Bytes().u8(type, 0).u32be(body.length).bytes(body).get();
    }
}
