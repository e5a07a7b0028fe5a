package id.dicomgateway.pacs;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * DICOM JSON (PS3.18 Annex F) as the PACS's answers stream it: an object keyed by tags as 8 hex digits, each
 * attribute an object whose "Value" array holds the values (F.2.2). Read token by token, keeping only the
 * attributes a caller names, so an answer of any size costs one object's wanted values at a time.
 */
final class DicomJson {

    private DicomJson() {
    }

    /**
     * The values of the {@code wanted} attributes (tags in upper case) of the object the parser has just entered
     * (its START_OBJECT read); every other attribute is skipped. Reads up to the object's end.
     */
    static Map<String, List<String>> object(JsonParser p, Set<String> wanted) throws IOException {
        Map<String, List<String>> attributes = new HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String tag = p.currentName().toUpperCase(Locale.ROOT);
            p.nextToken();
            if (wanted.contains(tag)) {
                attributes.put(tag, values(p));
            } else {
                p.skipChildren();
            }
        }
        return attributes;
    }

    /** The first value of attribute {@code tag}, or null when it is absent or has none. */
    static String first(Map<String, List<String>> attributes, String tag) {
        List<String> values = attributes.getOrDefault(tag, List.of());
        return values.isEmpty() ? null : values.get(0);
    }

    /**
     * Every value of the attribute the parser stands at (F.2.2): strings and numbers as text (IS and DS are JSON
     * numbers, F.2.3, though some servers send strings), a PN's Alphabetic group (F.2.2.1); null and empty values
     * are left out.
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
}
