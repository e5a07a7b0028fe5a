package id.dicomgateway.dimse.pdu;

/**
 * A value PS3.8 defines for one field of a PDU, in one of its tables (9-18, 9-21, 9-26): the
 * code sent on the wire and the standard's wording for it.
 */
public interface WireCode {

    int code();

    String text();

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
