package id.dicomgateway.orders;

/**
 * The orders use case's one failure type. {@link #reason()} lets the API choose the status; an INVALID one
 * names the field ({@link #field()}) in its message. Messages never hold a patient's name.
 */
public final class OrderException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** The order as posted cannot be used: a field is missing or breaks its rule. */
        INVALID,
        /** No order with this id (never posted, or removed by retention). */
        NOT_FOUND,
        /** No job with this id (assigning a job its order). */
        JOB_NOT_FOUND,
        /** The job is not waiting for an order: its state is in the message. */
        JOB_NOT_WAITING,
        /** The order is cancelled or closed (sent, confirmed, failed): no study can be assigned to it. */
        ORDER_CLOSED,
        /** SATUSEHAT could not be asked for what the order lacks (its patient's name): nothing was stored. */
        SATUSEHAT_UNAVAILABLE,
        /** The database does not answer: nothing was stored. */
        UNAVAILABLE,
        /** Anything else the database refused. */
        FAILED
    }

    private final Reason reason;
    private final String field;

    private OrderException(Reason reason, String field, String message, Throwable cause) {
        super(message, cause, false, false);
        this.reason = reason;
        this.field = field;
    }

    public static OrderException invalid(String field, String message) {
        return new OrderException(Reason.INVALID, field, field + ": " + message, null);
    }

    public static OrderException notFound(String id) {
        String shown = id != null && id.matches("[0-9a-f-]{36}") ? id : "with this id";
        return new OrderException(Reason.NOT_FOUND, null, "No order " + shown + " (unknown, or removed by retention)", null);
    }

    static OrderException jobNotFound(String id) {
        return new OrderException(Reason.JOB_NOT_FOUND, null, "No job " + shown(id) + " (unknown, or removed by retention)", null);
    }

    static OrderException jobNotWaiting(String id, String state) {
        return new OrderException(Reason.JOB_NOT_WAITING, null, "Job " + shown(id) + " is " + state
                + ", not WAITING_FOR_ORDER: only a job waiting for its order can be assigned one", null);
    }

    static OrderException closed(Order order) {
        return new OrderException(Reason.ORDER_CLOSED, null, "Order " + order.id() + " is " + order.state()
                + ": only a SCHEDULED or IMAGES_RECEIVED order can take a study", null);
    }

    /** An id as the caller sent it, when it has the shape of one (a UUID); else not echoed. */
    private static String shown(String id) {
        return id != null && id.matches("[0-9a-f-]{36}") ? id : "with this id";
    }

    static OrderException satusehat(String message) {
        return new OrderException(Reason.SATUSEHAT_UNAVAILABLE, null, message, null);
    }

    static OrderException store(boolean unavailable, String message, Throwable cause) {
        return new OrderException(unavailable ? Reason.UNAVAILABLE : Reason.FAILED, null, message, cause);
    }

    public Reason reason() {
        return reason;
    }

    /** The field an INVALID order broke, as named in the JSON shape; null otherwise. */
    public String field() {
        return field;
    }
}
