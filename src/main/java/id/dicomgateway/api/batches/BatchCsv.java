package id.dicomgateway.api.batches;

import id.dicomgateway.api.Shown;
import id.dicomgateway.relay.batches.BatchInput;
import id.dicomgateway.relay.batches.BatchPlan;
import id.dicomgateway.relay.batches.BatchRejected;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A batch as CSV (RFC 4180: comma separated, fields may be quoted with '"', a quote inside doubled,
 * CRLF or LF line ends), UTF-8 with or without a byte order mark. The first line names the
 * columns: {@code study} is required; {@code acc}, {@code patientid} and {@code operation} may
 * follow in any order. Blank lines are skipped. Rows count from 1 after the header.
 */
final class BatchCsv {
    private static final List<String> COLUMNS = List.of("study", "acc", "patientid", "operation");

    private BatchCsv() {
    }

    static List<BatchInput> parse(byte[] body, String defaultOperation) {
        String text = utf8(body);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<List<String>> lines = records(text);
        if (lines.isEmpty()) {
            throw new BatchRejected("The CSV is empty: the first line must name the columns, e.g. study,acc,patientid");
        }
        List<String> header = lines.get(0).stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
        for (String column : header) {
            if (!COLUMNS.contains(column)) {
                throw new BatchRejected("The CSV's header names an unknown column " + Shown.of(column) + "; the columns are "
                        + String.join(", ", COLUMNS) + " (study required), e.g. study,acc,patientid");
            }
            if (header.indexOf(column) != header.lastIndexOf(column)) {
                throw new BatchRejected("The CSV's header names column " + column + " twice");
            }
        }
        int study = header.indexOf("study");
        if (study < 0) {
            throw new BatchRejected("The CSV's header has no 'study' column: the first line must name the columns, e.g. study,acc,patientid");
        }
        if (lines.size() - 1 > BatchPlan.MAX_ROWS) {
            throw new BatchRejected("The CSV has " + (lines.size() - 1) + " rows; one batch takes at most " + BatchPlan.MAX_ROWS + ": split it");
        }
        List<BatchInput> rows = new ArrayList<>(lines.size() - 1);
        for (int i = 1; i < lines.size(); i++) {
            List<String> fields = lines.get(i);
            if (fields.size() > header.size()) {
                throw new BatchRejected("CSV row " + i + " has " + fields.size() + " fields, the header " + header.size()
                        + ": a comma inside a value needs the value in double quotes");
            }
            rows.add(new BatchInput(i, field(fields, study), field(fields, header.indexOf("operation")) == null ? defaultOperation
                    : field(fields, header.indexOf("operation")), field(fields, header.indexOf("patientid")), field(fields, header.indexOf("acc"))));
        }
        return rows;
    }

    private static String field(List<String> fields, int index) {
        if (index < 0 || index >= fields.size()) {
            return null;
        }
        String v = fields.get(index);
        return v.isBlank() ? null : v;
    }

    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new BatchRejected("The CSV is not UTF-8 text: save it as \"CSV UTF-8\"");
        }
    }

    /** The records of RFC 4180, blank lines left out. */
    private static List<List<String>> records(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        int line = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append(c);
                }
            } else if (c == '"' && field.isEmpty()) {
                quoted = true;
                any = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                any = true;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                end(records, fields, field, any);
                fields = new ArrayList<>();
                any = false;
                line++;
            } else {
                field.append(c);
                any = any || !Character.isWhitespace(c);
            }
        }
        if (quoted) {
            throw new BatchRejected("The CSV ends inside a quoted value (a '\"' opened on or before line " + line + " is never closed)");
        }
        end(records, fields, field, any);
        return records;
    }

    private static void end(List<List<String>> records, List<String> fields, StringBuilder field, boolean any) {
        if (any || !fields.isEmpty()) {
            fields.add(field.toString());
            records.add(fields);
        }
        field.setLength(0);
    }
}
