package id.dicomgateway.dicom;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Walks one dataset as a stream of element headers (PS3.5 §7), descending into sequences and
 * items of defined and undefined length (§7.5) and encapsulated Pixel Data fragments (A.4),
 * and either skips every value or copies every byte to a sink unchanged. Memory stays constant:
 * values are never held, except the few short top-level UIDs the relay needs.
 *
 * <p>Structure is checked as it goes: lengths past the end of input, items that cross the end
 * of their sequence, unterminated sequences, stray delimiters, nesting deeper than {@link #MAX_DEPTH}
 * and non-bulk values larger than {@link #MAX_VALUE_LENGTH}.
 */
final class DatasetWalker {

    /** Deepest sequence nesting accepted; real IODs stay well under 10 levels. */
    static final int MAX_DEPTH = 32;
    /** Largest value accepted for text and numbers (bulk attributes and binary VRs may be larger). */
    static final long MAX_VALUE_LENGTH = 64L * 1024 * 1024;
    /** Top-level UIDs are UI: at most 64 bytes (PS3.5 §9.1). */
    private static final int MAX_UID_LENGTH = 64;

    /** Lets the editor take over top-level elements. */
    interface TopLevel {
        /**
         * Called for each top-level element after its header was read and before the walker
         * copies it; returns true if it consumed (and wrote) the whole element itself.
         */
        boolean element(ElementHeader header, DicomInput in) throws IOException;

        /** Called at the end of the top-level dataset. */
        void end() throws IOException;
    }

    private final DicomInput in;
    private final TransferSyntax syntax;
    private final OutputStream sink;
    private final TopLevel topLevel;
    private final ElementHeader header = new ElementHeader();
    private final byte[] uidBuffer = new byte[MAX_UID_LENGTH];

    String sopClassUid;
    String sopInstanceUid;
    String studyInstanceUid;
    String seriesInstanceUid;

    DatasetWalker(DicomInput in, TransferSyntax syntax, OutputStream sink, TopLevel topLevel) {
        this.in = in;
        this.syntax = syntax;
        this.sink = sink;
        this.topLevel = topLevel;
    }

    /** Walks the top-level dataset to the end of input. */
    void walk() throws IOException {
        boolean explicit = syntax.explicitVr();
        boolean big = syntax.bigEndian();
        while (header.read(in, explicit, big)) {
            int tag = header.tag;
            if (Tag.group(tag) == 0xFFFE) {
                throw stray(header);
            }
            checkLength(header);
            if (topLevel != null && topLevel.element(header, in)) {
                continue;
            }
            switch (tag) {
                case Tag.SOP_CLASS_UID -> sopClassUid = readTopLevelUid(header, "SOP Class UID");
                case Tag.SOP_INSTANCE_UID -> sopInstanceUid = readTopLevelUid(header, "SOP Instance UID");
                case Tag.STUDY_INSTANCE_UID -> studyInstanceUid = readTopLevelUid(header, "Study Instance UID");
                case Tag.SERIES_INSTANCE_UID -> seriesInstanceUid = readTopLevelUid(header, "Series Instance UID");
                default -> element(header, 0, explicit, big);
            }
        }
        if (topLevel != null) {
            topLevel.end();
        }
    }

    /** Copies (or skips) the current element whose header was just read, descending into it if it nests. */
    private void element(ElementHeader h, int depth, boolean explicit, boolean big) throws IOException {
        int tag = h.tag;
        long offset = h.offset;
        Vr vr = h.vr;
        long length = h.length;
        copyHeader(h);
        if (length == ElementHeader.UNDEFINED_LENGTH) {
            if (tag == Tag.PIXEL_DATA && vr != Vr.UN) {
                fragments(offset, depth + 1, explicit, big);
            } else if (explicit && vr == Vr.SQ) {
                sequence(tag, offset, -1, depth + 1, true, big);
            } else if (explicit && vr == Vr.UN) {
                // PS3.5 §6.2.2: UN of undefined length holds a sequence in Implicit VR LE.
                sequence(tag, offset, -1, depth + 1, false, false);
            } else if (!explicit) {
                sequence(tag, offset, -1, depth + 1, false, big);
            } else {
                throw new DicomException(DicomException.Reason.MALFORMED, "element " + Tag.toString(tag)
                        + " at " + in.where(offset) + " has VR " + vr
                        + " with undefined length (only SQ, UN and Pixel Data may, PS3.5 §7.1.2)");
            }
            return;
        }
        if (explicit ? vr == Vr.SQ : Dictionary.vrOf(tag) == Vr.SQ) {
            sequence(tag, offset, in.position() + length, depth + 1, explicit, big);
            return;
        }
        value(length, tag, offset);
    }

    private void sequence(int seqTag, long seqOffset, long end, int depth, boolean explicit, boolean big)
            throws IOException {
        checkDepth(seqTag, seqOffset, depth);
        ElementHeader h = new ElementHeader();
        while (true) {
            if (end >= 0 && in.position() == end) {
                return;
            }
            if (!h.read(in, explicit, big)) {
                throw unterminated("sequence", seqTag, seqOffset);
            }
            if (h.tag == Tag.SEQUENCE_DELIMITATION_ITEM && end < 0) {
                copyHeader(h);
                return;
            }
            if (h.tag != Tag.ITEM) {
                throw new DicomException(DicomException.Reason.MALFORMED, "expected an item in sequence "
                        + Tag.toString(seqTag) + " but found " + Tag.toString(h.tag) + " at " + in.where(h.offset));
            }
            copyHeader(h);
            if (h.undefinedLength()) {
                dataset(seqTag, h.offset, -1, depth, explicit, big);
            } else {
                long itemEnd = in.position() + h.length;
                if (end >= 0 && itemEnd > end) {
                    throw new DicomException(DicomException.Reason.MALFORMED, "item at " + in.where(h.offset)
                            + " of length " + h.length + " runs past the end of sequence " + Tag.toString(seqTag));
                }
                checkRemaining(h.length, h.tag, h.offset);
                dataset(seqTag, h.offset, itemEnd, depth, explicit, big);
            }
            if (end >= 0 && in.position() > end) {
                throw new DicomException(DicomException.Reason.MALFORMED, "sequence " + Tag.toString(seqTag)
                        + " at " + in.where(seqOffset) + " is longer than its declared length");
            }
        }
    }

    /** The dataset inside one item; end < 0 means undefined length, closed by an Item Delimitation Item. */
    private void dataset(int seqTag, long itemOffset, long end, int depth, boolean explicit, boolean big)
            throws IOException {
        ElementHeader h = new ElementHeader();
        while (true) {
            if (end >= 0) {
                long pos = in.position();
                if (pos == end) {
                    return;
                }
                if (pos > end) {
                    throw new DicomException(DicomException.Reason.MALFORMED, "an element in the item at "
                            + in.where(itemOffset) + " of " + Tag.toString(seqTag) + " runs past the item's end");
                }
            }
            if (!h.read(in, explicit, big)) {
                throw unterminated("item of sequence", seqTag, itemOffset);
            }
            if (h.tag == Tag.ITEM_DELIMITATION_ITEM && end < 0) {
                copyHeader(h);
                return;
            }
            if (Tag.group(h.tag) == 0xFFFE) {
                throw stray(h);
            }
            checkLength(h);
            element(h, depth, explicit, big);
        }
    }

    /** Encapsulated Pixel Data (PS3.5 A.4): items of defined length, then a Sequence Delimitation Item. */
    private void fragments(long pixelOffset, int depth, boolean explicit, boolean big) throws IOException {
        ElementHeader h = new ElementHeader();
        while (true) {
            if (!h.read(in, explicit, big)) {
                throw unterminated("encapsulated Pixel Data", Tag.PIXEL_DATA, pixelOffset);
            }
            copyHeader(h);
            if (h.tag == Tag.SEQUENCE_DELIMITATION_ITEM) {
                return;
            }
            if (h.tag != Tag.ITEM || h.undefinedLength()) {
                throw new DicomException(DicomException.Reason.MALFORMED, "expected a fragment item of defined length"
                        + " in encapsulated Pixel Data but found " + Tag.toString(h.tag) + " at " + in.where(h.offset));
            }
            checkRemaining(h.length, h.tag, h.offset);
            value(h.length, Tag.PIXEL_DATA, h.offset);
        }
    }

    private void value(long length, int tag, long offset) throws IOException {
        try {
            in.transfer(length, sink);
        } catch (EOFException e) {
            throw new DicomException(DicomException.Reason.TRUNCATED, "value of " + Tag.toString(tag) + " at "
                    + in.where(offset) + " declares " + length + " bytes but the input ends at "
                    + in.where(in.position()));
        }
    }

    private String readTopLevelUid(ElementHeader h, String name) throws IOException {
        if (h.undefinedLength() || h.length > MAX_UID_LENGTH) {
            throw new DicomException(DicomException.Reason.MALFORMED, name + " " + Tag.toString(h.tag) + " at "
                    + in.where(h.offset) + " has length " + h.length + "; UI allows at most " + MAX_UID_LENGTH);
        }
        copyHeader(h);
        int n = (int) h.length;
        try {
            in.readFully(uidBuffer, 0, n);
        } catch (EOFException e) {
            throw new DicomException(DicomException.Reason.TRUNCATED, name + " at " + in.where(h.offset)
                    + " is cut off by the end of input");
        }
        if (sink != null) {
            sink.write(uidBuffer, 0, n);
        }
        return uid(uidBuffer, n);
    }

    /** UI values are padded with a trailing NUL (PS3.5 §9.1); some writers pad with a space. */
    static String uid(byte[] b, int n) {
        while (n > 0 && (b[n - 1] == 0 || b[n - 1] == ' ')) {
            n--;
        }
        return new String(b, 0, n, StandardCharsets.US_ASCII);
    }

    private void copyHeader(ElementHeader h) throws IOException {
        if (sink != null) {
            h.copyTo(sink);
        }
    }

    void checkLength(ElementHeader h) throws DicomException {
        checkLength(in, h);
    }

    /** Refuses non-bulk values over the limit and values longer than the input that is left. */
    static void checkLength(DicomInput in, ElementHeader h) throws DicomException {
        if (h.undefinedLength()) {
            return;
        }
        if (h.length > MAX_VALUE_LENGTH && !isBulk(h.tag) && !isBinary(h.vr != null ? h.vr : implicitVr(h.tag))) {
            throw new DicomException(DicomException.Reason.LIMIT_EXCEEDED, "element " + Tag.toString(h.tag) + " at "
                    + in.where(h.offset) + " declares " + h.length + " bytes; the limit for non-bulk values is "
                    + MAX_VALUE_LENGTH);
        }
        checkRemaining(in, h.length, h.tag, h.offset);
    }

    private void checkRemaining(long length, int tag, long offset) throws DicomException {
        checkRemaining(in, length, tag, offset);
    }

    static void checkRemaining(DicomInput in, long length, int tag, long offset) throws DicomException {
        long remaining = in.remaining();
        if (remaining >= 0 && length > remaining) {
            throw new DicomException(DicomException.Reason.TRUNCATED, "element " + Tag.toString(tag) + " at "
                    + in.where(offset) + " declares " + length + " bytes but only " + remaining + " remain");
        }
    }

    private void checkDepth(int tag, long offset, int depth) throws DicomException {
        checkDepth(in, tag, offset, depth);
    }

    static void checkDepth(DicomInput in, int tag, long offset, int depth) throws DicomException {
        if (depth > MAX_DEPTH) {
            throw new DicomException(DicomException.Reason.LIMIT_EXCEEDED, "sequence " + Tag.toString(tag) + " at "
                    + in.where(offset) + " nests deeper than " + MAX_DEPTH + " levels");
        }
    }

    /** Attributes whose values may legitimately be very large (PS3.3: pixel, waveform, document data). */
    static boolean isBulk(int tag) {
        int group = Tag.group(tag);
        return tag == Tag.PIXEL_DATA || tag == Tag.FLOAT_PIXEL_DATA || tag == Tag.DOUBLE_FLOAT_PIXEL_DATA
                || tag == 0x54001010 // Waveform Data
                || tag == 0x00420011 // Encapsulated Document
                || tag == 0x56000020 // Spectroscopy Data
                || (group >= 0x6000 && group <= 0x60FF && (group & 1) == 0 && Tag.element(tag) == 0x3000); // Overlay Data
    }

    /**
     * Binary "other" VRs (and UN) can legitimately be large, e.g. vendor raw data in private
     * elements; they are never held in memory, so only text and numbers get the limit.
     */
    static boolean isBinary(Vr vr) {
        return vr == null || vr == Vr.OB || vr == Vr.OW || vr == Vr.OD || vr == Vr.OF || vr == Vr.OL
                || vr == Vr.OV || vr == Vr.UN;
    }

    /** The VR an implicit element has: the dictionary's, or null (unknown, private: treated as UN). */
    private static Vr implicitVr(int tag) {
        return Tag.isPrivate(tag) && Tag.element(tag) >= 0x1000 ? null : Dictionary.vrOf(tag);
    }

    private DicomException stray(ElementHeader h) {
        return new DicomException(DicomException.Reason.MALFORMED, "unexpected " + Tag.toString(h.tag)
                + " (item or delimiter) at " + in.where(h.offset) + " outside a sequence");
    }

    private DicomException unterminated(String what, int tag, long offset) {
        return new DicomException(DicomException.Reason.TRUNCATED, "input ends inside " + what + " "
                + Tag.toString(tag) + " that starts at " + in.where(offset));
    }
}
