package id.dicomgateway.dimse.pdu;

/**
 * A value PS3.8 defines for one field of a PDU, in one of its tables (9-18, 9-21, 9-26): the
 * code sent on the wire and the standard's wording for it. Each table is an enum whose constants
 * hold their {@link Row}.
 */
public interface WireCode {

    /** One row of the table: the code and its wording, as the standard lists them. */
    record Row(int code, String text) {
    }

    Row row();

    default int code() {
        return row().code();
    }

    /** The standard's wording. */
    default String text() {
        return row().text();
    }

    /** The constant of {@code type} sent as {@code code}; null for a value the table does not define. */
    static <E extends Enum<E> & WireCode> E of(Class<E> type, int code) {
        for (E value : type.getEnumConstants()) {
            if (value.code() == code) {
                return value;
            }
        }
        return null;
    }
}
