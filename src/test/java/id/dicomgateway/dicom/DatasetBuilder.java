package id.dicomgateway.dicom;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes test datasets byte by byte, including what a correct writer never would (odd lengths,
 * wrong lengths, stray items), so the reader and editor meet cases the corpus lacks.
 */
final class DatasetBuilder {

    static final long UNDEFINED = 0xFFFFFFFFL;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final boolean explicit;
    final boolean big;

    DatasetBuilder(boolean explicit, boolean big) {
        this.explicit = explicit;
        this.big = big;
    }

    static DatasetBuilder explicitLe() {
        return new DatasetBuilder(true, false);
    }

    static DatasetBuilder implicitLe() {
        return new DatasetBuilder(false, false);
    }

    DatasetBuilder like() {
        return new DatasetBuilder(explicit, big);
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    int size() {
        return out.size();
    }

    DatasetBuilder raw(byte[] b) {
        out.write(b, 0, b.length);
        return this;
    }

    DatasetBuilder u16(int v) {
        if (big) {
            out.write(v >>> 8);
            out.write(v);
        } else {
            out.write(v);
            out.write(v >>> 8);
        }
        return this;
    }

    DatasetBuilder u32(long v) {
        if (big) {
            u16((int) (v >>> 16) & 0xFFFF);
            u16((int) v & 0xFFFF);
        } else {
            u16((int) v & 0xFFFF);
            u16((int) (v >>> 16) & 0xFFFF);
        }
        return this;
    }

    DatasetBuilder header(int tag, String vr, long length) {
        u16(tag >>> 16);
        u16(tag & 0xFFFF);
        if (!explicit || vr == null) {
            return u32(length);
        }
        out.write(vr.charAt(0));
        out.write(vr.charAt(1));
        if (Vr.valueOf(vr).hasLongLength()) {
            u16(0);
            return u32(length);
        }
        return u16((int) length);
    }

    DatasetBuilder element(int tag, String vr, byte[] value) {
        header(tag, vr, value.length);
        return raw(value);
    }

    /** A string value exactly as given: no padding, so odd lengths are possible. */
    DatasetBuilder text(int tag, String vr, String value) {
        return element(tag, vr, value.getBytes(StandardCharsets.ISO_8859_1));
    }

    DatasetBuilder us(int tag, int v) {
        header(tag, "US", 2);
        return u16(v);
    }

    DatasetBuilder ul(int tag, long v) {
        header(tag, "UL", 4);
        return u32(v);
    }

    /** A sequence of items; each length either defined (computed) or undefined (with delimiters). */
    DatasetBuilder sequence(int tag, boolean undefinedSequence, boolean undefinedItems, List<DatasetBuilder> items) {
        DatasetBuilder body = like();
        for (DatasetBuilder item : items) {
            body.header(Tag.ITEM, null, undefinedItems ? UNDEFINED : item.size());
            body.raw(item.bytes());
            if (undefinedItems) {
                body.header(Tag.ITEM_DELIMITATION_ITEM, null, 0);
            }
        }
        header(tag, "SQ", undefinedSequence ? UNDEFINED : body.size());
        raw(body.bytes());
        if (undefinedSequence) {
            header(Tag.SEQUENCE_DELIMITATION_ITEM, null, 0);
        }
        return this;
    }

    /** Part 10: preamble, DICM, File Meta in explicit VR LE (PS3.10 §7.1), then this dataset. */
    byte[] part10(String sopClass, String sopInstance, String syntax) {
        DatasetBuilder meta = explicitLe();
        meta.element(Tag.FILE_META_INFORMATION_VERSION, "OB", new byte[] {0, 1});
        meta.element(Tag.MEDIA_STORAGE_SOP_CLASS_UID, "UI", FileMeta.uidBytes(sopClass));
        meta.element(Tag.MEDIA_STORAGE_SOP_INSTANCE_UID, "UI", FileMeta.uidBytes(sopInstance));
        meta.element(Tag.TRANSFER_SYNTAX_UID, "UI", FileMeta.uidBytes(syntax));
        DatasetBuilder file = explicitLe();
        file.raw(new byte[128]).raw("DICM".getBytes(StandardCharsets.US_ASCII));
        file.ul(Tag.FILE_META_INFORMATION_GROUP_LENGTH, meta.size());
        file.raw(meta.bytes());
        file.raw(bytes());
        return file.bytes();
    }
}
