package id.dicomgateway.dimse;

import id.dicomgateway.dicom.Uids;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The tables the SATUSEHAT router negotiates with, from its source: it is a pynetdicom 2.0 Storage SCP
 * whose contexts are pynetdicom's 128 "common" storage SOP classes in every transfer syntax pydicom
 * 2.3 knows, plus every other storage class in the uncompressed syntaxes. Written out here as our own
 * table of PS3.4 B.5 / PS3.6 annex A UIDs; the order of {@link #ALL_TRANSFER_SYNTAXES} is the
 * acceptor's preference (pynetdicom takes the first of its own list that a context proposes).
 */
final class StorageSopClasses {

    private StorageSopClasses() {
    }

    /** Root of the Storage SOP classes of PS3.4 B.5 (images, waveforms, SR, RT, ...). */
    private static final String STORAGE_ROOT = "1.2.840.10008.5.1.4.1.1.";

    /** Uncompressed syntaxes, in pynetdicom's default order (Implicit VR LE first, PS3.5 10.1). */
    static final List<String> UNCOMPRESSED = List.of(
            Uids.IMPLICIT_VR_LITTLE_ENDIAN,
            Uids.EXPLICIT_VR_LITTLE_ENDIAN,
            Uids.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN,
            Uids.EXPLICIT_VR_BIG_ENDIAN);

    /** Every transfer syntax of PS3.5 annex A that pydicom 2.3 names, uncompressed first. */
    static final List<String> ALL_TRANSFER_SYNTAXES = concat(UNCOMPRESSED, List.of(
            "1.2.840.10008.1.2.4.50",  // JPEG Baseline (Process 1)
            "1.2.840.10008.1.2.4.51",  // JPEG Extended (Process 2 & 4)
            "1.2.840.10008.1.2.4.57",  // JPEG Lossless, Non-Hierarchical (Process 14)
            "1.2.840.10008.1.2.4.70",  // JPEG Lossless, First-Order Prediction
            "1.2.840.10008.1.2.4.80",  // JPEG-LS Lossless
            "1.2.840.10008.1.2.4.81",  // JPEG-LS Lossy (Near-Lossless)
            "1.2.840.10008.1.2.4.90",  // JPEG 2000 (Lossless Only)
            "1.2.840.10008.1.2.4.91",  // JPEG 2000
            "1.2.840.10008.1.2.4.92",  // JPEG 2000 Part 2 Multi-component (Lossless Only)
            "1.2.840.10008.1.2.4.93",  // JPEG 2000 Part 2 Multi-component
            "1.2.840.10008.1.2.4.100", // MPEG2 Main Profile / Main Level
            "1.2.840.10008.1.2.4.101", // MPEG2 Main Profile / High Level
            "1.2.840.10008.1.2.4.102", // MPEG-4 AVC/H.264 High Profile / Level 4.1
            "1.2.840.10008.1.2.4.103", // MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1
            "1.2.840.10008.1.2.4.104", // MPEG-4 AVC/H.264 High Profile / Level 4.2 For 2D Video
            "1.2.840.10008.1.2.4.105", // MPEG-4 AVC/H.264 High Profile / Level 4.2 For 3D Video
            "1.2.840.10008.1.2.4.106", // MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2
            "1.2.840.10008.1.2.4.107", // HEVC/H.265 Main Profile / Level 5.1
            "1.2.840.10008.1.2.4.108", // HEVC/H.265 Main 10 Profile / Level 5.1
            "1.2.840.10008.1.2.5"));   // RLE Lossless

    /** The 128 storage SOP classes a pynetdicom SCP offers as "StoragePresentationContexts". */
    static final Set<String> COMMON_128 = common();

    /** Storage classes outside {@link #STORAGE_ROOT} (RT delivery instructions, PS3.4 B.5). */
    private static final Set<String> OTHER_STORAGE = Set.of(
            "1.2.840.10008.5.1.4.34.7",   // RT Beams Delivery Instruction Storage
            "1.2.840.10008.5.1.4.34.10",  // RT Brachy Application Setup Delivery Instruction Storage
            "1.2.840.10008.5.1.4.38.1",   // Hanging Protocol Storage
            "1.2.840.10008.5.1.4.39.1",   // Color Palette Storage
            "1.2.840.10008.5.1.4.43.1",   // Generic Implant Template Storage
            "1.2.840.10008.5.1.4.44.1",   // Implant Assembly Template Storage
            "1.2.840.10008.5.1.4.45.1");  // Implant Template Group Storage

    /** A standard storage SOP class (PS3.4 B.5), by its UID. */
    static boolean isStandardStorage(String sopClassUid) {
        return sopClassUid.startsWith(STORAGE_ROOT) || OTHER_STORAGE.contains(sopClassUid);
    }

    /** Not a standard UID (outside the DICOM root 1.2.840.10008, PS3.5 9.1): a private SOP class. */
    static boolean isPrivate(String sopClassUid) {
        return !sopClassUid.startsWith("1.2.840.10008.");
    }

    private static Set<String> common() {
        Set<String> s = new LinkedHashSet<>();
        String r = STORAGE_ROOT;
        // Images: CR, CT, US multi-frame, MR, US, secondary capture.
        for (String x : List.of("1", "2", "2.1", "3.1", "4", "4.1", "4.2", "4.3", "6.1", "6.2", "6.3",
                "7", "7.1", "7.2", "7.3", "7.4")) {
            s.add(r + x);
        }
        // Waveforms.
        for (String x : List.of("9.1.1", "9.1.2", "9.1.3", "9.1.4", "9.2.1", "9.3.1", "9.4.1", "9.4.2", "9.5.1",
                "9.6.1", "9.6.2", "9.7.1", "9.7.2", "9.7.3", "9.7.4", "9.8.1")) {
            s.add(r + x);
        }
        // XA, XRF, 3D X-ray, tomosynthesis, NM, parametric map, raw data, registration, segmentation...
        for (String x : List.of("12.1", "12.1.1", "12.2", "12.2.1", "13.1.1", "13.1.2", "13.1.3", "20", "30",
                "66", "66.1", "66.2", "66.3", "66.4", "66.5", "66.6", "67", "68.1", "68.2")) {
            s.add(r + x);
        }
        // Visible light and ophthalmic.
        for (String x : List.of("77.1.1", "77.1.1.1", "77.1.2", "77.1.2.1", "77.1.3", "77.1.4", "77.1.4.1",
                "77.1.5.1", "77.1.5.2", "77.1.5.3", "77.1.5.4", "77.1.5.5", "77.1.5.6", "77.1.5.7", "77.1.5.8",
                "77.1.6", "77.1.7", "78.1", "78.2", "78.3", "78.4", "78.5", "78.6", "78.7", "78.8", "79.1",
                "80.1", "81.1", "82.1")) {
            s.add(r + x);
        }
        // Structured reports, annotations, encapsulated documents, PET.
        for (String x : List.of("88.11", "88.22", "88.33", "88.34", "88.35", "88.50", "88.65", "88.67", "88.68",
                "88.69", "88.70", "88.71", "88.72", "88.73", "88.76", "91.1", "104.1", "104.2", "104.3", "104.4",
                "104.5", "128", "130")) {
            s.add(r + x);
        }
        // Radiotherapy.
        for (int i = 1; i <= 25; i++) {
            if (i != 16 && i != 17) {
                s.add(r + "481." + i);
            }
        }
        s.add("1.2.840.10008.5.1.4.34.7");
        s.add("1.2.840.10008.5.1.4.34.10");
        if (s.size() != 128) {
            throw new AssertionError("common storage table has " + s.size() + " classes");
        }
        return Set.copyOf(s);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return List.copyOf(out);
    }
}
