/**
 * How work runs later in this code base (issue 22, step 4), above {@code dimse}: Mutiny's
 * {@code Uni}/{@code Multi} at every boundary, quarkus-scheduler's {@code @Scheduled} for timers of a
 * second or more, and {@link id.dicomgateway.async.Serial} where work must run one piece at a time
 * in order (the job store's change events, the job journal's writes). None of them owns a thread:
 * all run on Mutiny's worker pool, which in the gateway is Quarkus's. The one thread of its own
 * left above {@code dimse} is the PostgreSQL LISTEN loop, which blocks on its connection.
 */
package id.dicomgateway.async;
