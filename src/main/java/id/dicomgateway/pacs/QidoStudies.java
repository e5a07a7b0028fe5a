package id.dicomgateway.pacs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a QIDO-RS study search answer (DICOM JSON, PS3.18 Annex F: an array of objects keyed by
 * 8-hex-digit tags) token by token, keeping only the attributes of {@link StudySummary}. Reading
 * stops after {@code max} studies, so a PACS that ignores {@code limit} cannot fill the heap.
 */
final class QidoStudies {
    /** What a study search asks for beyond the default study attributes of PS3.18 Table 6.7.1-2. */
    static final String INCLUDE_FIELDS = "00081030,00080061,00201206,00201208";

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
        String uid = null;
        String date = null;
        String time = null;
        String patientId = null;
        String patientName = null;
        String accession = null;
        List<String> modalities = List.of();
        String description = null;
        Integer series = null;
        Integer instances = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String tag = p.currentName().toUpperCase(Locale.ROOT);
            p.nextToken();
            switch (tag) {
                case "0020000D" -> uid = first(values(p));
                case "00080020" -> date = first(values(p));
                case "00080030" -> time = first(values(p));
                case "00100020" -> patientId = first(values(p));
                case "00100010" -> patientName = first(values(p));
                case "00080050" -> accession = first(values(p));
                case "00080061" -> modalities = values(p);
                case "00081030" -> description = first(values(p));
                case "00201206" -> series = integer(first(values(p)));
                case "00201208" -> instances = integer(first(values(p)));
                default -> p.skipChildren();
            }
        }
        if (uid == null) {
            throw new PacsException(PacsException.Reason.PACS_ERROR, "PACS answered the study search with a study without Study Instance UID");
        }
        return new StudySummary(uid, date, time, patientId, patientName, accession, modalities, description, series, instances);
    }

    /**
     * Every value of an attribute (PS3.18 F.2.2): strings and numbers as text, a PN's Alphabetic
     * group (F.2.2.1); values that are null or empty are left out.
     */
    private static List<String> values(JsonParser p) throws IOException {
        List<String> values = new ArrayList<>();
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return values;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            if (!"Value".equals(field) || t != JsonToken.START_ARRAY) {
                p.skipChildren();
                continue;
            }
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                String value = switch (t) {
                    case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getText();
                    case START_OBJECT -> alphabetic(p);
                    default -> {
                        p.skipChildren();
                        yield null;
                    }
                };
                if (value != null && !value.isBlank()) {
                    values.add(value.strip());
                }
            }
        }
        return values;
    }

    private static String alphabetic(JsonParser p) throws IOException {
        String name = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String group = p.currentName();
            JsonToken t = p.nextToken();
            if ("Alphabetic".equals(group) && t == JsonToken.VALUE_STRING) {
                name = p.getText();
            } else {
                p.skipChildren();
            }
        }
        return name;
    }

    private static String first(List<String> values) {
        return values.isEmpty() ? null : values.get(0);
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
