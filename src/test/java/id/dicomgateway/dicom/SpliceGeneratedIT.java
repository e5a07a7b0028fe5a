package id.dicomgateway.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TagEditor.splice on files written byte by byte: where the splice point falls (group lengths,
 * insertions, bare and big endian datasets), when there can be no splice, that the head stays
 * small however large the instance, and that bad input fails as it does in edit().
 */
class SpliceGeneratedIT {

    static final String SOP_CLASS = GeneratedCasesIT.SOP_CLASS;
    static final String SOP_INSTANCE = GeneratedCasesIT.SOP_INSTANCE;
    static final TagEdits EDITS = new TagEdits(CorpusEditIT.NEW_PATIENT_ID, CorpusEditIT.NEW_ACCESSION_NUMBER);

    @TempDir
    Path dir;

    /** Writes the input, edits it with edit() and splice(), checks they agree, returns the splice. */
    private Splice spliceSameAsEdit(String name, byte[] input) throws Exception {
        Path in = dir.resolve(name + ".dcm");
        Files.write(in, input);
        return spliceSameAsEdit(name, in);
    }

    private Splice spliceSameAsEdit(String name, Path in) throws Exception {
        Path edited = dir.resolve(name + ".edit.dcm");
        InstanceHeader expected = TagEditor.edit(in, edited, EDITS);
        Splice s = TagEditor.splice(in, EDITS).orElseThrow(() -> new AssertionError(name + ": no splice"));
        SpliceCorpusTest.assertSameAsEdit(name, in, s, edited, expected, dir);
        return s;
    }

    /** The tag of the element the tail starts with, read from the input, as the walker reads it. */
    private static int tailTag(Splice s, boolean bigEndian) throws Exception {
        byte[] file = Files.readAllBytes(s.source());
        return ElementHeader.u16(file, (int) s.tailOffset(), bigEndian) << 16
                | ElementHeader.u16(file, (int) s.tailOffset() + 2, bigEndian);
    }

    @Test
    void groupLengthsArePatchedInTheHeadAndTheTailStartsAfterPatientId() throws Exception {
        DatasetBuilder input = GeneratedCasesIT.rich(DatasetBuilder.explicitLe(), true);
        Splice s = spliceSameAsEdit("group-lengths", input.part10(SOP_CLASS, SOP_INSTANCE, Uids.EXPLICIT_VR_LITTLE_ENDIAN));
        // rich(): (0010,0000), (0010,0010), (0010,0020), then OtherPatientIDsSequence (0010,1002).
        assertThat(Tag.toString(tailTag(s, false))).isEqualTo(Tag.toString(0x00101002));
        assertThat(s.head().length).isLessThan(1024);

        Path materialized = dir.resolve("group-lengths.spliced.dcm");
        s.writeTo(materialized);
        List<String> before = Peers.dcmdumpDataset(s.source());
        List<String> after = Peers.dcmdumpDataset(materialized);
        assertThat(after).anySatisfy(l -> assertThat(l).startsWith("(0008,0000) UL "));
        CorpusEditIT.checkGroupLength(before, after, "(0008,0000)", "(0008,0050)", 12);
        CorpusEditIT.checkGroupLength(before, after, "(0010,0000)", "(0010,0020)", 12);
    }

    /** SOP UIDs, a date, a name, Study Instance UID: no AccessionNumber, no PatientID. */
    private static DatasetBuilder withoutEditedTags(DatasetBuilder b, boolean groupLengths) {
        DatasetBuilder g8 = b.like().text(Tag.SOP_CLASS_UID, "UI", SOP_CLASS + "\0")
                .text(Tag.SOP_INSTANCE_UID, "UI", SOP_INSTANCE + "\0").text(0x00080020, "DA", "20261127");
        DatasetBuilder g10 = b.like().text(0x00100010, "PN", "Insert^Me ").text(0x00100030, "DA", "19700101");
        if (groupLengths) {
            b.ul(0x00080000, g8.size());
        }
        b.raw(g8.bytes());
        if (groupLengths) {
            b.ul(0x00100000, g10.size());
        }
        return b.raw(g10.bytes()).text(Tag.STUDY_INSTANCE_UID, "UI", "2.25.1\0");
    }

    @Test
    void insertsWhenAbsentWithAndWithoutGroupLengths() throws Exception {
        for (boolean groupLengths : new boolean[] {false, true}) {
            String name = "insert-" + groupLengths;
            Splice s = spliceSameAsEdit(name, withoutEditedTags(DatasetBuilder.explicitLe(), groupLengths)
                    .part10(SOP_CLASS, SOP_INSTANCE, Uids.EXPLICIT_VR_LITTLE_ENDIAN));
            // PatientID goes before Patient's Birth Date (0010,0030), which then starts the tail.
            assertThat(Tag.toString(tailTag(s, false))).as(name).isEqualTo(Tag.toString(0x00100030));
            Path materialized = dir.resolve(name + ".spliced.dcm");
            s.writeTo(materialized);
            List<String> dump = Peers.dcmdumpDataset(materialized);
            assertThat(dump).filteredOn(l -> l.startsWith("(0010,0020)")).singleElement().asString()
                    .contains("[" + CorpusEditIT.NEW_PATIENT_ID + " ]");
            assertThat(dump).filteredOn(l -> l.startsWith("(0008,0050)")).singleElement().asString()
                    .contains("[" + CorpusEditIT.NEW_ACCESSION_NUMBER + " ]");
            if (groupLengths) {
                CorpusEditIT.checkGroupLength(Peers.dcmdumpDataset(s.source()), dump, "(0010,0000)", "(0010,0020)", 12);
            }
        }
    }

    @Test
    void insertionAfterTheLastElementLeavesAnEmptyTail() throws Exception {
        DatasetBuilder b = DatasetBuilder.explicitLe();
        GeneratedCasesIT.storableHead(b);
        Splice s = spliceSameAsEdit("insert-at-end", b.part10(SOP_CLASS, SOP_INSTANCE, Uids.EXPLICIT_VR_LITTLE_ENDIAN));
        assertThat(s.tailLength()).isZero();
        assertThat(s.tailOffset()).isEqualTo(Files.size(s.source()));
    }

    @Test
    void bareImplicitDatasetGetsAFileMetaInTheHead() throws Exception {
        byte[] bare = GeneratedCasesIT.rich(DatasetBuilder.implicitLe(), true).bytes();
        Splice s = spliceSameAsEdit("bare-implicit", bare);
        assertThat(s.header().hasFileMeta()).isTrue();
        assertThat(s.header().transferSyntaxUid()).isEqualTo(Uids.IMPLICIT_VR_LITTLE_ENDIAN);
        assertThat(new String(s.head(), 128, 4, StandardCharsets.US_ASCII)).isEqualTo("DICM");
        // Without a File Meta the input's offsets are the dataset's: the tail is where (0010,1002) is.
        assertThat(Tag.toString(tailTag(s, false))).isEqualTo(Tag.toString(0x00101002));
    }

    @Test
    void bigEndian() throws Exception {
        byte[] input = GeneratedCasesIT.rich(new DatasetBuilder(true, true), false)
                .part10(SOP_CLASS, SOP_INSTANCE, Uids.EXPLICIT_VR_BIG_ENDIAN);
        Splice s = spliceSameAsEdit("big-endian", input);
        assertThat(s.header().transferSyntaxUid()).isEqualTo(Uids.EXPLICIT_VR_BIG_ENDIAN);
        assertThat(Tag.toString(tailTag(s, true))).isEqualTo(Tag.toString(0x00101002));
    }

    @Test
    void duplicatePatientIdAfterTheEditPointHasNoSplice() throws Exception {
        DatasetBuilder b = DatasetBuilder.explicitLe();
        GeneratedCasesIT.storableHead(b);
        b.text(Tag.ACCESSION_NUMBER, "SH", "OLDACSN ").text(Tag.PATIENT_ID, "LO", "OLDPID")
                .text(Tag.STUDY_INSTANCE_UID, "UI", "2.25.1\0")
                .text(Tag.PATIENT_ID, "LO", "AGAIN "); // misordered: edit() drops it
        Path in = dir.resolve("duplicate.dcm");
        Files.write(in, b.part10(SOP_CLASS, SOP_INSTANCE, Uids.EXPLICIT_VR_LITTLE_ENDIAN));
        assertThat(TagEditor.splice(in, EDITS)).isEmpty();
        // Only the edited tag matters: left alone, the duplicate is copied and the splice stands.
        Path edited = dir.resolve("duplicate.edit.dcm");
        TagEdits accessionOnly = new TagEdits(null, "A1");
        InstanceHeader expected = TagEditor.edit(in, edited, accessionOnly);
        SpliceCorpusTest.assertSameAsEdit("duplicate, AccessionNumber only", in,
                TagEditor.splice(in, accessionOnly).orElseThrow(), edited, expected, dir);
    }

    /** A second (0008,0000) used to leave the first unpatched and end in an IllegalStateException. */
    @Test
    void aSecondGroupLengthBeforeTheEditIsMalformed() throws Exception {
        DatasetBuilder b = DatasetBuilder.explicitLe();
        b.ul(0x00080000, 40).ul(0x00080000, 40);
        GeneratedCasesIT.storableHead(b);
        b.text(Tag.ACCESSION_NUMBER, "SH", "OLDACSN ").text(Tag.PATIENT_ID, "LO", "OLDPID");
        Path in = dir.resolve("two-group-lengths.dcm");
        Files.write(in, b.part10(SOP_CLASS, SOP_INSTANCE, Uids.EXPLICIT_VR_LITTLE_ENDIAN));
        for (GeneratedCasesIT.ThrowingCall call : List.<GeneratedCasesIT.ThrowingCall>of(
                () -> TagEditor.edit(in, dir.resolve("two-group-lengths.out.dcm"), EDITS),
                () -> TagEditor.splice(in, EDITS))) {
            assertThatThrownBy(call::run).isInstanceOfSatisfying(DicomException.class, e -> {
                assertThat(e.reason()).isEqualTo(DicomException.Reason.MALFORMED);
                assertThat(e.getMessage()).contains("(0008,0000)").contains("second time");
            });
        }
    }

    @Test
    void duplicateRightAtTheEditPointIsDroppedInsideTheHead() throws Exception {
        // GeneratedCasesIT.misorderedInput...: PatientID before AccessionNumber. AccessionNumber is
        // inserted before PatientID, so the old one comes after both edits, before anything is
        // copied unchanged: dropping it is part of the head, and the splice equals edit().
        DatasetBuilder b = DatasetBuilder.explicitLe();
        GeneratedCasesIT.storableHead(b);
        b.text(Tag.PATIENT_ID, "LO", "OLDPID").text(Tag.ACCESSION_NUMBER, "SH", "OLDACSN ")
                .text(Tag.STUDY_INSTANCE_UID, "UI", "2.25.1\0");
        Splice s = spliceSameAsEdit("misordered", b.part10(SOP_CLASS, SOP_INSTANCE, Uids.EXPLICIT_VR_LITTLE_ENDIAN));
        assertThat(Tag.toString(tailTag(s, false))).isEqualTo(Tag.toString(Tag.STUDY_INSTANCE_UID));
    }

    /** A 20 MB Pixel Data value; PatientID present or absent (then inserted right before Pixel Data). */
    private Path bigInstance(String name, boolean withPatientId) throws Exception {
        int pixelBytes = 20 * 1024 * 1024;
        DatasetBuilder head = DatasetBuilder.explicitLe()
                .text(Tag.SOP_CLASS_UID, "UI", "1.2.840.10008.5.1.4.1.1.7.3\0")
                .text(Tag.SOP_INSTANCE_UID, "UI", "2.25.100200300\0")
                .text(Tag.ACCESSION_NUMBER, "SH", "OLDACSN ");
        if (withPatientId) {
            head.text(0x00100010, "PN", "Large^Test").text(Tag.PATIENT_ID, "LO", "OLDPID")
                    .text(Tag.STUDY_INSTANCE_UID, "UI", "2.25.1\0").us(0x00280010, 2048).us(0x00280011, 5120)
                    .us(0x00280100, 16);
        }
        head.header(Tag.PIXEL_DATA, "OW", pixelBytes);
        Path in = dir.resolve(name + ".dcm");
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(in), 1 << 20)) {
            os.write(head.part10("1.2.840.10008.5.1.4.1.1.7.3", "2.25.100200300", Uids.EXPLICIT_VR_LITTLE_ENDIAN));
            byte[] chunk = new byte[1 << 20];
            Random random = new Random(7);
            for (int i = 0; i < pixelBytes / chunk.length; i++) {
                random.nextBytes(chunk);
                os.write(chunk);
            }
        }
        return in;
    }

    @Test
    void twentyMegabytePixelDataStaysInTheTail() throws Exception {
        for (boolean withPatientId : new boolean[] {true, false}) {
            String name = "big-" + withPatientId;
            Path in = bigInstance(name, withPatientId);
            Splice s = spliceSameAsEdit(name, in);
            assertThat(s.head().length).as(name).isLessThan(2048);
            assertThat(s.tailLength()).as(name).isGreaterThan(20L * 1024 * 1024);
            assertThat(Tag.toString(tailTag(s, false))).as(name).isEqualTo(Tag.toString(withPatientId
                    ? Tag.STUDY_INSTANCE_UID : Tag.PIXEL_DATA));
        }
    }

    @Test
    void moreThanTheHeadLimitBeforeTheEditPointHasNoSplice() throws Exception {
        // A private binary value between AccessionNumber and PatientID: edit() streams it, a head
        // would have to hold it.
        DatasetBuilder b = DatasetBuilder.explicitLe();
        GeneratedCasesIT.storableHead(b);
        b.text(Tag.ACCESSION_NUMBER, "SH", "OLDACSN ").text(0x00090010, "LO", "GWTEST  ")
                .element(0x00091001, "OB", new byte[HeadBuffer.LIMIT + 2]).text(Tag.PATIENT_ID, "LO", "OLDPID");
        Path in = dir.resolve("big-head.dcm");
        Files.write(in, b.part10(SOP_CLASS, SOP_INSTANCE, Uids.EXPLICIT_VR_LITTLE_ENDIAN));
        TagEditor.edit(in, dir.resolve("big-head.edit.dcm"), EDITS);
        assertThat(TagEditor.splice(in, EDITS)).isEmpty();
    }

    @Test
    void writeToReplacesALongerFile() throws Exception {
        DatasetBuilder b = DatasetBuilder.explicitLe();
        GeneratedCasesIT.storableHead(b);
        b.text(Tag.PATIENT_ID, "LO", "OLDPID").text(Tag.STUDY_INSTANCE_UID, "UI", "2.25.1\0");
        Path in = dir.resolve("small.dcm");
        Files.write(in, b.part10(SOP_CLASS, SOP_INSTANCE, Uids.EXPLICIT_VR_LITTLE_ENDIAN));
        Splice s = TagEditor.splice(in, EDITS).orElseThrow();
        Path out = dir.resolve("was-longer.dcm");
        Files.write(out, new byte[100_000]);
        s.writeTo(out);
        assertThat(Files.size(out)).isEqualTo(s.size());
        assertThat(DicomFiles.scan(out)).isEqualTo(s.header());
    }

    @Test
    void headMustHoldTheDatasetOffset() {
        InstanceHeader h = new InstanceHeader(SOP_CLASS, SOP_INSTANCE, Uids.EXPLICIT_VR_LITTLE_ENDIAN, null, null,
                true, 300);
        assertThatThrownBy(() -> new Splice(new byte[200], dir.resolve("x"), 0, 0, h))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---- no splice, same failure ----------------------------------------------------------

    /** splice() throws what edit(Path, Path) throws for the same input. */
    private void sameFailure(String name, byte[] bytes, DicomException.Reason reason) throws Exception {
        Path in = dir.resolve(name + ".dcm");
        Files.write(in, bytes);
        for (SpliceCorpusTest.Call call : List.<SpliceCorpusTest.Call>of(
                () -> TagEditor.edit(in, dir.resolve(name + ".edit.dcm"), EDITS),
                () -> TagEditor.splice(in, EDITS))) {
            assertThatThrownBy(call::run).as(name).isInstanceOfSatisfying(DicomException.class,
                    e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason));
        }
    }

    @Test
    void badInputAfterTheSplicePointStillFails() throws Exception {
        // Everything below is past the splice point (after PatientID): found only because the
        // walk goes on to the end.
        DatasetBuilder truncated = editedHead();
        truncated.header(Tag.PIXEL_DATA, "OW", 1000).raw(new byte[10]);
        sameFailure("pixels-truncated", truncated.bytes(), DicomException.Reason.TRUNCATED);

        DatasetBuilder unterminated = editedHead();
        unterminated.header(0x00081140, "SQ", DatasetBuilder.UNDEFINED).header(Tag.ITEM, null, DatasetBuilder.UNDEFINED)
                .text(0x00081150, "UI", "1.2\0");
        sameFailure("unterminated", unterminated.bytes(), DicomException.Reason.TRUNCATED);

        DatasetBuilder hugeText = editedHead();
        hugeText.header(0x00321060, "UT", 0xFFFFFFF0L).raw(new byte[64]);
        sameFailure("huge-text", hugeText.bytes(), DicomException.Reason.LIMIT_EXCEEDED);

        DatasetBuilder stray = editedHead();
        stray.header(Tag.ITEM, null, 4).raw(new byte[4]);
        sameFailure("stray-item", stray.bytes(), DicomException.Reason.MALFORMED);
    }

    private static DatasetBuilder editedHead() {
        DatasetBuilder b = DatasetBuilder.explicitLe();
        GeneratedCasesIT.storableHead(b);
        return b.text(Tag.ACCESSION_NUMBER, "SH", "OLDACSN ").text(Tag.PATIENT_ID, "LO", "OLDPID")
                .text(Tag.STUDY_INSTANCE_UID, "UI", "2.25.1\0");
    }

    @Test
    void badInputBeforeTheSplicePointFailsAsInEdit() throws Exception {
        DatasetBuilder noInstance = DatasetBuilder.explicitLe().text(Tag.SOP_CLASS_UID, "UI", SOP_CLASS + "\0")
                .text(0x00100010, "PN", "A^B ");
        sameFailure("not-storable", noInstance.bytes(), DicomException.Reason.NOT_STORABLE);

        DatasetBuilder undefinedPatientId = DatasetBuilder.explicitLe();
        GeneratedCasesIT.storableHead(undefinedPatientId);
        undefinedPatientId.header(Tag.PATIENT_ID, "UN", DatasetBuilder.UNDEFINED);
        sameFailure("undefined-patient-id", undefinedPatientId.bytes(), DicomException.Reason.MALFORMED);

        DatasetBuilder groupLength = DatasetBuilder.explicitLe();
        GeneratedCasesIT.storableHead(groupLength);
        groupLength.header(0x00100000, "UL", 2).u16(8).text(Tag.PATIENT_ID, "LO", "OLDPID");
        sameFailure("short-group-length", groupLength.bytes(), DicomException.Reason.MALFORMED);

        byte[] corruptDeflate = DatasetBuilder.explicitLe()
                .raw(new byte[] {(byte) 0xFF, 0x13, 0x77, 0x00, 0x01, 0x02, 0x03})
                .part10(SOP_CLASS, SOP_INSTANCE, Uids.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN);
        Path in = dir.resolve("corrupt-deflate.dcm");
        Files.write(in, corruptDeflate);
        DicomException byEdit = SpliceCorpusTest.catchDicom(() -> TagEditor.edit(in, dir.resolve("x.dcm"), EDITS));
        assertThat(byEdit).isNotNull();
        assertThatThrownBy(() -> TagEditor.splice(in, EDITS)).isInstanceOfSatisfying(DicomException.class,
                e -> assertThat(e.reason()).isEqualTo(byEdit.reason()));
    }

    @Test
    void emptyEditsStillSpliceWithANewFileMeta() throws Exception {
        byte[] bare = GeneratedCasesIT.rich(DatasetBuilder.explicitLe(), true).bytes();
        Path in = dir.resolve("none.dcm");
        Files.write(in, bare);
        Path edited = dir.resolve("none.edit.dcm");
        InstanceHeader expected = TagEditor.edit(in, edited, TagEdits.none());
        Optional<Splice> s = TagEditor.splice(in, TagEdits.none());
        assertThat(s).isPresent();
        SpliceCorpusTest.assertSameAsEdit("none", in, s.get(), edited, expected, dir);
        // The head is the File Meta and the held start of the dataset up to the first element after SOP Instance UID.
        assertThat(s.get().head().length).isLessThan(1024);
    }
}
