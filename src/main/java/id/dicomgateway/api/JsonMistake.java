package id.dicomgateway.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A JSON body Jackson refused, said as a caller can fix it: where in the body, what was expected there and what came.
 * Jackson's own messages name Java types ({@code `id.dicomgateway.api.send.ProcessRequest`}) and its parser's tokens,
 * which tell a caller nothing and show the code's insides.
 */
final class JsonMistake {

    private JsonMistake() {
    }

    static String of(JsonProcessingException e) {
        if (e instanceof MismatchedInputException m) {
            String came = came(m);
            return where(m) + " must be " + expected(m.getTargetType()) + (came == null ? "" : ", not " + came);
        }
        if (e instanceof JsonParseException p) {
            return "Request body is not valid JSON" + at(p.getLocation()) + ": " + firstClause(p.getOriginalMessage());
        }
        return "Request body is not valid JSON of the expected shape" + (e instanceof JsonMappingException m && !m.getPath().isEmpty()
                ? " (at " + path(m) + ")" : "");
    }

    /** The field the mistake is in, as {@code 'a.b[2].c'}, or the body itself. */
    private static String where(JsonMappingException e) {
        return e.getPath().isEmpty() ? "The request body" : "'" + path(e) + "'";
    }

    private static String path(JsonMappingException e) {
        StringBuilder s = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                s.append(s.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                s.append('[').append(r.getIndex()).append(']');
            }
        }
        return s.toString();
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "of another kind";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (CharSequence.class.isAssignableFrom(type)) {
            return "a JSON string";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != char.class)) {
            return "a number";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(String::valueOf).collect(Collectors.joining(", "));
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "a JSON list";
        }
        // A request's own records and maps are objects; of the JDK's other types none is a body's field today.
        return Map.class.isAssignableFrom(type) || !type.getName().startsWith("java.") ? "a JSON object" : "a value of another kind";
    }

    /**
     * What came instead: a refused value itself (a string shortened), else the kind of value. The parser has moved on
     * by the time the answer is made, so the kind comes from the exception: its value, or Jackson's "from Array value".
     */
    private static String came(MismatchedInputException m) {
        if (m instanceof StrictJson.WrongKind t) {
            return t.came();
        }
        if (m instanceof InvalidFormatException f) {
            return kindOf(f.getValue());
        }
        Matcher from = FROM.matcher(String.valueOf(m.getOriginalMessage()));
        return from.find() ? KINDS.get(from.group(1)) : null;
    }

    private static final Pattern FROM = Pattern.compile("from (Array|Object|String|Integer|Floating-point|Number|Boolean|Null) value");
    private static final Map<String, String> KINDS = Map.of("Array", "a list", "Object", "an object", "String", "a string",
            "Integer", "a number", "Floating-point", "a number", "Number", "a number", "Boolean", "a boolean", "Null", "null");

    private static String kindOf(Object value) {
        if (value instanceof String s) {
            return Shown.of(s);
        }
        if (value instanceof Number) {
            return "a number";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        return null;
    }

    private static String at(JsonLocation l) {
        return l == null || l.getLineNr() < 1 ? "" : " (line " + l.getLineNr() + ", column " + l.getColumnNr() + ")";
    }

    /** Jackson's parse message without what it adds after the first clause (its source description, in backquotes). */
    private static String firstClause(String message) {
        if (message == null) {
            return "it ends too early or has a character out of place";
        }
        int cut = message.indexOf(" (start marker at");
        String s = cut < 0 ? message : message.substring(0, cut);
        return s.replace('`', '\'').strip();
    }
}
