package id.dicomgateway.orders;

import java.time.Instant;

/**
 * The last answer to "does SATUSEHAT have this order's ServiceRequest?", as stored with the order.
 *
 * @param id        the ServiceRequest's id in SATUSEHAT when {@link ServiceRequestStatus#FOUND}, else null
 * @param checkedAt when it was asked; null: never
 * @param note      why it is UNKNOWN, or which check answered; never a patient's name
 */
public record ServiceRequestCheck(ServiceRequestStatus status, String id, Instant checkedAt, String note) {
    /** Not asked: a new order, or one stored before V11. */
    public static final ServiceRequestCheck NOT_CHECKED = new ServiceRequestCheck(ServiceRequestStatus.UNKNOWN, null, null, null);

    static final int NOTE_MAX = 200;

    public ServiceRequestCheck {
        if (note != null && note.length() > NOTE_MAX) {
            note = note.substring(0, NOTE_MAX - 1) + "…";
        }
    }

    public static ServiceRequestCheck found(String id, Instant at, String note) {
        return new ServiceRequestCheck(ServiceRequestStatus.FOUND, id, at, note);
    }

    public static ServiceRequestCheck notFound(Instant at, String note) {
        return new ServiceRequestCheck(ServiceRequestStatus.NOT_FOUND, null, at, note);
    }

    public static ServiceRequestCheck unknown(Instant at, String note) {
        return new ServiceRequestCheck(ServiceRequestStatus.UNKNOWN, null, at, note);
    }
}
