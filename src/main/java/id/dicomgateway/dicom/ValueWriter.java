package id.dicomgateway.dicom;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Encodes short data elements (File Meta, edited values) into a small buffer. */
final class ValueWriter {

    private final ByteArrayOutputStream buf;

    ValueWriter(int size) {
        buf = new ByteArrayOutputStream(size);
    }

    int size() {
        return buf.size();
    }

    void raw(byte[] b) {
        buf.write(b, 0, b.length);
    }

    void writeTo(OutputStream out) throws IOException {
        buf.writeTo(out);
    }

    void explicitLe(int tag, Vr vr, byte[] value) {
        element(tag, vr, value, true, false);
    }

    /** One element with a defined-length value in the given encoding (PS3.5 §7.1.2, §7.1.3). */
    void element(int tag, Vr vr, byte[] value, boolean explicitVr, boolean bigEndian) {
        u16(Tag.group(tag), bigEndian);
        u16(Tag.element(tag), bigEndian);
        if (!explicitVr) {
            u32(value.length, bigEndian);
        } else {
            buf.write(vr.name().charAt(0));
            buf.write(vr.name().charAt(1));
            if (vr.hasLongLength()) {
                u16(0, bigEndian);
                u32(value.length, bigEndian);
            } else {
                u16(value.length, bigEndian);
            }
        }
        buf.write(value, 0, value.length);
    }

    private void u16(int v, boolean bigEndian) {
        if (bigEndian) {
            buf.write(v >>> 8);
            buf.write(v);
        } else {
            buf.write(v);
            buf.write(v >>> 8);
        }
    }

    private void u32(long v, boolean bigEndian) {
        if (bigEndian) {
            u16((int) (v >>> 16) & 0xFFFF, true);
            u16((int) v & 0xFFFF, true);
        } else {
            u16((int) v & 0xFFFF, false);
            u16((int) (v >>> 16) & 0xFFFF, false);
        }
    }

    static byte[] u32le(long v) {
        return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
    }
}
