package id.dicomgateway.dicom;

import java.util.List;

/**
 * A small generated secondary capture that the unit tests and the ITs of the dicom layer share: odd lengths,
 * group lengths, private tags, nested sequences of both length kinds, UN holding a sequence.
 */
final class RichDataset {

    static final String SOP_CLASS = "1.2.840.10008.5.1.4.1.1.7"; // odd length on purpose
    static final String SOP_INSTANCE = "2.25.4711";

    private RichDataset() {
    }

    /** A small secondary capture touching every structure the editor must copy unchanged. */
    static DatasetBuilder build(DatasetBuilder b, boolean withUnSequence) {
        DatasetBuilder g8 = b.like()
                .text(Tag.SPECIFIC_CHARACTER_SET, "CS", "ISO_IR 100")
                .text(Tag.SOP_CLASS_UID, "UI", SOP_CLASS)
                .text(Tag.SOP_INSTANCE_UID, "UI", SOP_INSTANCE + "\0")
                .text(0x00080020, "DA", "20261127")
                .text(0x00080060, "CS", "OT")
                .text(0x00081030, "LO", "ABC"); // odd length, no padding
        b.ul(0x00080000, g8.size()).raw(g8.bytes());
        b.text(0x00090010, "LO", "GWTEST  ").element(0x00091001, "UN", new byte[] {1, 2, 3});

        DatasetBuilder deepest = b.like().text(0x00081150, "UI", "1.2.3.4\0").text(0x00081155, "UI", "1.2.3.4.5");
        DatasetBuilder item1 = b.like().text(Tag.PATIENT_ID, "LO", "NESTED1 ")
                .sequence(0x00081115, false, false, List.of(deepest, b.like().text(0x00081150, "UI", "9.9")));
        DatasetBuilder item2 = b.like().text(Tag.PATIENT_ID, "LO", "NESTED2")
                .sequence(0x00081140, true, false, List.of(b.like().text(0x00081150, "UI", "7.7.7.7")));
        DatasetBuilder g10 = b.like()
                .text(0x00100010, "PN", "Test^Generated")
                .text(Tag.PATIENT_ID, "LO", "OLD")
                .sequence(0x00101002, true, true, List.of(item1, item2))
                .sequence(0x00101100, false, true, List.of()); // empty (ReferencedPatientPhotoSequence): an odd shape too
        b.ul(0x00100000, g10.size()).raw(g10.bytes());
        if (withUnSequence) {
            // PS3.5 §6.2.2: UN of undefined length, contents in Implicit VR Little Endian.
            DatasetBuilder inner = DatasetBuilder.implicitLe().text(Tag.PATIENT_ID, "LO", "IN-UN ");
            b.text(0x00110010, "LO", "GWTEST2 ").header(0x00111010, "UN", DatasetBuilder.UNDEFINED)
                    .header(Tag.ITEM, null, DatasetBuilder.UNDEFINED);
            DatasetBuilder implicitTail = DatasetBuilder.implicitLe();
            implicitTail.raw(inner.bytes()).header(Tag.ITEM_DELIMITATION_ITEM, null, 0)
                    .header(Tag.SEQUENCE_DELIMITATION_ITEM, null, 0);
            // Delimiters inside UN are little endian whatever the outer syntax.
            b.raw(implicitTail.bytes());
        }
        b.text(Tag.STUDY_INSTANCE_UID, "UI", "2.25.11").text(Tag.SERIES_INSTANCE_UID, "UI", "2.25.12");
        b.us(0x00280002, 1).text(0x00280004, "CS", "MONOCHROME2 ").us(0x00280010, 2).us(0x00280011, 3)
                .us(0x00280100, 8).us(0x00280101, 8).us(0x00280102, 7).us(0x00280103, 0);
        b.element(Tag.PIXEL_DATA, "OB", new byte[] {10, 20, 30, 40, 50, 60});
        return b;
    }
}
