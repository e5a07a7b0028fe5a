package id.dicomgateway.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DictionaryIT {

    @Test
    void knowsStandardTags() {
        assertThat(Dictionary.vrOf(Tag.PATIENT_ID)).isEqualTo(Vr.LO);
        assertThat(Dictionary.keyword(Tag.PATIENT_ID)).isEqualTo("PatientID");
        assertThat(Dictionary.vrOf(Tag.ACCESSION_NUMBER)).isEqualTo(Vr.SH);
        assertThat(Dictionary.vrOf(0x00101002)).isEqualTo(Vr.SQ); // OtherPatientIDsSequence
        assertThat(Dictionary.vrOf(Tag.PIXEL_DATA)).isEqualTo(Vr.OW);
        assertThat(Dictionary.lookup(Tag.PIXEL_DATA).vr()).isEqualTo("OB or OW");
        assertThat(Dictionary.lookup(0x00280106).vr()).isEqualTo("US or SS");
        assertThat(Dictionary.vrOf(Tag.ITEM)).isNull();
    }

    @Test
    void repeatingGroups() {
        assertThat(Dictionary.keyword(0x60000010)).isEqualTo("OverlayRows");
        assertThat(Dictionary.keyword(0x60020010)).isEqualTo("OverlayRows");
        assertThat(Dictionary.vrOf(0x60FE3000)).isEqualTo(Vr.OW);
        assertThat(Dictionary.lookup(0x60013000)).as("odd group is private, not an overlay").isNull();
        assertThat(Dictionary.vrOf(0x50100005)).isEqualTo(Vr.US); // RETIRED_CurveDimensions
    }

    /** The committed resource is exactly what tools/dictgen makes of DCMTK's dicom.dic (when DCMTK is here). */
    @Test
    void committedResourceMatchesTheGenerator() throws Exception {
        java.nio.file.Path dic = java.nio.file.Path.of("/usr/share/libdcmtk17/dicom.dic");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.exists(dic), "DCMTK's dicom.dic not installed");
        Peers.Result r = Peers.run(60, java.util.List.of(Peers.PYTHON, "tools/dictgen/dictgen.py", dic.toString()));
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        String committed = java.nio.file.Files.readString(
                java.nio.file.Path.of("src/main/resources/id/dicomgateway/dicom/dictionary.tsv"));
        assertThat(r.stdout()).isEqualTo(committed);
    }

    @Test
    void privateAndGroupLength() {
        assertThat(Dictionary.vrOf(0x00190010)).isEqualTo(Vr.LO); // private creator
        assertThat(Dictionary.vrOf(0x00191010)).isNull(); // private data: UN
        assertThat(Dictionary.vrOf(0x00280000)).isEqualTo(Vr.UL);
        assertThat(Dictionary.keyword(0x00190000)).isEqualTo("PrivateGroupLength");
        assertThat(Dictionary.keyword(0x00080000)).isEqualTo("GenericGroupLength");
    }
}
