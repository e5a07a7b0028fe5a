package id.dicomgateway.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Deflated Explicit VR Little Endian instance (PS3.5 A.5) whose few hundred kilobytes inflate to
 * hundreds of megabytes of zeros is refused with LIMIT_EXCEEDED by both readers of that syntax
 * (the scan every upload and received instance goes through, and the transcoder), while an
 * ordinary deflated instance still reads.
 */
class DeflateBoundTest {
    @TempDir
    Path dir;

    /** Explicit VR LE dataset: the two SOP UIDs, then Pixel Data (OB) of {@code zeros} zero bytes, raw-deflated. */
    static byte[] deflatedDataset(long zeros) throws IOException {
        DatasetBuilder head = DatasetBuilder.explicitLe()
                .element(Tag.SOP_CLASS_UID, "UI", FileMeta.uidBytes(RichDataset.SOP_CLASS))
                .element(Tag.SOP_INSTANCE_UID, "UI", FileMeta.uidBytes(RichDataset.SOP_INSTANCE))
                .header(0x7FE00010, "OB", zeros);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        try (DeflaterOutputStream d = new DeflaterOutputStream(out, deflater, 64 * 1024)) {
            d.write(head.bytes());
            byte[] chunk = new byte[1 << 20];
            for (long left = zeros; left > 0; left -= chunk.length) {
                d.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
        } finally {
            deflater.end();
        }
        return out.toByteArray();
    }

    private Path part10(byte[] deflatedDataset) throws IOException {
        byte[] file = DatasetBuilder.explicitLe().raw(deflatedDataset)
                .part10(RichDataset.SOP_CLASS, RichDataset.SOP_INSTANCE, Uids.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN);
        return Files.write(Files.createTempFile(dir, "deflated", ".dcm"), file);
    }

    @Test
    void aDeflateBombIsRefusedByTheScanWithLimitExceeded() throws Exception {
        byte[] bomb = deflatedDataset(400L << 20);
        assertThat(bomb.length).as("a small file").isLessThan(1 << 20);
        Path f = part10(bomb);
        assertThatThrownBy(() -> DicomFiles.scan(f)).isInstanceOfSatisfying(DicomException.class, e -> {
            assertThat(e.reason()).isEqualTo(DicomException.Reason.LIMIT_EXCEEDED);
            assertThat(e.getMessage()).contains("inflates more than 200 times");
        });
    }

    @Test
    void aDeflateBombIsRefusedByTheTranscoder() throws Exception {
        byte[] bomb = deflatedDataset(400L << 20);
        assertThatThrownBy(() -> Transcoder.convertDataset(new ByteArrayInputStream(bomb), TransferSyntax.DEFLATED_EXPLICIT_VR_LE,
                TransferSyntax.EXPLICIT_VR_LE, OutputStream.nullOutputStream()))
                .isInstanceOfSatisfying(DicomException.class, e -> assertThat(e.reason()).isEqualTo(DicomException.Reason.LIMIT_EXCEEDED));
    }

    @Test
    void anOrdinaryDeflatedInstanceStillReadsEvenWhenItCompressesWell() throws Exception {
        // 8 MiB of zeros: a ratio far past 200, but under the size where the ratio counts (a blank small image).
        Path f = part10(deflatedDataset(8L << 20));
        InstanceHeader header = DicomFiles.scan(f);
        assertThat(header.sopInstanceUid()).isEqualTo(RichDataset.SOP_INSTANCE);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Transcoder.convertDataset(new ByteArrayInputStream(deflatedDataset(8L << 20)), TransferSyntax.DEFLATED_EXPLICIT_VR_LE,
                TransferSyntax.EXPLICIT_VR_LE, out);
        assertThat(out.size()).isGreaterThan(8 << 20);
    }

    @Test
    void theAbsoluteCapHoldsWhateverTheRatio() throws Exception {
        byte[] dataset = deflatedDataset(3L << 20);
        try (BoundedInflater in = new BoundedInflater(new ByteArrayInputStream(dataset), 4096, 1L << 20, Long.MAX_VALUE, Long.MAX_VALUE)) {
            assertThatThrownBy(() -> in.transferTo(OutputStream.nullOutputStream())).isInstanceOfSatisfying(DicomException.class,
                    e -> assertThat(e.getMessage()).contains("more than 1048576 bytes"));
        }
    }
}
