package id.dicomgateway.dimse.find;

import id.dicomgateway.dicom.Dictionary;
import id.dicomgateway.dicom.Vr;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The Identifier of a C-FIND request or response (PS3.4 C.4.1.1.3, PS3.7 9.1.2): a small data set held in
 * memory, read from and written in the presentation context's little-endian syntax, implicit or explicit VR
 * (PS3.5 7.1). Values are kept as bytes; text is decoded with the character set the caller names. Sequences
 * hold items, each an Identifier (PS3.5 7.5), written with undefined lengths.
 */
public final class Identifier {
    /** Deeper nesting than this is refused: a worklist query nests one level. */
    static final int MAX_DEPTH = 8;

    /** One attribute: its VR (two letters) and either a value or, for SQ, items. */
    public record Element(int tag, String vr, byte[] value, List<Identifier> items) {
        public boolean isSequence() {
            return "SQ".equals(vr);
        }

        public boolean isEmpty() {
            return isSequence() ? items.isEmpty() : value.length == 0;
        }
    }

    private final TreeMap<Integer, Element> elements = new TreeMap<>(Integer::compareUnsigned);

    public Optional<Element> get(int tag) {
        return Optional.ofNullable(elements.get(tag));
    }

    public boolean contains(int tag) {
        return elements.containsKey(tag);
    }

    public Map<Integer, Element> elements() {
        return Collections.unmodifiableMap(elements);
    }

    /** A text value decoded with {@code charset}, trailing padding (space, NUL) removed; null when absent. */
    public String string(int tag, Charset charset) {
        Element e = elements.get(tag);
        if (e == null || e.isSequence()) {
            return null;
        }
        String s = new String(e.value(), charset);
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\0')) {
            end--;
        }
        int start = 0;
        // Leading spaces are not significant either, except in LT, ST, UT (PS3.5 6.2).
        if (!"LT".equals(e.vr()) && !"ST".equals(e.vr()) && !"UT".equals(e.vr())) {
            while (start < end && s.charAt(start) == ' ') {
                start++;
            }
        }
        return s.substring(start, end);
    }

    /** Puts a text value, padded to even length (UI with NUL, the others with a space; PS3.5 6.2). */
    public Identifier putString(int tag, String vr, String value, Charset charset) {
        byte[] b = (value == null ? "" : value).getBytes(charset);
        if (b.length % 2 != 0) {
            byte[] padded = new byte[b.length + 1];
            System.arraycopy(b, 0, padded, 0, b.length);
            padded[b.length] = (byte) ("UI".equals(vr) ? 0 : ' ');
            b = padded;
        }
        elements.put(tag, new Element(tag, vr, b, List.of()));
        return this;
    }

    public Identifier putSequence(int tag, List<Identifier> items) {
        elements.put(tag, new Element(tag, "SQ", new byte[0], List.copyOf(items)));
        return this;
    }

    public Identifier put(Element e) {
        elements.put(e.tag(), e);
        return this;
    }

    // --- reading (PS3.5 7.1.2 explicit, 7.1.3 implicit, little endian) --------------------------------

    /** Reads a whole data set; a malformed or truncated one is an IllegalArgumentException. */
    public static Identifier read(byte[] bytes, boolean explicitVr) {
        Reader r = new Reader(bytes, explicitVr);
        Identifier id = r.dataSet(bytes.length, 0);
        if (r.pos != bytes.length) {
            throw new IllegalArgumentException("data set ends at " + r.pos + " of " + bytes.length + " bytes");
        }
        return id;
    }

    private static final class Reader {
        final byte[] b;
        final boolean explicit;
        int pos;

        Reader(byte[] b, boolean explicit) {
            this.b = b;
            this.explicit = explicit;
        }

        /** Elements up to {@code end}, or, with end &lt; 0, up to an Item Delimitation Item. */
        Identifier dataSet(int end, int depth) {
            if (depth > MAX_DEPTH) {
                throw new IllegalArgumentException("sequences nested deeper than " + MAX_DEPTH);
            }
            Identifier id = new Identifier();
            while (end < 0 || pos < end) {
                int tag = tag();
                if (tag == 0xFFFEE00D) { // Item Delimitation Item
                    u32();
                    if (end >= 0) {
                        throw new IllegalArgumentException("item delimitation in an item of defined length");
                    }
                    return id;
                }
                String vr;
                long length;
                if (explicit) {
                    need(2);
                    vr = new String(b, pos, 2, StandardCharsets.US_ASCII);
                    pos += 2;
                    Vr known = Vr.of(vr.charAt(0), vr.charAt(1));
                    if (known == null) {
                        throw new IllegalArgumentException("no VR at element " + Integer.toHexString(tag));
                    }
                    if (known.hasLongLength()) {
                        need(2);
                        pos += 2;
                        length = u32();
                    } else {
                        length = u16();
                    }
                } else {
                    length = u32();
                    Vr known = Dictionary.vrOf(tag);
                    vr = known == null ? (length == 0xFFFFFFFFL ? "SQ" : "UN") : known.name();
                }
                if ("SQ".equals(vr) || length == 0xFFFFFFFFL) {
                    id.elements.put(tag, new Element(tag, "SQ", new byte[0], items(length, depth)));
                    continue;
                }
                if (length > b.length - pos) {
                    throw new IllegalArgumentException("value of " + length + " bytes runs past the end");
                }
                byte[] v = new byte[(int) length];
                System.arraycopy(b, pos, v, 0, v.length);
                pos += v.length;
                if ((tag & 0xFFFF) != 0) { // group lengths are dropped (PS3.5 7.2 retired them in data sets)
                    id.elements.put(tag, new Element(tag, vr, v, List.of()));
                }
            }
            if (pos != end) {
                throw new IllegalArgumentException("an element runs past its item");
            }
            return id;
        }

        List<Identifier> items(long length, int depth) {
            List<Identifier> items = new ArrayList<>();
            int end = length == 0xFFFFFFFFL ? -1 : checkedEnd(length);
            while (end < 0 || pos < end) {
                int tag = tag();
                long itemLength = u32();
                if (tag == 0xFFFEE0DD) { // Sequence Delimitation Item
                    if (end >= 0) {
                        throw new IllegalArgumentException("sequence delimitation in a sequence of defined length");
                    }
                    return items;
                }
                if (tag != 0xFFFEE000) {
                    throw new IllegalArgumentException("expected an item, found " + Integer.toHexString(tag));
                }
                items.add(dataSet(itemLength == 0xFFFFFFFFL ? -1 : checkedEnd(itemLength), depth + 1));
            }
            return items;
        }

        int checkedEnd(long length) {
            if (length > b.length - pos) {
                throw new IllegalArgumentException("length " + length + " runs past the end");
            }
            return pos + (int) length;
        }

        int tag() {
            int group = u16();
            int element = u16();
            return (group << 16) | element;
        }

        int u16() {
            need(2);
            int v = (b[pos] & 0xFF) | (b[pos + 1] & 0xFF) << 8;
            pos += 2;
            return v;
        }

        long u32() {
            need(4);
            long v = (b[pos] & 0xFFL) | (b[pos + 1] & 0xFFL) << 8 | (b[pos + 2] & 0xFFL) << 16 | (b[pos + 3] & 0xFFL) << 24;
            pos += 4;
            return v;
        }

        void need(int n) {
            if (b.length - pos < n) {
                throw new IllegalArgumentException("data set truncated at byte " + pos);
            }
        }
    }

    // --- writing ---------------------------------------------------------------------------------------

    public byte[] encode(boolean explicitVr) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        write(out, explicitVr);
        return out.toByteArray();
    }

    private void write(ByteArrayOutputStream out, boolean explicit) {
        for (Element e : elements.values()) {
            tag(out, e.tag());
            boolean sq = e.isSequence();
            if (explicit) {
                out.write(e.vr().charAt(0));
                out.write(e.vr().charAt(1));
                Vr vr = Vr.valueOf(e.vr());
                if (vr.hasLongLength()) {
                    u16(out, 0);
                    u32(out, sq ? 0xFFFFFFFFL : e.value().length);
                } else {
                    u16(out, e.value().length);
                }
            } else {
                u32(out, sq ? 0xFFFFFFFFL : e.value().length);
            }
            if (sq) {
                for (Identifier item : e.items()) {
                    tag(out, 0xFFFEE000);
                    u32(out, 0xFFFFFFFFL);
                    item.write(out, explicit);
                    tag(out, 0xFFFEE00D);
                    u32(out, 0);
                }
                tag(out, 0xFFFEE0DD);
                u32(out, 0);
            } else {
                out.writeBytes(e.value());
            }
        }
    }

    private static void tag(ByteArrayOutputStream out, int tag) {
        u16(out, tag >>> 16);
        u16(out, tag & 0xFFFF);
    }

    private static void u16(ByteArrayOutputStream out, int v) {
        out.write(v & 0xFF);
        out.write((v >>> 8) & 0xFF);
    }

    private static void u32(ByteArrayOutputStream out, long v) {
        u16(out, (int) (v & 0xFFFF));
        u16(out, (int) ((v >>> 16) & 0xFFFF));
    }

    /** The tags present, for logs: never a value (a query may hold a patient's name). */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Identifier[");
        elements.keySet().forEach(t -> s.append(String.format("(%04X,%04X)", t >>> 16, t & 0xFFFF)));
        return s.append(']').toString();
    }
}
