package id.dicomgateway.orders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;

/**
 * The gateway's own JSON shape of an order, read into a {@link NewOrder}. Every field is a JSON string;
 * a field this shape does not have is refused rather than dropped, so a misspelt optional field
 * ("stationAeTitel") is heard of instead of leaving the order without it.
 */
public final class OrderInput {
    static final List<String> FIELDS = List.of("accessionNumber", "patientId", "patientName", "patientBirthDate", "patientSex",
            "modality", "scheduledStart", "stationAeTitle", "procedureDescription", "requestedProcedureId", "serviceRequestId",
            "studyInstanceUid");
    private static final ObjectMapper JSON = new ObjectMapper();

    private OrderInput() {
    }

    /** Parses a JSON text; any fault is an {@link OrderException} naming the field. */
    public static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            throw OrderException.invalid("body", "the order is required as a JSON object");
        }
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw OrderException.invalid("body", "must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw OrderException.invalid("body", "is not valid JSON (" + firstLine(e.getMessage()) + ")");
        }
    }

    public static NewOrder fromJson(JsonNode o) {
        return fromJson(o, false);
    }

    /** As {@link #fromJson(JsonNode)}; {@code numbered}: the gateway numbers an order without accessionNumber (null here). */
    public static NewOrder fromJson(JsonNode o, boolean numbered) {
        for (Iterator<String> names = o.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw OrderException.invalid(shown(name), "is not a field of an order; the fields are " + String.join(", ", FIELDS));
            }
        }
        return new NewOrder(
                numbered && text(o, "accessionNumber") == null ? null : OrderFields.accessionNumber("accessionNumber", text(o, "accessionNumber")),
                OrderFields.patientId("patientId", text(o, "patientId")),
                OrderFields.patientName("patientName", text(o, "patientName")),
                OrderFields.birthDate("patientBirthDate", text(o, "patientBirthDate")),
                OrderFields.sex("patientSex", text(o, "patientSex")),
                OrderFields.modality("modality", text(o, "modality")),
                OrderFields.scheduledStart("scheduledStart", text(o, "scheduledStart")),
                OrderFields.aeTitle("stationAeTitle", text(o, "stationAeTitle")),
                OrderFields.description("procedureDescription", text(o, "procedureDescription")),
                OrderFields.shortText("requestedProcedureId", text(o, "requestedProcedureId")),
                OrderFields.serviceRequestId("serviceRequestId", text(o, "serviceRequestId")),
                OrderFields.uid("studyInstanceUid", text(o, "studyInstanceUid")),
                "json");
    }

    /** A string field's value, null when absent or null; any other JSON type is refused. */
    static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw OrderException.invalid(field, "must be a JSON string, not " + v.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        return v.textValue();
    }

    private static String shown(String name) {
        String s = name.codePoints().limit(40).collect(StringBuilder::new, (b, c) -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c),
                StringBuilder::append).toString();
        return "\"" + s + "\"";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        String s = nl < 0 ? message : message.substring(0, nl);
        return s.length() > 120 ? s.substring(0, 120) + "…" : s;
    }
}
