package id.dicomgateway.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.io.IOException;

/**
 * Request fields read as their schema says, not as Jackson would coerce them: a value of the wrong kind is the
 * caller's mistake and is answered as one ({@link JsonMistake}).
 */
public final class StrictJson {

    private StrictJson() {
    }

    /** A JSON string. Jackson would otherwise turn {@code {"study": 123}} into "123", a valid UID. */
    public static final class Text extends StdDeserializer<String> {

        public Text() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_STRING) {
                return p.getText();
            }
            throw WrongKind.of(p, String.class, "a JSON string", kindOf(p.currentToken()));
        }
    }

    /**
     * True or false. Jackson would otherwise read {@code {"verify": 3}} as true and {@code {"force": 0}} as false. The
     * strings "true" and "false" are taken, in any case, as the upload form takes them.
     */
    public static final class Flag extends StdDeserializer<Boolean> {

        public Flag() {
            super(Boolean.class);
        }

        @Override
        public Boolean deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken token = p.currentToken();
            if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
                return token == JsonToken.VALUE_TRUE;
            }
            if (token == JsonToken.VALUE_STRING) {
                Boolean word = QueryParams.trueOrFalse(p.getText());
                if (word != null) {
                    return word;
                }
                throw WrongKind.of(p, Boolean.class, "true or false", Shown.of(p.getText()));
            }
            throw WrongKind.of(p, Boolean.class, "true or false", kindOf(token));
        }
    }

    private static String kindOf(JsonToken token) {
        return switch (token) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case START_ARRAY -> "a list";
            case START_OBJECT -> "an object";
            default -> String.valueOf(token);
        };
    }

    /** The refusal, with what came instead ({@link JsonMistake} words the answer from it: the parser has moved on by then). */
    static final class WrongKind extends MismatchedInputException {
        private final String came;

        private WrongKind(JsonParser p, String message, Class<?> expected, String came) {
            super(p, message, expected);
            this.came = came;
        }

        static WrongKind of(JsonParser p, Class<?> expected, String wanted, String came) throws IOException {
            String field = p.currentName() == null ? "a field" : "'" + p.currentName() + "'";
            return new WrongKind(p, field + " must be " + wanted + ", not " + came, expected, came);
        }

        String came() {
            return came;
        }
    }
}
