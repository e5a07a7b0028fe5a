package id.dicomgateway.dicom;

import java.io.EOFException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.ZipException;

/**
 * Converts a dataset between the uncompressed transfer syntaxes (PS3.5 A.1 Implicit VR LE,
 * A.2 Explicit VR LE, A.3 Explicit VR BE, A.5 Deflated), for a receiver that refuses the file's
 * own syntax. Streams element by element in constant memory:
 * <ul>
 * <li>VRs missing from implicit data come from the {@link Dictionary}; unknown and private
 *     tags become UN (PS3.5 §6.2.2), "US or SS" follows Pixel Representation, Pixel Data is OB
 *     for Bits Allocated ≤ 8, else OW (PS3.5 A.1, A.2);</li>
 * <li>multi-byte binary values are byte-swapped by VR when the byte order changes (PS3.5 §7.3);</li>
 * <li>sequences and items are written with undefined length (PS3.5 §7.5.2), because header sizes
 *     differ between implicit and explicit VR and a stream cannot go back to fix lengths; group
 *     length elements, which would be wrong afterwards, are dropped (retired, PS3.5 §7.2).</li>
 * </ul>
 */
public final class Transcoder {

    private static final int CHUNK = 64 * 1024;

    private final DicomInput in;
    private final OutputStream out;
    private final boolean dstExplicit;
    private final boolean dstBig;
    private final byte[] buf = new byte[CHUNK];
    private final byte[] head = new byte[12];
    /** Top-level Pixel Representation (0028,0103): 1 means "US or SS" is SS. */
    private int pixelRepresentation;
    /** Top-level Bits Allocated (0028,0100): decides OB or OW for implicit Pixel Data. */
    private int bitsAllocated = 16;
    private String sopClassUid;
    private String sopInstanceUid;
    private String studyInstanceUid;
    private String seriesInstanceUid;

    private Transcoder(DicomInput in, OutputStream out, TransferSyntax to) {
        this.in = in;
        this.out = out;
        this.dstExplicit = to.explicitVr();
        this.dstBig = to.bigEndian();
    }

    /**
     * Converts a bare dataset (no File Meta) read from {@code dataset} in syntax {@code from} to
     * syntax {@code to}, written to {@code out} (not closed). Encapsulated syntaxes on either side
     * are refused with UNSUPPORTED_CONVERSION: this gateway never transcodes pixel data.
     */
    public static void convertDataset(InputStream dataset, TransferSyntax from, TransferSyntax to, OutputStream out)
            throws IOException {
        checkConvertible(from, to);
        run(new DicomInput(from.deflated() ? new BoundedInflater(dataset, CHUNK) : dataset,
                -1, from.deflated() ? "inflated offset" : "offset"), from, to, out);
    }

    private static void checkConvertible(TransferSyntax from, TransferSyntax to) throws DicomException {
        if (from.encapsulated() || to.encapsulated()) {
            TransferSyntax which = from.encapsulated() ? from : to;
            throw new DicomException(DicomException.Reason.UNSUPPORTED_CONVERSION, "cannot convert "
                    + from.name() + " to " + to.name() + ": " + which.name()
                    + " holds compressed Pixel Data, which this gateway never transcodes");
        }
    }

    private static Transcoder run(DicomInput input, TransferSyntax from, TransferSyntax to, OutputStream out)
            throws IOException {
        Deflater deflater = null;
        DeflaterOutputStream deflated = null;
        OutputStream target = out;
        if (to.deflated()) {
            deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
            deflated = new DeflaterOutputStream(new FilterOutputStream(out) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }
            }, deflater, CHUNK);
            target = deflated;
        }
        try {
            Transcoder t = new Transcoder(input, target, to);
            t.dataset(-1, 0, from.explicitVr(), from.bigEndian(), true);
            if (deflated != null) {
                deflated.finish();
            }
            out.flush();
            return t;
        } catch (EOFException e) {
            throw new DicomException(DicomException.Reason.TRUNCATED, "input ends unexpectedly at "
                    + input.where(input.position()));
        } catch (ZipException e) {
            throw new DicomException(DicomException.Reason.MALFORMED, "deflated dataset is corrupt near "
                    + input.where(input.position()) + ": " + e.getMessage());
        } finally {
            if (deflater != null) {
                deflater.end();
            }
        }
    }

    /**
     * Converts one instance, a Part 10 file or a bare dataset, to a bare dataset in syntax
     * {@code to}: what a C-STORE carries (PS3.7 §9.3.1) when the receiver did not accept the
     * file's own syntax. Returns the header of the input, as {@link DicomFiles#scan} would.
     */
    public static InstanceHeader convertInstance(InputStream instance, TransferSyntax to, OutputStream dataset)
            throws IOException {
        DicomInput raw = new DicomInput(instance, -1, "offset");
        FileMeta meta = FileMeta.read(raw);
        checkConvertible(meta.syntax(), to);
        Transcoder t = run(FileMeta.datasetInput(raw, meta.syntax()), meta.syntax(), to, dataset);
        DicomFiles.requireStorable(t.sopClassUid, t.sopInstanceUid);
        return new InstanceHeader(t.sopClassUid, t.sopInstanceUid, meta.syntax().uid(), t.studyInstanceUid,
                t.seriesInstanceUid, meta.present(), meta.datasetOffset());
    }

    /** A dataset: the top level (end -1, to end of input), or an item (end -1: until its delimiter). */
    private void dataset(long end, int depth, boolean explicit, boolean big, boolean topLevel) throws IOException {
        ElementHeader h = new ElementHeader();
        while (true) {
            if (end >= 0) {
                if (in.position() == end) {
                    return;
                }
                if (in.position() > end) {
                    throw new DicomException(DicomException.Reason.MALFORMED, "an element runs past the end of"
                            + " its item, at " + in.where(in.position()));
                }
            }
            if (!h.read(in, explicit, big)) {
                if (topLevel) {
                    return;
                }
                throw new DicomException(DicomException.Reason.TRUNCATED, "input ends inside an item at "
                        + in.where(in.position()));
            }
            if (h.tag == Tag.ITEM_DELIMITATION_ITEM && !topLevel && end < 0) {
                return;
            }
            if (Tag.group(h.tag) == 0xFFFE) {
                throw new DicomException(DicomException.Reason.MALFORMED, "unexpected " + Tag.toString(h.tag)
                        + " at " + in.where(h.offset) + " outside a sequence");
            }
            DatasetWalker.checkLength(in, h);
            element(h, depth, explicit, big, topLevel);
        }
    }

    private void element(ElementHeader h, int depth, boolean explicit, boolean big, boolean topLevel)
            throws IOException {
        int tag = h.tag;
        Vr vr = explicit ? h.vr : implicitVr(tag);
        if (h.undefinedLength()) {
            if (tag == Tag.PIXEL_DATA && vr != Vr.UN) {
                throw new DicomException(DicomException.Reason.UNSUPPORTED_CONVERSION, "Pixel Data at "
                        + in.where(h.offset) + " is encapsulated (compressed); it cannot be transcoded");
            }
            if (explicit && vr != Vr.SQ && vr != Vr.UN) {
                throw new DicomException(DicomException.Reason.MALFORMED, "element " + Tag.toString(tag) + " at "
                        + in.where(h.offset) + " has VR " + vr + " with undefined length");
            }
            // UN of undefined length holds a sequence in Implicit VR LE (PS3.5 §6.2.2).
            boolean innerExplicit = explicit && vr == Vr.SQ;
            boolean innerBig = innerExplicit && big;
            sequence(tag, h.offset, -1, depth + 1, innerExplicit, innerBig);
            return;
        }
        if (vr == Vr.SQ) {
            sequence(tag, h.offset, in.position() + h.length, depth + 1, explicit, big);
            return;
        }
        long length = h.length;
        if (Tag.isGroupLength(tag)) {
            in.transfer(length, null);
            return;
        }
        if (topLevel && (tag == Tag.PIXEL_REPRESENTATION || tag == 0x00280100) && length == 2) {
            in.readFully(buf, 0, 2);
            int v = ElementHeader.u16(buf, 0, big);
            if (tag == Tag.PIXEL_REPRESENTATION) {
                pixelRepresentation = v;
            } else {
                bitsAllocated = v;
            }
            writeHeader(tag, vr, length);
            writeSwapped(buf, 2, vr, big);
            return;
        }
        if (topLevel && length <= 64 && (tag == Tag.SOP_CLASS_UID || tag == Tag.SOP_INSTANCE_UID
                || tag == Tag.STUDY_INSTANCE_UID || tag == Tag.SERIES_INSTANCE_UID)) {
            in.readFully(buf, 0, (int) length);
            String uid = DatasetWalker.uid(buf, (int) length);
            switch (tag) {
                case Tag.SOP_CLASS_UID -> sopClassUid = uid;
                case Tag.SOP_INSTANCE_UID -> sopInstanceUid = uid;
                case Tag.STUDY_INSTANCE_UID -> studyInstanceUid = uid;
                default -> seriesInstanceUid = uid;
            }
            writeHeader(tag, vr, length);
            out.write(buf, 0, (int) length);
            return;
        }
        Vr outVr = vr;
        if (dstExplicit && !vr.hasLongLength() && length > 0xFFFF) {
            outVr = Vr.UN; // cannot be said in a 16-bit length; UN has a 32-bit one (PS3.5 §6.2.2)
        }
        writeHeader(tag, outVr, length);
        copyValue(length, vr, big, tag, h.offset);
    }

    private Vr implicitVr(int tag) {
        if (tag == Tag.PIXEL_DATA) {
            return bitsAllocated <= 8 ? Vr.OB : Vr.OW;
        }
        Dictionary.Entry e = Tag.isPrivate(tag) && Tag.element(tag) >= 0x1000 ? null : Dictionary.lookup(tag);
        if (e == null || e.vr().isEmpty()) {
            return Vr.UN;
        }
        if (e.vr().equals("US or SS")) {
            return pixelRepresentation == 1 ? Vr.SS : Vr.US;
        }
        return Dictionary.vrOf(tag);
    }

    private void sequence(int tag, long offset, long end, int depth, boolean explicit, boolean big) throws IOException {
        DatasetWalker.checkDepth(in, tag, offset, depth);
        writeHeader(tag, Vr.SQ, ElementHeader.UNDEFINED_LENGTH);
        ElementHeader h = new ElementHeader();
        while (true) {
            if (end >= 0 && in.position() >= end) {
                if (in.position() > end) {
                    throw new DicomException(DicomException.Reason.MALFORMED, "sequence " + Tag.toString(tag)
                            + " at " + in.where(offset) + " is longer than its declared length");
                }
                break;
            }
            if (!h.read(in, explicit, big)) {
                throw new DicomException(DicomException.Reason.TRUNCATED, "input ends inside sequence "
                        + Tag.toString(tag) + " that starts at " + in.where(offset));
            }
            if (h.tag == Tag.SEQUENCE_DELIMITATION_ITEM && end < 0) {
                break;
            }
            if (h.tag != Tag.ITEM) {
                throw new DicomException(DicomException.Reason.MALFORMED, "expected an item in sequence "
                        + Tag.toString(tag) + " but found " + Tag.toString(h.tag) + " at " + in.where(h.offset));
            }
            writeHeader(Tag.ITEM, null, ElementHeader.UNDEFINED_LENGTH);
            if (h.undefinedLength()) {
                dataset(-1, depth, explicit, big, false);
            } else {
                DatasetWalker.checkRemaining(in, h.length, h.tag, h.offset);
                dataset(in.position() + h.length, depth, explicit, big, false);
            }
            writeHeader(Tag.ITEM_DELIMITATION_ITEM, null, 0);
        }
        writeHeader(Tag.SEQUENCE_DELIMITATION_ITEM, null, 0);
    }

    /** A data element header in the target encoding (PS3.5 §7.1.2, §7.1.3; items §7.5). */
    private void writeHeader(int tag, Vr vr, long length) throws IOException {
        put16(0, Tag.group(tag));
        put16(2, Tag.element(tag));
        if (!dstExplicit || vr == null) {
            put32(4, length);
            out.write(head, 0, 8);
        } else if (vr.hasLongLength()) {
            head[4] = (byte) vr.name().charAt(0);
            head[5] = (byte) vr.name().charAt(1);
            head[6] = 0;
            head[7] = 0;
            put32(8, length);
            out.write(head, 0, 12);
        } else {
            head[4] = (byte) vr.name().charAt(0);
            head[5] = (byte) vr.name().charAt(1);
            put16(6, (int) length);
            out.write(head, 0, 8);
        }
    }

    private void put16(int at, int v) {
        if (dstBig) {
            head[at] = (byte) (v >>> 8);
            head[at + 1] = (byte) v;
        } else {
            head[at] = (byte) v;
            head[at + 1] = (byte) (v >>> 8);
        }
    }

    private void put32(int at, long v) {
        if (dstBig) {
            put16(at, (int) (v >>> 16) & 0xFFFF);
            put16(at + 2, (int) v & 0xFFFF);
        } else {
            put16(at, (int) v & 0xFFFF);
            put16(at + 2, (int) (v >>> 16) & 0xFFFF);
        }
    }

    private void copyValue(long length, Vr vr, boolean srcBig, int tag, long offset) throws IOException {
        long left = length;
        try {
            while (left > 0) {
                int n = (int) Math.min(left, CHUNK);
                in.readFully(buf, 0, n);
                writeSwapped(buf, n, vr, srcBig);
                left -= n;
            }
        } catch (EOFException e) {
            throw new DicomException(DicomException.Reason.TRUNCATED, "value of " + Tag.toString(tag) + " at "
                    + in.where(offset) + " declares " + length + " bytes but the input ends first");
        }
    }

    /** Swaps each word of a binary VR when source and target byte orders differ (PS3.5 §7.3). */
    private void writeSwapped(byte[] b, int n, Vr vr, boolean srcBig) throws IOException {
        int w = vr.wordSize();
        if (srcBig != dstBig && w > 1) {
            int whole = n - n % w;
            for (int i = 0; i < whole; i += w) {
                for (int a = i, z = i + w - 1; a < z; a++, z--) {
                    byte t = b[a];
                    b[a] = b[z];
                    b[z] = t;
                }
            }
        }
        out.write(b, 0, n);
    }
}
