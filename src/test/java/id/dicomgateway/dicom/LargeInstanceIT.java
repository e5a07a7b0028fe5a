package id.dicomgateway.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedOutputStream;
import java.io.File;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ~100 MB multi-frame instance edited in a separate JVM limited to a 32 MiB heap: the editor
 * must stream (memory must not grow with instance size). The result is judged by pydicom.
 */
class LargeInstanceIT {

    static final int FRAMES = 100;
    static final int ROWS = 1024;
    static final int COLUMNS = 512;

    @TempDir
    Path dir;

    @Test
    void hundredMegabytesWithA32MiBHeap() throws Exception {
        Path in = dir.resolve("large.dcm");
        Path out = dir.resolve("large-edited.dcm");
        long frameBytes = (long) ROWS * COLUMNS * 2;
        DatasetBuilder head = DatasetBuilder.explicitLe()
                .text(Tag.SOP_CLASS_UID, "UI", "1.2.840.10008.5.1.4.1.1.7.3\0") // Multi-frame Grayscale Word SC
                .text(Tag.SOP_INSTANCE_UID, "UI", "2.25.100200300\0")
                .text(Tag.ACCESSION_NUMBER, "SH", "OLDACSN ")
                .text(0x00100010, "PN", "Large^Test")
                .text(Tag.PATIENT_ID, "LO", "OLDPID")
                .text(Tag.STUDY_INSTANCE_UID, "UI", "2.25.1\0")
                .text(Tag.SERIES_INSTANCE_UID, "UI", "2.25.2\0")
                .us(0x00280002, 1).text(0x00280004, "CS", "MONOCHROME2 ")
                .text(0x00280008, "IS", Integer.toString(FRAMES) + " ")
                .us(0x00280010, ROWS).us(0x00280011, COLUMNS)
                .us(0x00280100, 16).us(0x00280101, 16).us(0x00280102, 15).us(0x00280103, 0)
                .header(Tag.PIXEL_DATA, "OW", frameBytes * FRAMES);
        byte[] file = head.part10("1.2.840.10008.5.1.4.1.1.7.3", "2.25.100200300", Uids.EXPLICIT_VR_LITTLE_ENDIAN);
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(in), 1 << 20)) {
            os.write(file);
            byte[] frame = new byte[(int) frameBytes];
            Random random = new Random(42);
            for (int i = 0; i < FRAMES; i++) {
                random.nextBytes(frame);
                os.write(frame);
            }
        }
        assertThat(Files.size(in)).isGreaterThan(100_000_000L);

        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = Path.of(TagEditor.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                + File.pathSeparator
                + Path.of(EditMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Peers.Result r = Peers.run(180, List.of(javaBin, "-Xmx32m", "-XX:+ExitOnOutOfMemoryError", "-cp", classpath,
                EditMain.class.getName(), in.toString(), out.toString(), "NEWPID", "NEWACSN"));
        assertThat(r.exitCode()).as("forked editor: %s %s", r.stdout(), r.stderr()).isZero();
        assertThat(r.stdout()).contains("max heap");

        // Only the two values changed size: "OLDPID" -> "NEWPID" (6 -> 6), "OLDACSN " -> "NEWACSN " (8 -> 8).
        long metaIn = file.length - head.size();
        long metaOut = DicomFiles.scan(out).datasetOffset();
        assertThat(Files.size(out) - metaOut).isEqualTo(Files.size(in) - metaIn);

        // File to file (pixel data copied by the kernel): the same bytes.
        Path viaPath = dir.resolve("large-path.dcm");
        TagEditor.edit(in, viaPath, TagEdits.of("NEWPID", "NEWACSN"));
        assertThat(Files.mismatch(out, viaPath)).isEqualTo(-1L);

        Map<String, Map<String, Object>> views = Peers.pydicomView(dir, false, List.of(in, out));
        Map<String, Object> before = views.get(in.toString());
        Map<String, Object> after = views.get(out.toString());
        assertThat(after.get("ok")).as("pydicom: %s", after.get("error")).isEqualTo(true);
        assertThat(after.get("patientId")).isEqualTo("NEWPID");
        assertThat(after.get("accessionNumber")).isEqualTo("NEWACSN");
        assertThat(after.get("pixelSha256")).isNotNull().isEqualTo(before.get("pixelSha256"));
        assertThat(after.get("othersSha256")).isEqualTo(before.get("othersSha256"));
    }
}
