package id.dicomgateway.relay.search;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A study the PACS found, as the search answers it. The Patient's Name is for the person who
 * searched: the gateway neither logs nor stores it.
 */
@RegisterForReflection
@Schema(name = "FoundStudy", description = "One study of a PACS search (QIDO-RS study attributes)")
public record FoundStudy(
        @Schema(description = "Study Instance UID (0020,000D)") String studyInstanceUid,
        @Schema(description = "Study Date (0008,0020), YYYYMMDD", nullable = true) String studyDate,
        @Schema(description = "Study Time (0008,0030), HHMMSS[.F]", nullable = true) String studyTime,
        @Schema(description = "Patient ID (0010,0020)", nullable = true) String patientId,
        @Schema(description = "Patient's Name (0010,0010), alphabetic group, components separated by ^; shown, never logged or stored",
                nullable = true) String patientName,
        @Schema(description = "Accession Number (0008,0050)", nullable = true) String accessionNumber,
        @Schema(description = "Modalities in Study (0008,0061)") List<String> modalitiesInStudy,
        @Schema(description = "Study Description (0008,1030)", nullable = true) String studyDescription,
        @Schema(description = "Number of Study Related Series (0020,1206)", nullable = true) Integer numberOfSeries,
        @Schema(description = "Number of Study Related Instances (0020,1208)", nullable = true) Integer numberOfInstances) {

    @Override
    public String toString() {
        // A record's toString would print the name into any log line that shows a study.
        return "FoundStudy[" + studyInstanceUid + ", acsn=" + accessionNumber + "]";
    }
}
