package id.dicomgateway.dicom;

import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads short text values of chosen attributes, at the top level or one sequence down (e.g.
 * Requested Procedure ID inside Request Attributes Sequence (0040,0275), PS3.3 C.7.6.1), as a
 * stream: values are skipped unless asked for, and reading stops after the highest wanted
 * top-level tag, since top-level elements come in ascending order (PS3.5 §7.1). Pixel Data is
 * normally never reached.
 */
public final class AttributeReader {

    /** Longest value read: the text VRs this is meant for are far shorter (PS3.5 §6.2). */
    static final int MAX_TEXT_LENGTH = 1024;

    /**
     * Where an attribute is: {@code sequence} 0 for the top level, else the sequence whose items
     * are searched (the first item holding {@code tag} gives the value).
     */
    public record AttributePath(int sequence, int tag) {
        public static AttributePath top(int tag) {
            return new AttributePath(0, tag);
        }

        public static AttributePath in(int sequence, int tag) {
            return new AttributePath(sequence, tag);
        }

        @Override
        public String toString() {
            return sequence == 0 ? Tag.toString(tag) : Tag.toString(sequence) + "/" + Tag.toString(tag);
        }
    }

    private final DicomInput in;
    private final boolean explicit;
    private final boolean big;
    private final Collection<AttributePath> wanted;
    private final Map<AttributePath, String> found = new HashMap<>();
    private final int lastTopLevel;

    private AttributeReader(DicomInput in, TransferSyntax syntax, Collection<AttributePath> wanted) {
        this.in = in;
        this.explicit = syntax.explicitVr();
        this.big = syntax.bigEndian();
        this.wanted = List.copyOf(wanted);
        int last = 0;
        for (AttributePath p : this.wanted) {
            last = Math.max(last, p.sequence() == 0 ? p.tag() : p.sequence());
        }
        this.lastTopLevel = last;
    }

    /**
     * The values of {@code wanted} in {@code file}, stripped of padding and insignificant spaces
     * (PS3.5 §6.2) and decoded as ISO 8859-1 (enough for identifiers and codes; never used for
     * names). An absent attribute is absent from the map; a present empty one maps to "".
     */
    public static Map<AttributePath, String> read(Path file, Collection<AttributePath> wanted) throws IOException {
        Objects.requireNonNull(wanted, "wanted");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            DicomInput raw = new DicomInput(channel, "offset");
            FileMeta meta = FileMeta.read(raw);
            DicomInput in = FileMeta.datasetInput(raw, meta.syntax());
            AttributeReader reader = new AttributeReader(in, meta.syntax(), wanted);
            try {
                reader.topLevel();
            } catch (EOFException e) {
                throw new DicomException(DicomException.Reason.TRUNCATED, "input ends unexpectedly at " + in.where(in.position()));
            }
            return reader.found;
        }
    }

    private void topLevel() throws IOException {
        ElementHeader h = new ElementHeader();
        while (h.read(in, explicit, big)) {
            if (Tag.group(h.tag) == 0xFFFE) {
                throw new DicomException(DicomException.Reason.MALFORMED, "unexpected " + Tag.toString(h.tag)
                        + " at " + in.where(h.offset) + " outside a sequence");
            }
            if (Integer.compareUnsigned(h.tag, lastTopLevel) > 0) {
                return;
            }
            DatasetWalker.checkLength(in, h);
            if (isWantedSequence(h.tag) && isSequence(h)) {
                items(h, 1);
            } else if (wanted.contains(AttributePath.top(h.tag)) && !h.undefinedLength() && h.length <= MAX_TEXT_LENGTH) {
                found.put(AttributePath.top(h.tag), text(h));
            } else {
                skip(h, 1);
            }
        }
    }

    private boolean isWantedSequence(int tag) {
        for (AttributePath p : wanted) {
            if (p.sequence() == tag) {
                return true;
            }
        }
        return false;
    }

    private boolean isSequence(ElementHeader h) {
        if (explicit) {
            return h.vr == Vr.SQ;
        }
        return Dictionary.vrOf(h.tag) == Vr.SQ;
    }

    /** The items of wanted sequence {@code seq}: their top-level text elements are read, the rest skipped. */
    private void items(ElementHeader seq, int depth) throws IOException {
        int seqTag = seq.tag;
        long end = seq.undefinedLength() ? -1 : in.position() + seq.length;
        ElementHeader item = new ElementHeader();
        while (end < 0 || in.position() < end) {
            if (!item.read(in, explicit, big)) {
                throw new DicomException(DicomException.Reason.TRUNCATED, "input ends inside sequence " + Tag.toString(seqTag));
            }
            if (item.tag == Tag.SEQUENCE_DELIMITATION_ITEM) {
                return;
            }
            if (item.tag != Tag.ITEM) {
                throw new DicomException(DicomException.Reason.MALFORMED, "expected an item in sequence "
                        + Tag.toString(seqTag) + " at " + in.where(item.offset));
            }
            long itemEnd = item.undefinedLength() ? -1 : in.position() + item.length;
            ElementHeader h = new ElementHeader();
            while (itemEnd < 0 || in.position() < itemEnd) {
                if (!h.read(in, explicit, big)) {
                    throw new DicomException(DicomException.Reason.TRUNCATED, "input ends inside an item of "
                            + Tag.toString(seqTag));
                }
                if (h.tag == Tag.ITEM_DELIMITATION_ITEM) {
                    break;
                }
                DatasetWalker.checkLength(in, h);
                AttributePath p = AttributePath.in(seqTag, h.tag);
                if (wanted.contains(p) && !found.containsKey(p) && !h.undefinedLength() && h.length <= MAX_TEXT_LENGTH) {
                    found.put(p, text(h));
                } else {
                    skip(h, depth + 1);
                }
            }
        }
    }

    private String text(ElementHeader h) throws IOException {
        byte[] value = new byte[(int) h.length];
        in.readFully(value, 0, value.length);
        return new String(value, StandardCharsets.ISO_8859_1).replace('\0', ' ').strip();
    }

    /** Skips one element whose header was just read, walking undefined lengths (PS3.5 §7.5, A.4). */
    private void skip(ElementHeader h, int depth) throws IOException {
        if (!h.undefinedLength()) {
            in.transfer(h.length, null);
            return;
        }
        DatasetWalker.checkDepth(in, h.tag, h.offset, depth);
        int tag = h.tag;
        ElementHeader item = new ElementHeader();
        while (next(item, "", tag).tag != Tag.SEQUENCE_DELIMITATION_ITEM) {
            if (item.tag != Tag.ITEM) {
                throw new DicomException(DicomException.Reason.MALFORMED, "expected an item in " + Tag.toString(tag)
                        + " at " + in.where(item.offset));
            }
            if (!item.undefinedLength()) {
                in.transfer(item.length, null);
                continue;
            }
            ElementHeader e = new ElementHeader();
            while (next(e, "an item of ", tag).tag != Tag.ITEM_DELIMITATION_ITEM) {
                DatasetWalker.checkLength(in, e);
                skip(e, depth + 1);
            }
        }
    }

    /** Reads the next header into {@code h}: the input may not end inside an undefined length ({@code where} {@code tag}). */
    private ElementHeader next(ElementHeader h, String where, int tag) throws IOException {
        if (!h.read(in, explicit, big)) {
            throw new DicomException(DicomException.Reason.TRUNCATED, "input ends inside " + where + Tag.toString(tag));
        }
        return h;
    }
}
