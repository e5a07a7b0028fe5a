package id.dicomgateway.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every row of the corpus MANIFEST against the README's edit rule, judged by DCMTK (dcmdump)
 * and pydicom run as processes on the bytes we wrote, never by our own reader.
 */
class CorpusEditIT {

    /** Odd lengths on purpose: the writer must pad to even length with a space. */
    static final String NEW_PATIENT_ID = "GW-PID-0042";
    static final String NEW_ACCESSION_NUMBER = "ACSN2026112";

    @TempDir
    static Path dir;

    static final List<String[]> EDIT_ROWS = new ArrayList<>();
    static Map<String, Map<String, Object>> inputViews;
    static Map<String, Map<String, Object>> outputViews;

    @BeforeAll
    static void editAllAndAskPydicom() throws Exception {
        List<Path> inputs = new ArrayList<>();
        List<Path> outputs = new ArrayList<>();
        for (String[] row : Peers.manifest()) {
            if (row[3].equals("edit")) {
                EDIT_ROWS.add(row);
                Path in = Peers.CORPUS.resolve(row[0]);
                Path out = output(row[0]);
                try (InputStream is = new BufferedInputStream(Files.newInputStream(in));
                     OutputStream os = new BufferedOutputStream(Files.newOutputStream(out))) {
                    TagEditor.edit(is, os, TagEdits.of(NEW_PATIENT_ID, NEW_ACCESSION_NUMBER));
                }
                // The file-to-file variant (kernel copies of large values) writes the same bytes.
                Path viaPath = dir.resolve(row[0].replace('/', '_') + ".path.dcm");
                TagEditor.edit(in, viaPath, TagEdits.of(NEW_PATIENT_ID, NEW_ACCESSION_NUMBER));
                assertThat(Files.mismatch(out, viaPath)).as("Path and stream edits of %s", row[0]).isEqualTo(-1L);
                inputs.add(in);
                outputs.add(out);
            }
        }
        inputViews = Peers.pydicomView(dir, true, inputs);
        // Outputs are Part 10 files: pydicom must read them without force.
        outputViews = Peers.pydicomView(dir, false, outputs);
    }

    static Path output(String row) {
        return dir.resolve(row.replace('/', '_'));
    }

    @TestFactory
    Stream<DynamicTest> everyManifestRow() throws Exception {
        return Peers.manifest().stream().map(row -> DynamicTest.dynamicTest(row[3] + " " + row[0], () -> {
            if (row[3].equals("edit")) {
                checkEdit(row);
            } else {
                checkReject(row);
            }
        }));
    }

    private static void checkEdit(String[] row) throws Exception {
        Path in = Peers.CORPUS.resolve(row[0]);
        Path out = output(row[0]);
        checkEditRule(row[0], in, out, inputViews.get(in.toString()), outputViews.get(out.toString()));
    }

    /** The corpus README's rule for one edited file, judged by dcmdump and pydicom. */
    static void checkEditRule(String label, Path in, Path out, Map<String, Object> pyIn, Map<String, Object> pyOut)
            throws Exception {
        String[] row = {label};

        // 1+2. DCMTK: the dumps differ only in the two top-level lines.
        List<String> before = Peers.dcmdumpDataset(in);
        List<String> after = Peers.dcmdumpDataset(out);
        assertThat(withoutEditedTopLevel(after)).as("dcmdump of %s apart from the edited lines", row[0])
                .containsExactlyElementsOf(withoutEditedTopLevel(before));
        assertThat(after).filteredOn(l -> l.startsWith("(0010,0020)")).singleElement().asString()
                .startsWith("(0010,0020) LO [" + NEW_PATIENT_ID + " ]").contains("#  12, 1 PatientID");
        assertThat(after).filteredOn(l -> l.startsWith("(0008,0050)")).singleElement().asString()
                .startsWith("(0008,0050) SH [" + NEW_ACCESSION_NUMBER + " ]").contains("#  12, 1 AccessionNumber");

        checkGroupLength(before, after, "(0008,0000)", "(0008,0050)", 12);
        checkGroupLength(before, after, "(0010,0000)", "(0010,0020)", 12);

        // The output keeps its transfer syntax and is a Part 10 file.
        InstanceHeader source = DicomFiles.scan(in);
        assertThat(pyIn.get("ok")).as("pydicom read %s: %s", in, pyIn.get("error")).isEqualTo(true);
        assertThat(pyOut.get("ok")).as("pydicom read %s: %s", out, pyOut.get("error")).isEqualTo(true);
        assertThat(pyOut.get("transferSyntax")).isEqualTo(source.transferSyntaxUid());

        // 1. pydicom: new values at top level, nested ones unchanged.
        assertThat(pyOut.get("patientId")).isEqualTo(NEW_PATIENT_ID);
        assertThat(pyOut.get("accessionNumber")).isEqualTo(NEW_ACCESSION_NUMBER);
        assertThat(pyOut.get("nestedPatientIds")).isEqualTo(pyIn.get("nestedPatientIds"));
        // 2. every other element: same tag, VR and value, as pydicom decodes them.
        assertThat(pyOut.get("elements")).isEqualTo(pyIn.get("elements"));
        assertThat(pyOut.get("othersSha256")).isEqualTo(pyIn.get("othersSha256"));
        // 3. Pixel Data byte-identical.
        assertThat(pyOut.get("pixelSha256")).isEqualTo(pyIn.get("pixelSha256"));
    }

    /** The edited lines, and the group lengths of their groups, which must change with them (PS3.5 §7.2). */
    private static List<String> withoutEditedTopLevel(List<String> dump) {
        return dump.stream().filter(l -> !l.startsWith("(0010,0020)") && !l.startsWith("(0008,0050)")
                && !l.startsWith("(0008,0000)") && !l.startsWith("(0010,0000)")).toList();
    }

    /**
     * A group length present in the input must be present in the output, grown or shrunk by
     * exactly the change in size of the edited element (both are short elements: 8-byte header).
     */
    static void checkGroupLength(List<String> before, List<String> after, String groupTag, String editedTag,
                                 int newValueLength) {
        Long old = ulValue(before, groupTag);
        Long now = ulValue(after, groupTag);
        if (old == null) {
            assertThat(now).as("group length %s appeared", groupTag).isNull();
            return;
        }
        Integer oldValueLength = valueLength(before, editedTag);
        long oldSize = oldValueLength == null ? 0 : 8 + oldValueLength;
        assertThat(now).as("group length %s", groupTag).isEqualTo(old + 8 + newValueLength - oldSize);
    }

    private static Long ulValue(List<String> dump, String tag) {
        return dump.stream().filter(l -> l.startsWith(tag + " UL ")).findFirst()
                .map(l -> Long.parseLong(l.substring(tag.length() + 4).split("\\s+")[0])).orElse(null);
    }

    private static Integer valueLength(List<String> dump, String tag) {
        return dump.stream().filter(l -> l.startsWith(tag + " ")).findFirst()
                .map(l -> Integer.parseInt(l.substring(l.lastIndexOf('#') + 1).split(",")[0].strip())).orElse(null);
    }

    private static void checkReject(String[] row) {
        String note = row[4].toLowerCase();
        DicomException.Reason expected = note.contains("truncated") ? DicomException.Reason.TRUNCATED
                : note.contains("storable") ? DicomException.Reason.NOT_STORABLE
                : DicomException.Reason.NOT_DICOM;
        Path in = Peers.CORPUS.resolve(row[0]);
        assertThatThrownBy(() -> DicomFiles.scan(in)).as(row[0])
                .isInstanceOfSatisfying(DicomException.class, e -> assertThat(e.reason()).isEqualTo(expected));
        assertThatThrownBy(() -> TagEditor.edit(in, dir.resolve("rejected.dcm"), TagEdits.of("A", "B"))).as(row[0])
                .isInstanceOfSatisfying(DicomException.class, e -> assertThat(e.reason()).isEqualTo(expected));
        assertThatThrownBy(() -> {
            try (InputStream is = Files.newInputStream(in)) {
                TagEditor.edit(is, OutputStream.nullOutputStream(), TagEdits.of(NEW_PATIENT_ID, NEW_ACCESSION_NUMBER));
            }
        }).as(row[0]).isInstanceOfSatisfying(DicomException.class, e -> assertThat(e.reason()).isEqualTo(expected));
    }
}
