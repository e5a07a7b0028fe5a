package id.dicomgateway.pacs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a QIDO-RS study search answer (DICOM JSON, PS3.18 Annex F: an array of objects keyed by
 * 8-hex-digit tags) token by token, keeping only the attributes of {@link StudySummary}. Reading
 * stops after {@code max} studies, so a PACS that ignores {@code limit} cannot fill the heap.
 */
final class QidoStudies {
    /** What a study search asks for beyond the default study attributes of PS3.18 Table 6.7.1-2. */
    static final String INCLUDE_FIELDS = "00081030,00080061,00201206,00201208";

    private static final String STUDY_UID = "0020000D";
    private static final String STUDY_DATE = "00080020";
    private static final String STUDY_TIME = "00080030";
    private static final String PATIENT_ID = "00100020";
    private static final String PATIENT_NAME = "00100010";
    private static final String ACCESSION_NUMBER = "00080050";
    private static final String MODALITIES = "00080061";
    private static final String STUDY_DESCRIPTION = "00081030";
    private static final String SERIES = "00201206";
    private static final String INSTANCES = "00201208";
    private static final Set<String> STUDY_TAGS = Set.of(STUDY_UID, STUDY_DATE, STUDY_TIME, PATIENT_ID, PATIENT_NAME, ACCESSION_NUMBER,
            MODALITIES, STUDY_DESCRIPTION, SERIES, INSTANCES);

    private static final JsonFactory JSON = new JsonFactory();

    private QidoStudies() {
    }

    static List<StudySummary> parse(InputStream in, int max) throws IOException {
        List<StudySummary> studies = new ArrayList<>();
        try (JsonParser p = JSON.createParser(in)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return studies; // an empty body: no match
            }
            if (first != JsonToken.START_ARRAY) {
                throw new PacsException(PacsException.Reason.PACS_ERROR, "PACS answered the study search with JSON that is not an array");
            }
            while (studies.size() < max && p.nextToken() == JsonToken.START_OBJECT) {
                studies.add(study(p));
            }
        }
        return studies;
    }

    /** {@code {"count": N}}, as dcm4chee-arc answers {@code /studies/count}; null for anything else. */
    static Integer count(InputStream in) throws IOException {
        try (JsonParser p = JSON.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if ("count".equals(name) && t == JsonToken.VALUE_NUMBER_INT) {
                    return p.getIntValue();
                }
                p.skipChildren();
            }
        }
        return null;
    }

    private static StudySummary study(JsonParser p) throws IOException {
        Map<String, List<String>> a = DicomJson.object(p, STUDY_TAGS);
        String uid = DicomJson.first(a, STUDY_UID);
        if (uid == null) {
            throw new PacsException(PacsException.Reason.PACS_ERROR, "PACS answered the study search with a study without Study Instance UID");
        }
        return new StudySummary(uid, DicomJson.first(a, STUDY_DATE), DicomJson.first(a, STUDY_TIME), DicomJson.first(a, PATIENT_ID),
                DicomJson.first(a, PATIENT_NAME), DicomJson.first(a, ACCESSION_NUMBER), a.getOrDefault(MODALITIES, List.of()),
                DicomJson.first(a, STUDY_DESCRIPTION), integer(DicomJson.first(a, SERIES)), integer(DicomJson.first(a, INSTANCES)));
    }

    private static Integer integer(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            return null; // IS that is not an integer: shown as unknown rather than failing the search
        }
    }
}
