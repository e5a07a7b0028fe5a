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
class TranscoderIT {

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
        List<Path> candidates = new ArrayList<>();
        for (String[] row : Peers.manifest()) {
            if (row[3].equals("edit")) {
                candidates.add(Peers.CORPUS.resolve(row[0]));
            }
        }
        // Generated: nested defined/undefined sequences, group lengths, private data, UN sequence.
        Path generated = Files.createDirectories(dir.resolve("generated"));
        candidates.add(Files.write(generated.resolve("rich-explicit-le.dcm"),
                GeneratedCasesIT.rich(DatasetBuilder.explicitLe(), true).part10(GeneratedCasesIT.SOP_CLASS,
                        GeneratedCasesIT.SOP_INSTANCE, Uids.EXPLICIT_VR_LITTLE_ENDIAN)));
        candidates.add(Files.write(generated.resolve("rich-implicit-le.dcm"),
                GeneratedCasesIT.rich(DatasetBuilder.implicitLe(), true).bytes()));
        candidates.add(Files.write(generated.resolve("rich-explicit-be.dcm"),
                GeneratedCasesIT.rich(new DatasetBuilder(true, true), false).part10(GeneratedCasesIT.SOP_CLASS,
                        GeneratedCasesIT.SOP_INSTANCE, Uids.EXPLICIT_VR_BIG_ENDIAN)));
        for (Path source : candidates) {
            String name = source.startsWith(Peers.CORPUS) ? Peers.CORPUS.relativize(source).toString()
                    : source.getFileName().toString();
            InstanceHeader h = DicomFiles.scan(source);
            if (!h.transferSyntax().isUncompressed()) {
                continue;
            }
            sources.add(source);
            for (TransferSyntax to : TARGETS) {
                Path out = dir.resolve(name.replace('/', '_') + "." + to.uid() + ".dcm");
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
        assertThat(CASES).hasSizeGreaterThanOrEqualTo(4 * 18);
        return CASES.stream().map(c -> DynamicTest.dynamicTest(
                c.source().getFileName() + ": " + c.from().name() + " -> " + c.to().name(), () -> {
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
    void convertInstanceReadsMetaOrDetectsAndMatchesConvertDataset() throws Exception {
        for (String file : List.of("files/MR_small_bigendian.dcm", "files/rtstruct.dcm", "files/image_dfl.dcm")) {
            Path f = Peers.CORPUS.resolve(file);
            InstanceHeader scanned = DicomFiles.scan(f);
            java.io.ByteArrayOutputStream viaInstance = new java.io.ByteArrayOutputStream();
            InstanceHeader h;
            try (InputStream in = Files.newInputStream(f)) {
                h = Transcoder.convertInstance(in, TransferSyntax.EXPLICIT_VR_LE, viaInstance);
            }
            assertThat(h).as(file).isEqualTo(scanned);
            java.io.ByteArrayOutputStream viaDataset = new java.io.ByteArrayOutputStream();
            try (InputStream in = Files.newInputStream(f)) {
                in.skipNBytes(scanned.datasetOffset());
                Transcoder.convertDataset(in, scanned.transferSyntax(), TransferSyntax.EXPLICIT_VR_LE, viaDataset);
            }
            assertThat(viaInstance.toByteArray()).as(file).isEqualTo(viaDataset.toByteArray());
        }
        assertThatThrownBy(() -> Transcoder.convertInstance(Files.newInputStream(Peers.CORPUS.resolve(
                "files/JPEG2000.dcm")), TransferSyntax.EXPLICIT_VR_LE, OutputStream.nullOutputStream()))
                .isInstanceOfSatisfying(DicomException.class,
                        e -> assertThat(e.reason()).isEqualTo(DicomException.Reason.UNSUPPORTED_CONVERSION));
        assertThatThrownBy(() -> Transcoder.convertInstance(Files.newInputStream(Peers.CORPUS.resolve(
                "files/priv_SQ.dcm")), TransferSyntax.EXPLICIT_VR_LE, OutputStream.nullOutputStream()))
                .isInstanceOfSatisfying(DicomException.class,
                        e -> assertThat(e.reason()).isEqualTo(DicomException.Reason.NOT_STORABLE));
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
