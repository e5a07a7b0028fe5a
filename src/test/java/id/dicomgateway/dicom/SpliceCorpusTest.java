package id.dicomgateway.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import id.dicomgateway.testing.TestCorpus;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * TagEditor.splice against TagEditor.edit on every row of the corpus MANIFEST: the splice,
 * materialized, is the file edit() writes, byte for byte (edit() itself is judged by DCMTK
 * and pydicom in CorpusEditIT); deflated rows have no splice; rejected rows fail the same way.
 */
class SpliceCorpusTest {

    /** Both edits, each alone, and none: each moves the splice point differently. */
    static final List<TagEdits> EDITS = List.of(
            new TagEdits(CorpusEditIT.NEW_PATIENT_ID, CorpusEditIT.NEW_ACCESSION_NUMBER),
            new TagEdits(CorpusEditIT.NEW_PATIENT_ID, null),
            new TagEdits(null, CorpusEditIT.NEW_ACCESSION_NUMBER),
            TagEdits.none());

    @TempDir
    static Path dir;

    @TestFactory
    Stream<DynamicTest> everyManifestRow() throws Exception {
        return TestCorpus.manifest().stream().map(row -> DynamicTest.dynamicTest(row[3] + " " + row[0], () -> {
            Path in = TestCorpus.dir().resolve(row[0]);
            if (row[3].equals("edit")) {
                for (TagEdits edits : EDITS) {
                    checkSplice(row[0], in, edits);
                }
            } else {
                checkReject(row[0], in);
            }
        }));
    }

    private static void checkSplice(String label, Path in, TagEdits edits) throws Exception {
        String as = label + " " + edits;
        Path edited = dir.resolve(label.replace('/', '_') + ".edit.dcm");
        InstanceHeader expected = TagEditor.edit(in, edited, edits);
        Optional<Splice> splice = TagEditor.splice(in, edits);
        if (DicomFiles.scan(in).transferSyntax().deflated()) {
            assertThat(splice).as(as).isEmpty();
            return;
        }
        assertThat(splice).as(as).isPresent();
        assertSameAsEdit(as, in, splice.get(), edited, expected, dir);
    }

    /** What every splice must satisfy against the file edit() wrote from the same input. */
    static void assertSameAsEdit(String as, Path in, Splice s, Path edited, InstanceHeader expected, Path dir)
            throws Exception {
        assertThat(s.header()).as(as).isEqualTo(expected);
        assertThat(s.source()).as(as).isEqualTo(in);
        assertThat(s.tailOffset() + s.tailLength()).as("%s: the tail runs to the end of the input", as)
                .isEqualTo(Files.size(in));
        assertThat(s.size()).as(as).isEqualTo(Files.size(edited));

        Path materialized = dir.resolve("spliced.dcm");
        s.writeTo(materialized);
        assertThat(Files.mismatch(materialized, edited)).as("%s: writeTo vs edit()", as).isEqualTo(-1L);

        byte[] editedBytes = Files.readAllBytes(edited);
        byte[] datasetBytes;
        try (InputStream dataset = s.openDataset()) {
            datasetBytes = dataset.readAllBytes();
        }
        assertThat(datasetBytes).as("%s: openDataset() vs edit() from datasetOffset", as)
                .isEqualTo(Arrays.copyOfRange(editedBytes, (int) expected.datasetOffset(), editedBytes.length));
    }

    private static void checkReject(String label, Path in) {
        for (TagEdits edits : EDITS) {
            DicomException byEdit = catchDicom(() -> TagEditor.edit(in, dir.resolve("rejected.dcm"), edits));
            assertThat(byEdit).as("edit() rejects %s", label).isNotNull();
            assertThatThrownBy(() -> TagEditor.splice(in, edits)).as("%s %s", label, edits)
                    .isInstanceOfSatisfying(DicomException.class,
                            e -> assertThat(e.reason()).isEqualTo(byEdit.reason()));
        }
    }

    interface Call {
        void run() throws Exception;
    }

    static DicomException catchDicom(Call call) {
        try {
            call.run();
            return null;
        } catch (DicomException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError("expected a DicomException or none", e);
        }
    }
}
