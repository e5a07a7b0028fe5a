package id.dicomgateway.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;

/**
 * A request field that must be a JSON string. Jackson would otherwise turn {@code {"study": 123}} into
 * "123", a valid UID: a caller with a wrong type should hear about it instead.
 */
public final class StrictText extends StdDeserializer<String> {

    public StrictText() {
        super(String.class);
    }

    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        String field = p.currentName() == null ? "a field" : "'" + p.currentName() + "'";
        String got = switch (p.currentToken()) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case START_ARRAY -> "a list";
            case START_OBJECT -> "an object";
            default -> String.valueOf(p.currentToken());
        };
        throw new NotText(p, field + " must be a JSON string, not " + got, got);
    }

    /** The refusal, with what came instead of the string ({@link JsonMistake} words the answer from it). */
    static final class NotText extends MismatchedInputException {
        private final String came;

        NotText(JsonParser p, String message, String came) {
            super(p, message, String.class);
            this.came = came;
        }

        String came() {
            return came;
        }
    }
}
