package id.dicomgateway.dicom;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The data dictionary of PS3.6 (tag → VR, keyword), loaded from {@code dictionary.tsv}, which
 * tools/dictgen/dictgen.py generates from DCMTK's dicom.dic. Needed to read Implicit VR data,
 * where the VR is not in the bytes (PS3.5 §7.1.3).
 */
public final class Dictionary {

    /** One entry; {@code vr} as PS3.6 writes it, possibly ambiguous ("US or SS"), empty for items. */
    public record Entry(String vr, String keyword) {
    }

    private record Range(int groupFrom, int groupTo, char parity, int elementFrom, int elementTo, Entry entry) {
        boolean matches(int group, int element) {
            return group >= groupFrom && group <= groupTo && element >= elementFrom && element <= elementTo
                    && (parity == 'A' || (parity == 'E') == ((group & 1) == 0));
        }
    }

    private static final Map<Integer, Entry> EXACT = new HashMap<>(8192);
    private static final List<Range> RANGES = new ArrayList<>();

    static {
        try (InputStream in = Dictionary.class.getResourceAsStream("dictionary.tsv")) {
            if (in == null) {
                throw new IllegalStateException("dictionary.tsv missing from the classpath");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.startsWith("#") || line.isEmpty()) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                int gFrom = Integer.parseInt(f[0], 16);
                int gTo = Integer.parseInt(f[1], 16);
                int eFrom = Integer.parseInt(f[3], 16);
                int eTo = Integer.parseInt(f[4], 16);
                Entry e = new Entry(f[5], f[6]);
                if (gFrom == gTo && eFrom == eTo) {
                    EXACT.put(gFrom << 16 | eFrom, e);
                } else {
                    RANGES.add(new Range(gFrom, gTo, f[2].charAt(0), eFrom, eTo, e));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Narrow ranges first: (0009-FFFF odd, 0010-00FF) must lose to nothing, but
        // (0000-FFFF, 0000) generic group length is the widest and is checked last.
        RANGES.sort((a, b) -> Long.compare(span(a), span(b)));
    }

    private static long span(Range r) {
        return (long) (r.groupTo - r.groupFrom + 1) * (r.elementTo - r.elementFrom + 1);
    }

    private Dictionary() {
    }

    /** The entry for a tag, or null if PS3.6 does not define it (e.g. private data elements). */
    public static Entry lookup(int tag) {
        Entry e = EXACT.get(tag);
        if (e != null) {
            return e;
        }
        int group = Tag.group(tag);
        int element = Tag.element(tag);
        for (Range r : RANGES) {
            if (r.matches(group, element)) {
                return r.entry;
            }
        }
        return null;
    }

    /**
     * The VR to use when the bytes do not say: null for unknown tags (the caller uses UN,
     * PS3.5 §6.2.2) and for items; for ambiguous VRs the one implicit VR data is read with
     * (PS3.5 A.1: OW for "OB or OW"; US for "US or SS", which callers refine with Pixel
     * Representation).
     */
    public static Vr vrOf(int tag) {
        Entry e = lookup(tag);
        if (e == null || e.vr.isEmpty()) {
            return null;
        }
        switch (e.vr) {
            case "US or SS":
                return Vr.US;
            case "OB or OW":
            case "US or SS or OW":
                return Vr.OW;
            default:
                return Vr.valueOf(e.vr);
        }
    }

    public static String keyword(int tag) {
        Entry e = lookup(tag);
        return e == null ? null : e.keyword;
    }
}
