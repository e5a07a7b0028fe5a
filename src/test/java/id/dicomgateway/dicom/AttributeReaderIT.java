package id.dicomgateway.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import id.dicomgateway.dicom.AttributeReader.AttributePath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Values at the top level and one sequence down, in the syntaxes the corpus has, written by DCMTK's dcmodify. */
class AttributeReaderIT {
    private static final AttributePath RP = AttributePath.in(0x00400275, 0x00401001);
    private static final AttributePath SPS = AttributePath.in(0x00400275, 0x00400009);
    private static final AttributePath STUDY_ID = AttributePath.top(0x00200010);
    private static final AttributePath MODALITY = AttributePath.top(0x00080060);
    private static final AttributePath ABSENT = AttributePath.top(0x00400254);

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"MR_small.dcm", "MR_small_implicit.dcm", "MR_small_bigendian.dcm", "MR_small_RLE.dcm",
            "image_dfl.dcm", "liver_1frame.dcm"})
    void readsTopLevelAndInsideRequestAttributes(String name) throws Exception {
        Path file = dir.resolve(name);
        Files.copy(Path.of(System.getProperty("corpus.dir", "../shared/dicom-corpus"), "files", name), file);
        file.toFile().setWritable(true);
        Process p = new ProcessBuilder("dcmodify", "-nb", "-i", "(0040,0275)[0].(0040,0009)=SPS1",
                "-i", "(0040,0275)[1].(0040,1001)=RP-2", "-i", "(0020,0010)=ST9", file.toString()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        Map<AttributePath, String> v = AttributeReader.read(file, List.of(RP, SPS, STUDY_ID, MODALITY, ABSENT));
        assertThat(v).containsEntry(RP, "RP-2").containsEntry(SPS, "SPS1").containsEntry(STUDY_ID, "ST9")
                .doesNotContainKey(ABSENT);
        assertThat(v.get(MODALITY)).isNotEmpty();
    }
}
