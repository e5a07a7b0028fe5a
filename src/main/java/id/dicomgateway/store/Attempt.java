package id.dicomgateway.store;

import java.time.Instant;

/**
 * One try at a job by one replica. An attempt whose replica died stays open until another
 * replica claims the job, which closes it as {@link #LEASE_EXPIRED}.
 *
 * @param outcomeCode layer-neutral outcome code (e.g. ROUTER_UNREACHABLE, SUCCEEDED), null while open
 */
public record Attempt(int number, String holder, Instant startedAt, Instant endedAt, String outcomeCode, String message) {
    /** The replica holding the job stopped renewing its lease (killed, partitioned). */
    public static final String LEASE_EXPIRED = "LEASE_EXPIRED";
    /** A draining replica gave the job back before it ended. */
    public static final String HANDED_BACK = "HANDED_BACK";
    public static final String CANCELLED = "CANCELLED";

    public boolean open() {
        return endedAt == null;
    }
}
