package id.dicomgateway.dicom;

import java.io.EOFException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Re-stamps top-level PatientID (0010,0020) and AccessionNumber (0008,0050) without re-encoding
 * anything else: the dataset is walked as element headers and every byte that is not an edited
 * value is copied as it came (Pixel Data included), so the output differs from the input only
 * in those two elements, their group lengths if present, and the File Meta, which is always ours.
 *
 * <p>The output is written while the input is read. When an exception is thrown the output
 * written so far is incomplete and must be discarded by the caller. {@link #splice} computes
 * the same output without writing it: the few changed bytes at the start, then the input as it came.
 */
public final class TagEditor {

    private TagEditor() {
    }

    /**
     * Reads a Part 10 file or bare dataset from {@code in} and writes a Part 10 file to {@code out}
     * in the same transfer syntax with the edits applied to top-level elements only; returns the
     * header of the output (its datasetOffset is in the output). Does not close either stream.
     */
    public static InstanceHeader edit(InputStream in, OutputStream out, TagEdits edits) throws IOException {
        return edit(new DicomInput(in, -1, "offset"), out, edits);
    }

    /**
     * Same as {@link #edit(InputStream, OutputStream, TagEdits)}, file to file (created or
     * replaced). Large values (Pixel Data) are copied by the kernel (FileChannel.transferTo)
     * instead of through the heap, and lengths are checked against the file size up front.
     */
    public static InstanceHeader edit(Path in, Path out, TagEdits edits) throws IOException {
        try (FileChannel source = FileChannel.open(in, StandardOpenOption.READ);
             FileChannel target = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     StandardOpenOption.TRUNCATE_EXISTING)) {
            ChannelSink sink = new ChannelSink(target);
            InstanceHeader header = edit(new DicomInput(source, "offset"), sink, edits);
            sink.flush();
            return header;
        }
    }

    /**
     * Edits without writing: the result, materialized, is byte for byte what edit(in, out, edits)
     * writes. Empty when the edit cannot be a head plus one unchanged tail: deflated syntax (the
     * tail is one deflate stream), or an edited tag that appears again after the edit point
     * (misordered input; edit() drops it), or more than {@link HeadBuffer#LIMIT} bytes of output
     * before the point where output and input become the same bytes. The caller then edits with
     * a copy.
     *
     * <p>The whole input is still walked (values skipped by seeking), so bad input gives the same
     * {@link DicomException} as {@link #edit(Path, Path, TagEdits)}, and memory stays the head's.
     */
    public static Optional<Splice> splice(Path in, TagEdits edits) throws IOException {
        try (FileChannel source = FileChannel.open(in, StandardOpenOption.READ)) {
            DicomInput raw = new DicomInput(source, "offset");
            SpliceSink sink = new SpliceSink();
            InstanceHeader header = edit(raw, sink, edits, sink);
            if (sink.refused()) {
                return Optional.empty();
            }
            // Outside the deflated syntax the dataset is read from the file itself, so input
            // positions are file offsets. Not cut: the last change was at the very end (an
            // insertion after every element), so the output is all head.
            long end = raw.position();
            long tailOffset = sink.isCut() ? sink.tailOffset() : end;
            return Optional.of(new Splice(sink.head(), in, tailOffset, end - tailOffset, header));
        }
    }

    private static InstanceHeader edit(DicomInput raw, OutputStream out, TagEdits edits) throws IOException {
        return edit(raw, out, edits, null);
    }

    /** The edit; with a splice sink, the output after the splice point is walked but not kept. */
    private static InstanceHeader edit(DicomInput raw, OutputStream out, TagEdits edits, SpliceSink splice)
            throws IOException {
        TagEdits e = edits == null ? TagEdits.none() : edits;
        FileMeta meta = FileMeta.read(raw);
        TransferSyntax syntax = meta.syntax();
        if (splice != null && syntax.deflated()) {
            // PS3.5 A.5: after the File Meta the file is one deflate stream; a changed byte at
            // its start changes every compressed byte after it.
            splice.refuse();
        }
        DicomInput dataset = FileMeta.datasetInput(raw, syntax);
        HeadBuffer head = new HeadBuffer();
        Edit hook = new Edit(e, syntax, head, out, splice);
        DatasetWalker walker = new DatasetWalker(dataset, syntax, head, hook);
        hook.walker = walker;
        DicomFiles.walkGuarded(walker, dataset);
        out.flush();
        return DicomFiles.header(walker, syntax, true, hook.datasetOffset);
    }

    /** The top-level hook: writes the File Meta once the SOP UIDs are known, replaces or inserts values. */
    private static final class Edit implements DatasetWalker.TopLevel {
        private final TransferSyntax syntax;
        private final HeadBuffer head;
        private final OutputStream out;
        /** Null for edit(); for splice(), told where the output becomes the input unchanged. */
        private final SpliceSink splice;
        private DatasetWalker walker;
        /** AccessionNumber, then PatientID: in the order of their tags. */
        private final Replacement[] replacements;
        private boolean started;
        private long datasetOffset;
        private DeflaterOutputStream deflater;
        private Deflater deflate;

        Edit(TagEdits edits, TransferSyntax syntax, HeadBuffer head, OutputStream out, SpliceSink splice) {
            this.syntax = syntax;
            this.head = head;
            this.out = out;
            this.splice = splice;
            this.replacements = new Replacement[] {new Replacement(Tag.ACCESSION_NUMBER, Vr.SH, edits.accessionNumber()),
                new Replacement(Tag.PATIENT_ID, Vr.LO, edits.patientId())};
        }

        @Override
        public boolean element(ElementHeader h, DicomInput in) throws IOException {
            boolean consumed = apply(h, in);
            if (!consumed && splice != null && splice.recording() && settled()) {
                // This element and all after it will be copied as they came: the tail starts here.
                splice.cutAt(h.offset);
            }
            return consumed;
        }

        /** Nothing left to change: meta written, both edits placed, no group length waiting for its patch. */
        private boolean settled() {
            for (Replacement r : replacements) {
                if (r.pending()) {
                    return false;
                }
            }
            return started && !head.holding();
        }

        private boolean apply(ElementHeader h, DicomInput in) throws IOException {
            int tag = h.tag;
            if (!started && Integer.compareUnsigned(tag, Tag.SOP_INSTANCE_UID) > 0) {
                start();
            }
            for (Replacement r : replacements) {
                if (r.pending() && Integer.compareUnsigned(tag, r.tag) > 0) {
                    write(r, 0);
                }
            }
            for (Replacement r : replacements) {
                if (tag == r.tag && r.pending()) {
                    write(r, skipOld(h, in));
                    return true;
                }
            }
            for (Replacement r : replacements) {
                // PS3.5 §7.1 wants ascending tags; if an edited tag shows up again after the edit was
                // placed, drop it so the output carries exactly one value.
                if (tag == r.tag && r.done) {
                    skipOld(h, in);
                    if (splice != null && splice.isCut()) {
                        // Dropping it leaves a hole in the tail.
                        splice.refuse();
                    }
                    return true;
                }
            }
            for (Replacement r : replacements) {
                if (tag == r.groupLengthTag() && r.groupLengthAt >= 0) {
                    // PS3.5 §7.1: each tag once, ascending; a second group length would leave the first unpatched
                    throw new DicomException(DicomException.Reason.MALFORMED, Tag.toString(tag) + " at "
                            + in.where(h.offset) + " appears a second time in its group");
                }
            }
            for (Replacement r : replacements) {
                if (tag == r.groupLengthTag() && r.pending()) {
                    r.groupLength = readGroupLength(h, in);
                    r.groupLengthAt = head.reservePatch() + h.rawLength;
                    h.copyTo(head);
                    head.write(new byte[4]);
                    return true;
                }
            }
            return false;
        }

        @Override
        public void end() throws IOException {
            if (!started) {
                start();
            }
            for (Replacement r : replacements) {
                if (r.pending()) {
                    write(r, 0);
                }
            }
            if (head.holding()) {
                throw new IllegalStateException("head still held at the end of the dataset");
            }
            if (deflater != null) {
                deflater.finish();
                deflate.end();
            }
        }

        /** Writes our File Meta (PS3.10 §7.1) and lets the held dataset head through. */
        private void start() throws IOException {
            started = true;
            DicomFiles.requireStorable(walker.sopClassUid, walker.sopInstanceUid);
            datasetOffset = FileMeta.write(out, walker.sopClassUid, walker.sopInstanceUid, syntax.uid());
            OutputStream target = out;
            // A splice of a deflated dataset is refused: no need to compress what is thrown away.
            if (syntax.deflated() && splice == null) {
                // PS3.5 A.5: raw deflate of the dataset; the caller's stream stays open.
                deflate = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
                deflater = new DeflaterOutputStream(new FilterOutputStream(out) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                    }

                    @Override
                    public void close() {
                    }
                }, deflate, 64 * 1024);
                target = deflater;
            }
            head.setTarget(target);
        }

        /** Skips the old value; returns the old element's total encoded size. */
        private long skipOld(ElementHeader h, DicomInput in) throws IOException {
            if (h.undefinedLength()) {
                throw new DicomException(DicomException.Reason.MALFORMED, Tag.toString(h.tag) + " at "
                        + in.where(h.offset) + " has undefined length; it must be a short string");
            }
            try {
                in.transfer(h.length, null);
            } catch (EOFException e) {
                throw new DicomException(DicomException.Reason.TRUNCATED, "value of " + Tag.toString(h.tag)
                        + " at " + in.where(h.offset) + " is cut off by the end of input");
            }
            return h.rawLength + h.length;
        }

        private long readGroupLength(ElementHeader h, DicomInput in) throws IOException {
            if (h.length != 4) {
                throw new DicomException(DicomException.Reason.MALFORMED, "group length " + Tag.toString(h.tag)
                        + " at " + in.where(h.offset) + " has length " + h.length + " instead of 4 (UL)");
            }
            byte[] v = new byte[4];
            try {
                in.readFully(v, 0, 4);
            } catch (EOFException e) {
                throw new DicomException(DicomException.Reason.TRUNCATED, "group length " + Tag.toString(h.tag)
                        + " at " + in.where(h.offset) + " is cut off by the end of input");
            }
            return ElementHeader.u32(v, 0, syntax.bigEndian());
        }

        /** Writes the new value in place of an old one of {@code oldSize} bytes (0: none), and patches its group length. */
        private void write(Replacement r, long oldSize) throws IOException {
            long newSize = writeElement(r.tag, r.vr, r.value);
            r.value = null;
            r.done = true;
            if (r.groupLengthAt >= 0) {
                head.patch(r.groupLengthAt, r.groupLength + newSize - oldSize, syntax.bigEndian());
                r.groupLengthAt = -1;
            }
        }

        /** The new element in the dataset's own encoding (implicit stays implicit, PS3.5 §7.1). */
        private long writeElement(int tag, Vr vr, byte[] value) throws IOException {
            ValueWriter w = new ValueWriter(value.length + 12);
            w.element(tag, vr, value, syntax.explicitVr(), syntax.bigEndian());
            w.writeTo(head);
            return w.size();
        }
    }

    /** One attribute the edit replaces or inserts, and the length of its group while it waits for the patch. */
    private static final class Replacement {
        private final int tag;
        private final Vr vr;
        /** The new value, padded; null once written (or when this attribute is not edited). */
        private byte[] value;
        /** Written; a second occurrence of the tag (misordered input) is dropped, never duplicated. */
        private boolean done;
        private int groupLengthAt = -1;
        private long groupLength;

        Replacement(int tag, Vr vr, String value) {
            this.tag = tag;
            this.vr = vr;
            this.value = value == null ? null : FileMeta.textBytes(value);
        }

        boolean pending() {
            return value != null;
        }

        /** (gggg,0000): the Group Length element of the attribute's group (PS3.5 §7.2). */
        int groupLengthTag() {
            return tag & 0xFFFF0000;
        }
    }
}
