package id.dicomgateway.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import id.dicomgateway.testing.TestCorpus;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DicomFilesTest {

    static final Path CORPUS = TestCorpus.dir();

    @Test
    void scansPart10ExplicitLittleEndian() throws Exception {
        InstanceHeader h = DicomFiles.scan(CORPUS.resolve("files/CT_small.dcm"));
        assertThat(h.sopClassUid()).isEqualTo("1.2.840.10008.5.1.4.1.1.2");
        assertThat(h.sopInstanceUid()).isNotBlank();
        assertThat(h.studyInstanceUid()).isNotBlank();
        assertThat(h.seriesInstanceUid()).isNotBlank();
        assertThat(h.transferSyntax()).isEqualTo(TransferSyntax.EXPLICIT_VR_LE);
        assertThat(h.hasFileMeta()).isTrue();
        assertThat(h.datasetOffset()).isEqualTo(128 + 4 + 12 + 192);
    }

    @Test
    void streamAndPathAgree() throws Exception {
        Path f = CORPUS.resolve("files/MR_small_implicit.dcm");
        try (InputStream in = Files.newInputStream(f)) {
            assertThat(DicomFiles.scan(in)).isEqualTo(DicomFiles.scan(f));
        }
    }

    @ParameterizedTest
    @CsvSource({
        "files/rtstruct.dcm, 1.2.840.10008.1.2",
        "files/ExplVR_LitEndNoMeta.dcm, 1.2.840.10008.1.2.1",
    })
    void detectsBareDatasets(String file, String syntax) throws Exception {
        InstanceHeader h = DicomFiles.scan(CORPUS.resolve(file));
        assertThat(h.hasFileMeta()).isFalse();
        assertThat(h.datasetOffset()).isZero();
        assertThat(h.transferSyntaxUid()).isEqualTo(syntax);
    }

    @Test
    void detectsBareBigEndianAndMetaWithoutPreamble() throws Exception {
        byte[] bare = RichDataset.build(new DatasetBuilder(true, true), false).bytes();
        InstanceHeader h = DicomFiles.scan(new ByteArrayInputStream(bare));
        assertThat(h.transferSyntax()).isEqualTo(TransferSyntax.EXPLICIT_VR_BE);
        assertThat(h.sopInstanceUid()).isEqualTo(RichDataset.SOP_INSTANCE);

        byte[] part10 = RichDataset.build(DatasetBuilder.implicitLe(), true)
                .part10(RichDataset.SOP_CLASS, RichDataset.SOP_INSTANCE, Uids.IMPLICIT_VR_LITTLE_ENDIAN);
        byte[] noPreamble = java.util.Arrays.copyOfRange(part10, 132, part10.length);
        InstanceHeader m = DicomFiles.scan(new ByteArrayInputStream(noPreamble));
        assertThat(m.hasFileMeta()).isTrue();
        assertThat(m.transferSyntax()).isEqualTo(TransferSyntax.IMPLICIT_VR_LE);
        assertThat(m.datasetOffset()).isEqualTo(DicomFiles.scan(new ByteArrayInputStream(part10)).datasetOffset() - 132);
    }

    @ParameterizedTest
    @CsvSource({
        "files/MR_truncated.dcm, TRUNCATED",
        "files/rtplan_truncated.dcm, TRUNCATED",
        "files/no_meta.dcm, NOT_DICOM",
        "files/UN_sequence.dcm, NOT_STORABLE",
        "files/priv_SQ.dcm, NOT_STORABLE",
        "files/nested_priv_SQ.dcm, NOT_STORABLE",
    })
    void rejects(String file, DicomException.Reason reason) {
        assertThatThrownBy(() -> DicomFiles.scan(CORPUS.resolve(file)))
                .isInstanceOfSatisfying(DicomException.class, e -> assertThat(e.reason()).isEqualTo(reason));
        assertThatThrownBy(() -> DicomFiles.scan(Files.newInputStream(CORPUS.resolve(file))))
                .isInstanceOfSatisfying(DicomException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @Test
    void textIsNotDicom() {
        byte[] text = "this is not a DICOM file at all, just some words".getBytes();
        assertThatThrownBy(() -> DicomFiles.scan(new ByteArrayInputStream(text)))
                .isInstanceOfSatisfying(DicomException.class,
                        e -> assertThat(e.reason()).isEqualTo(DicomException.Reason.NOT_DICOM));
    }

    @ParameterizedTest
    @CsvSource(nullValues = "NONE", value = {
        // PatientID also inside OtherPatientIDsSequence: only the top-level one counts
        "files/CT_small.dcm, '', 1CT1",
        "files/rtstruct.dcm, 1, tPhantom30sep",
        "files/MR_small_bigendian.dcm, '', 4MR1",
        "files/liver_1frame.dcm, 03086212, 99000",
        "files/ExplVR_LitEndNoMeta.dcm, '', NONE",
    })
    void readsTopLevelTextWithoutPadding(String file, String accession, String patientId) throws Exception {
        var values = DicomFiles.topLevelText(CORPUS.resolve(file), Tag.ACCESSION_NUMBER, Tag.PATIENT_ID);
        assertThat(values.get(Tag.ACCESSION_NUMBER)).isEqualTo(accession);
        assertThat(values.get(Tag.PATIENT_ID)).isEqualTo(patientId);
        assertThat(values).containsOnlyKeys(patientId == null ? new Integer[] {Tag.ACCESSION_NUMBER} : new Integer[] {Tag.ACCESSION_NUMBER, Tag.PATIENT_ID});
    }

    @Test
    void topLevelTextRejectsATruncatedFile() {
        assertThatThrownBy(() -> DicomFiles.topLevelText(CORPUS.resolve("files/MR_truncated.dcm"), Tag.PATIENT_ID))
                .isInstanceOf(DicomException.class);
    }
}
