package id.dicomgateway.dicom;

/** Tags this package handles by number (PS3.6 §6, PS3.5 §7.5), as (group << 16 | element). */
public final class Tag {

    private Tag() {
    }

    public static final int FILE_META_INFORMATION_GROUP_LENGTH = 0x00020000;
    public static final int FILE_META_INFORMATION_VERSION = 0x00020001;
    public static final int MEDIA_STORAGE_SOP_CLASS_UID = 0x00020002;
    public static final int MEDIA_STORAGE_SOP_INSTANCE_UID = 0x00020003;
    public static final int TRANSFER_SYNTAX_UID = 0x00020010;
    public static final int IMPLEMENTATION_CLASS_UID = 0x00020012;
    public static final int IMPLEMENTATION_VERSION_NAME = 0x00020013;

    public static final int SPECIFIC_CHARACTER_SET = 0x00080005;
    public static final int SOP_CLASS_UID = 0x00080016;
    public static final int SOP_INSTANCE_UID = 0x00080018;
    public static final int ACCESSION_NUMBER = 0x00080050;
    public static final int PATIENT_ID = 0x00100020;
    public static final int STUDY_INSTANCE_UID = 0x0020000D;
    public static final int SERIES_INSTANCE_UID = 0x0020000E;
    public static final int PIXEL_REPRESENTATION = 0x00280103;
    public static final int FLOAT_PIXEL_DATA = 0x7FE00008;
    public static final int DOUBLE_FLOAT_PIXEL_DATA = 0x7FE00009;
    public static final int PIXEL_DATA = 0x7FE00010;

    /** PS3.5 §7.5: items and delimiters, always encoded without VR. */
    public static final int ITEM = 0xFFFEE000;
    public static final int ITEM_DELIMITATION_ITEM = 0xFFFEE00D;
    public static final int SEQUENCE_DELIMITATION_ITEM = 0xFFFEE0DD;

    public static int group(int tag) {
        return tag >>> 16;
    }

    public static int element(int tag) {
        return tag & 0xFFFF;
    }

    /** Private data elements have odd group numbers (PS3.5 §7.8.1). */
    public static boolean isPrivate(int tag) {
        return (group(tag) & 1) == 1;
    }

    /** (gggg,0000): group length, retired in datasets (PS3.5 §7.2). */
    public static boolean isGroupLength(int tag) {
        return element(tag) == 0;
    }

    /** Formats as PS3.5 writes tags: (gggg,eeee). */
    public static String toString(int tag) {
        return String.format("(%04X,%04X)", group(tag), element(tag));
    }
}
