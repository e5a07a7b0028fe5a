package id.dicomgateway.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every uncompressed corpus instance converted to every uncompressed syntax; pydicom must see
 * the same elements with the same values (VR spelling and byte order aside) and dcmdump must
 * read each result.
 */
class TranscoderTest {

    static final List<TransferSyntax> TARGETS = List.of(TransferSyntax.IMPLICIT_VR_LE, TransferSyntax.EXPLICIT_VR_LE,
            TransferSyntax.EXPLICIT_VR_BE, TransferSyntax.DEFLATED_EXPLICIT_VR_LE);

    @TempDir
    static Path dir;

    record Case(Path source, TransferSyntax from, TransferSyntax to, Path output) {
    }

    static final List<Case> CASES = new ArrayList<>();
    static Map<String, Map<String, Object>> sourceViews;
    static Map<String, Map<String, Object>> outputViews;

    @BeforeAll
    static void convertAll() throws Exception {
        List<Path> sources = new ArrayList<>();
        List<Path> outputs = new ArrayList<>();
        for (String[] row : Peers.manifest()) {
            if (!row[3].equals("edit")) {
                continue;
            }
            Path source = Peers.CORPUS.resolve(row[0]);
            InstanceHeader h = DicomFiles.scan(source);
            if (!h.transferSyntax().isUncompressed()) {
                continue;
            }
            sources.add(source);
            for (TransferSyntax to : TARGETS) {
                Path out = dir.resolve(row[0].replace('/', '_') + "." + to.uid() + ".dcm");
                try (InputStream in = Files.newInputStream(source);
                     OutputStream os = new BufferedOutputStream(Files.newOutputStream(out))) {
                    in.skipNBytes(h.datasetOffset());
                    FileMeta.write(os, h.sopClassUid(), h.sopInstanceUid(), to.uid());
                    Transcoder.convertDataset(in, h.transferSyntax(), to, os);
                }
                CASES.add(new Case(source, h.transferSyntax(), to, out));
                outputs.add(out);
            }
        }
        sourceViews = Peers.pydicomView(dir, true, sources);
        outputViews = Peers.pydicomView(dir, false, outputs);
    }

    @TestFactory
    Stream<DynamicTest> sameElementsAndValues() {
        assertThat(CASES).hasSizeGreaterThanOrEqualTo(4 * 15);
        return CASES.stream().map(c -> DynamicTest.dynamicTest(
                Peers.CORPUS.relativize(c.source()) + ": " + c.from().name() + " -> " + c.to().name(), () -> {
                    Map<String, Object> in = sourceViews.get(c.source().toString());
                    Map<String, Object> out = outputViews.get(c.output().toString());
                    assertThat(out.get("ok")).as("pydicom: %s", out.get("error")).isEqualTo(true);
                    assertThat(out.get("transferSyntax")).isEqualTo(c.to().uid());
                    assertThat(out.get("valuesSha256")).isEqualTo(in.get("valuesSha256"));
                    assertThat(out.get("patientId")).isEqualTo(in.get("patientId"));
                    assertThat(out.get("nestedPatientIds")).isEqualTo(in.get("nestedPatientIds"));
                    Peers.Result dump = Peers.run(60, List.of("dcmdump", "-q", c.output().toString()));
                    assertThat(dump.exitCode()).as("dcmdump: %s", dump.stderr()).isZero();
                    assertThat(dump.stderr()).doesNotContain("E:");
                    // What we wrote is also whole by our own structural check.
                    assertThat(DicomFiles.scan(c.output()).transferSyntaxUid()).isEqualTo(c.to().uid());
                }));
    }

    @Test
    void refusesEncapsulated() throws Exception {
        TransferSyntax jpeg = TransferSyntax.of("1.2.840.10008.1.2.4.50");
        for (TransferSyntax[] pair : new TransferSyntax[][] {
            {jpeg, TransferSyntax.EXPLICIT_VR_LE}, {TransferSyntax.EXPLICIT_VR_LE, jpeg}}) {
            assertThatThrownBy(() -> Transcoder.convertDataset(new ByteArrayInputStream(new byte[0]), pair[0], pair[1],
                    OutputStream.nullOutputStream()))
                    .isInstanceOfSatisfying(DicomException.class, e -> {
                        assertThat(e.reason()).isEqualTo(DicomException.Reason.UNSUPPORTED_CONVERSION);
                        assertThat(e.getMessage()).contains("JPEG Baseline");
                    });
        }
    }

    @Test
    void refusesEncapsulatedPixelDataInsideANativeSyntax() throws Exception {
        Path f = Peers.CORPUS.resolve("files/SC_rgb_jpeg_dcmtk.dcm");
        InstanceHeader h = DicomFiles.scan(f);
        try (InputStream in = Files.newInputStream(f)) {
            in.skipNBytes(h.datasetOffset());
            // Lie about the syntax: the fragments must still not be turned into native data.
            assertThatThrownBy(() -> Transcoder.convertDataset(in, TransferSyntax.EXPLICIT_VR_LE,
                    TransferSyntax.IMPLICIT_VR_LE, OutputStream.nullOutputStream()))
                    .isInstanceOfSatisfying(DicomException.class,
                            e -> assertThat(e.reason()).isEqualTo(DicomException.Reason.UNSUPPORTED_CONVERSION));
        }
    }
}
