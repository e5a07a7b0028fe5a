package id.dicomgateway.dicom;

import java.util.Map;

/**
 * A transfer syntax (PS3.5 §10, Annex A): how a dataset is byte-ordered, whether VRs are
 * explicit, whether the whole dataset is deflated, and whether Pixel Data is encapsulated.
 */
public record TransferSyntax(String uid, String name, boolean explicitVr, boolean bigEndian,
                             boolean deflated, boolean encapsulated) {

    public static final TransferSyntax IMPLICIT_VR_LE =
            new TransferSyntax(Uids.IMPLICIT_VR_LITTLE_ENDIAN, "Implicit VR Little Endian", false, false, false, false);
    public static final TransferSyntax EXPLICIT_VR_LE =
            new TransferSyntax(Uids.EXPLICIT_VR_LITTLE_ENDIAN, "Explicit VR Little Endian", true, false, false, false);
    /** Retired since 2004 but still found in archives (PS3.5 A.3). */
    public static final TransferSyntax EXPLICIT_VR_BE =
            new TransferSyntax(Uids.EXPLICIT_VR_BIG_ENDIAN, "Explicit VR Big Endian", true, true, false, false);
    /** PS3.5 A.5: the dataset after the File Meta is a raw deflate stream (RFC 1951). */
    public static final TransferSyntax DEFLATED_EXPLICIT_VR_LE =
            new TransferSyntax(Uids.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN, "Deflated Explicit VR Little Endian",
                    true, false, true, false);

    /** Names of the encapsulated syntaxes of PS3.6 Annex A that a PACS commonly holds. */
    private static final Map<String, String> ENCAPSULATED_NAMES = Map.ofEntries(
            Map.entry("1.2.840.10008.1.2.4.50", "JPEG Baseline (Process 1)"),
            Map.entry("1.2.840.10008.1.2.4.51", "JPEG Extended (Process 2 & 4)"),
            Map.entry("1.2.840.10008.1.2.4.57", "JPEG Lossless, Non-Hierarchical (Process 14)"),
            Map.entry("1.2.840.10008.1.2.4.70", "JPEG Lossless, Non-Hierarchical, First-Order Prediction"),
            Map.entry("1.2.840.10008.1.2.4.80", "JPEG-LS Lossless Image Compression"),
            Map.entry("1.2.840.10008.1.2.4.81", "JPEG-LS Lossy (Near-Lossless) Image Compression"),
            Map.entry("1.2.840.10008.1.2.4.90", "JPEG 2000 Image Compression (Lossless Only)"),
            Map.entry("1.2.840.10008.1.2.4.91", "JPEG 2000 Image Compression"),
            Map.entry("1.2.840.10008.1.2.4.92", "JPEG 2000 Part 2 Multi-component Image Compression (Lossless Only)"),
            Map.entry("1.2.840.10008.1.2.4.93", "JPEG 2000 Part 2 Multi-component Image Compression"),
            Map.entry("1.2.840.10008.1.2.4.100", "MPEG2 Main Profile / Main Level"),
            Map.entry("1.2.840.10008.1.2.4.102", "MPEG-4 AVC/H.264 High Profile / Level 4.1"),
            Map.entry("1.2.840.10008.1.2.4.201", "High-Throughput JPEG 2000 Image Compression (Lossless Only)"),
            Map.entry("1.2.840.10008.1.2.4.203", "High-Throughput JPEG 2000 Image Compression"),
            Map.entry("1.2.840.10008.1.2.5", "RLE Lossless"));

    /**
     * The syntax for a UID. Any UID other than the four uncompressed ones is treated as explicit
     * VR little endian with encapsulated Pixel Data, which is what every compressed syntax of
     * PS3.5 Annex A (A.4) is.
     */
    public static TransferSyntax of(String uid) {
        switch (uid) {
            case Uids.IMPLICIT_VR_LITTLE_ENDIAN:
                return IMPLICIT_VR_LE;
            case Uids.EXPLICIT_VR_LITTLE_ENDIAN:
                return EXPLICIT_VR_LE;
            case Uids.EXPLICIT_VR_BIG_ENDIAN:
                return EXPLICIT_VR_BE;
            case Uids.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN:
                return DEFLATED_EXPLICIT_VR_LE;
            default:
                return new TransferSyntax(uid, ENCAPSULATED_NAMES.getOrDefault(uid, uid), true, false, false, true);
        }
    }

    /** True when Pixel Data is native (deflate compresses the whole dataset, not the pixels). */
    public boolean isUncompressed() {
        return !encapsulated;
    }
}
