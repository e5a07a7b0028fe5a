package id.dicomgateway.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cases the corpus lacks, written byte by byte: odd lengths, undefined-length sequences and
 * items nested in defined-length ones, group lengths, private tags, UN holding a sequence;
 * and hostile inputs that must each end in one typed exception.
 */
class GeneratedCasesIT {

    static final String SOP_CLASS = RichDataset.SOP_CLASS;
    static final String SOP_INSTANCE = RichDataset.SOP_INSTANCE;

    @TempDir
    static Path dir;

    static final Map<String, Path> INPUTS = new LinkedHashMap<>();
    static Map<String, Map<String, Object>> inputViews;
    static Map<String, Map<String, Object>> outputViews;

    /** See {@link RichDataset#build}. */
    static DatasetBuilder rich(DatasetBuilder b, boolean withUnSequence) {
        return RichDataset.build(b, withUnSequence);
    }

    @BeforeAll
    static void writeAndEdit() throws Exception {
        Map<String, byte[]> cases = new LinkedHashMap<>();
        cases.put("explicit-le-part10", rich(DatasetBuilder.explicitLe(), true)
                .part10(SOP_CLASS, SOP_INSTANCE, Uids.EXPLICIT_VR_LITTLE_ENDIAN));
        cases.put("explicit-le-bare", rich(DatasetBuilder.explicitLe(), true).bytes());
        cases.put("implicit-le-part10", rich(DatasetBuilder.implicitLe(), true)
                .part10(SOP_CLASS, SOP_INSTANCE, Uids.IMPLICIT_VR_LITTLE_ENDIAN));
        cases.put("implicit-le-bare", rich(DatasetBuilder.implicitLe(), true).bytes());
        cases.put("explicit-be-part10", rich(new DatasetBuilder(true, true), false)
                .part10(SOP_CLASS, SOP_INSTANCE, Uids.EXPLICIT_VR_BIG_ENDIAN));
        List<Path> inputs = new ArrayList<>();
        List<Path> outputs = new ArrayList<>();
        for (Map.Entry<String, byte[]> c : cases.entrySet()) {
            Path in = dir.resolve(c.getKey() + ".in.dcm");
            Path out = dir.resolve(c.getKey() + ".out.dcm");
            Files.write(in, c.getValue());
            try (InputStream is = Files.newInputStream(in); OutputStream os = Files.newOutputStream(out)) {
                TagEditor.edit(is, os, TagEdits.of(CorpusEditIT.NEW_PATIENT_ID, CorpusEditIT.NEW_ACCESSION_NUMBER));
            }
            INPUTS.put(c.getKey(), in);
            inputs.add(in);
            outputs.add(out);
        }
        inputViews = Peers.pydicomView(dir, true, inputs);
        outputViews = Peers.pydicomView(dir, false, outputs);
    }

    @TestFactory
    Stream<DynamicTest> editRuleHoldsForGeneratedFiles() {
        return INPUTS.entrySet().stream().map(c -> DynamicTest.dynamicTest(c.getKey(), () -> {
            Path in = c.getValue();
            Path out = dir.resolve(c.getKey() + ".out.dcm");
            Map<String, Object> pyIn = inputViews.get(in.toString());
            assertThat(pyIn.get("ok")).as("pydicom reads the generated input: %s", pyIn.get("error")).isEqualTo(true);
            assertThat(pyIn.get("nestedPatientIds")).asList().contains("NESTED1", "NESTED2");
            CorpusEditIT.checkEditRule(c.getKey(), in, out, pyIn, outputViews.get(out.toString()));
        }));
    }

    @Test
    void groupLengthsStayInTheOutput() throws Exception {
        // checkEditRule verifies their values (old value + size change of the edited element).
        List<String> dump = Peers.dcmdumpDataset(dir.resolve("explicit-le-part10.out.dcm"));
        assertThat(dump).anySatisfy(l -> assertThat(l).startsWith("(0008,0000) UL "));
        assertThat(dump).anySatisfy(l -> assertThat(l).startsWith("(0010,0000) UL "));
    }

    @Test
    void emptyEditsStillNormaliseToPart10() throws Exception {
        byte[] bare = rich(DatasetBuilder.implicitLe(), true).bytes();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InstanceHeader h = TagEditor.edit(new ByteArrayInputStream(bare), out, TagEdits.none());
        byte[] written = out.toByteArray();
        assertThat(h.hasFileMeta()).isTrue();
        assertThat(new String(written, 128, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("DICM");
        assertThat(written.length - h.datasetOffset()).isEqualTo(bare.length);
        assertThat(java.util.Arrays.copyOfRange(written, (int) h.datasetOffset(), written.length)).isEqualTo(bare);
        assertThat(DicomFiles.scan(new ByteArrayInputStream(written))).isEqualTo(h);
    }

    @Test
    void misorderedInputGetsExactlyOneOfEachEditedElement() throws Exception {
        DatasetBuilder b = DatasetBuilder.explicitLe();
        storableHead(b);
        b.text(Tag.PATIENT_ID, "LO", "OLDPID").text(Tag.ACCESSION_NUMBER, "SH", "OLDACSN ") // wrong order
                .text(Tag.STUDY_INSTANCE_UID, "UI", "2.25.1\0");
        Path in = dir.resolve("misordered.dcm");
        Path out = dir.resolve("misordered-edited.dcm");
        Files.write(in, b.bytes());
        TagEditor.edit(in, out, TagEdits.of("NEWPID", "NEWACSN"));
        List<String> dump = Peers.dcmdumpDataset(out);
        assertThat(dump).filteredOn(l -> l.startsWith("(0010,0020)")).singleElement().asString().contains("[NEWPID]");
        assertThat(dump).filteredOn(l -> l.startsWith("(0008,0050)")).singleElement().asString()
                .contains("[NEWACSN ]");
    }

    // ---- hostile inputs --------------------------------------------------------------------

    static byte[] storableHead(DatasetBuilder b) {
        return b.text(Tag.SOP_CLASS_UID, "UI", SOP_CLASS + "\0").text(Tag.SOP_INSTANCE_UID, "UI", SOP_INSTANCE + "\0")
                .bytes();
    }

    static void assertRejected(byte[] bytes, DicomException.Reason reason, String messagePart) throws Exception {
        Path f = Files.createTempFile(dir, "hostile", ".dcm");
        Files.write(f, bytes);
        for (ThrowingCall call : List.<ThrowingCall>of(
                () -> DicomFiles.scan(f),
                () -> DicomFiles.scan(new ByteArrayInputStream(bytes)),
                () -> TagEditor.edit(new ByteArrayInputStream(bytes), OutputStream.nullOutputStream(),
                        TagEdits.of("X", "Y")))) {
            assertThatThrownBy(call::run).isInstanceOfSatisfying(DicomException.class, e -> {
                assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
                assertThat(e.getMessage()).contains(messagePart);
            });
        }
    }

    interface ThrowingCall {
        void run() throws Exception;
    }

    @Test
    void lengthPastTheEnd() throws Exception {
        DatasetBuilder b = DatasetBuilder.explicitLe();
        storableHead(b);
        b.header(0x00081030, "LO", 200).raw("short".getBytes());
        assertRejected(b.bytes(), DicomException.Reason.TRUNCATED, "(0008,1030)");
    }

    @Test
    void hugeNonBulkLength() throws Exception {
        DatasetBuilder b = DatasetBuilder.explicitLe();
        storableHead(b);
        b.header(0x00081030, "UT", 0xFFFFFFF0L).raw(new byte[64]);
        assertRejected(b.bytes(), DicomException.Reason.LIMIT_EXCEEDED, "(0008,1030)");
    }

    @Test
    void hugeImplicitTextLength() throws Exception {
        DatasetBuilder b = DatasetBuilder.implicitLe();
        storableHead(b);
        b.header(0x00081030, null, 0x7FFFFFF0L).raw(new byte[64]); // StudyDescription is LO
        assertRejected(b.bytes(), DicomException.Reason.LIMIT_EXCEEDED, "(0008,1030)");
    }

    @Test
    void largePrivateBinaryIsNotALimitButMustBePresent() throws Exception {
        DatasetBuilder b = DatasetBuilder.explicitLe();
        storableHead(b);
        b.header(0x00291010, "OB", 0x7FFFFFF0L).raw(new byte[64]);
        assertRejected(b.bytes(), DicomException.Reason.TRUNCATED, "(0029,1010)");
    }

    @Test
    void hugePixelDataLengthIsTruncationNotAllocation() throws Exception {
        DatasetBuilder b = DatasetBuilder.explicitLe();
        storableHead(b);
        b.header(Tag.PIXEL_DATA, "OW", 0xFFFFFFF0L).raw(new byte[64]);
        Path f = Files.createTempFile(dir, "pixels", ".dcm");
        Files.write(f, b.bytes());
        assertThatThrownBy(() -> DicomFiles.scan(new ByteArrayInputStream(b.bytes())))
                .isInstanceOfSatisfying(DicomException.class,
                        e -> assertThat(e.reason()).isEqualTo(DicomException.Reason.TRUNCATED));
        assertThatThrownBy(() -> DicomFiles.scan(f)).isInstanceOfSatisfying(DicomException.class,
                e -> assertThat(e.getMessage()).contains("only 64 remain"));
    }

    @Test
    void unterminatedSequence() throws Exception {
        DatasetBuilder b = DatasetBuilder.implicitLe();
        storableHead(b);
        b.header(0x00081140, null, DatasetBuilder.UNDEFINED).header(Tag.ITEM, null, DatasetBuilder.UNDEFINED)
                .text(0x00081150, "UI", "1.2\0");
        assertRejected(b.bytes(), DicomException.Reason.TRUNCATED, "(0008,1140)");
    }

    @Test
    void nestingTooDeep() throws Exception {
        DatasetBuilder b = DatasetBuilder.explicitLe();
        storableHead(b);
        for (int i = 0; i < DatasetWalker.MAX_DEPTH + 5; i++) {
            b.header(0x00081140, "SQ", DatasetBuilder.UNDEFINED).header(Tag.ITEM, null, DatasetBuilder.UNDEFINED);
        }
        assertRejected(b.bytes(), DicomException.Reason.LIMIT_EXCEEDED, "nests deeper");
    }

    @Test
    void strayItemAtTopLevel() throws Exception {
        DatasetBuilder b = DatasetBuilder.explicitLe();
        storableHead(b);
        b.header(Tag.ITEM, null, 4).raw(new byte[4]);
        assertRejected(b.bytes(), DicomException.Reason.MALFORMED, "(FFFE,E000)");
    }

    @Test
    void itemLongerThanItsSequence() throws Exception {
        DatasetBuilder b = DatasetBuilder.explicitLe();
        storableHead(b);
        DatasetBuilder item = b.like().text(0x00081150, "UI", "1.2.3.4\0");
        b.header(0x00081140, "SQ", 8 + 4).header(Tag.ITEM, null, item.size()).raw(item.bytes());
        b.text(0x00100010, "PN", "A^B ");
        assertRejected(b.bytes(), DicomException.Reason.MALFORMED, "(0008,1140)");
    }

    @Test
    void invalidVr() throws Exception {
        DatasetBuilder b = DatasetBuilder.explicitLe();
        storableHead(b);
        b.u16(0x0010).u16(0x0010).raw("Zz".getBytes()).u16(2).raw("AB".getBytes());
        assertRejected(b.bytes(), DicomException.Reason.MALFORMED, "invalid VR");
    }

    @Test
    void missingSopInstanceUid() throws Exception {
        DatasetBuilder b = DatasetBuilder.explicitLe().text(Tag.SOP_CLASS_UID, "UI", SOP_CLASS + "\0")
                .text(0x00100010, "PN", "A^B ");
        assertRejected(b.bytes(), DicomException.Reason.NOT_STORABLE, "(0008,0018)");
    }

    @Test
    void metaWithoutTransferSyntax() throws Exception {
        byte[] good = rich(DatasetBuilder.explicitLe(), false).part10(SOP_CLASS, SOP_INSTANCE, "");
        assertRejected(good, DicomException.Reason.MALFORMED, "(0002,0010)");
    }

    @Test
    void corruptDeflate() throws Exception {
        byte[] bytes = DatasetBuilder.explicitLe().raw(new byte[] {(byte) 0xFF, 0x13, 0x77, 0x00, 0x01, 0x02, 0x03})
                .part10(SOP_CLASS, SOP_INSTANCE, Uids.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN);
        Path f = Files.createTempFile(dir, "dfl", ".dcm");
        Files.write(f, bytes);
        assertThatThrownBy(() -> DicomFiles.scan(f)).isInstanceOfSatisfying(DicomException.class,
                e -> assertThat(e.reason()).isIn(DicomException.Reason.MALFORMED, DicomException.Reason.TRUNCATED));
    }

    @Test
    void emptyAndTinyInputsAreNotDicom() throws Exception {
        assertRejected(new byte[0], DicomException.Reason.NOT_DICOM, "too short");
        assertRejected(new byte[] {8, 0, 0x16}, DicomException.Reason.NOT_DICOM, "too short");
    }
}
