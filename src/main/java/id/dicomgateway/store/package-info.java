/**
 * The durable job store: every job's record (what to send, its options, its attempts and their
 * outcomes, its lease, progress, per-instance results and checks) kept where every replica sees it.
 *
 * <p>{@link id.dicomgateway.store.JobStore} is the one interface; {@link id.dicomgateway.store.JdbcJobStore}
 * implements it with the same SQL on PostgreSQL (several replicas: claims with
 * {@code FOR UPDATE SKIP LOCKED}, changes by {@code LISTEN/NOTIFY}) and on an embedded H2 file (one
 * node). The schema comes from the Flyway migrations in {@code db/migration}.
 *
 * <p>A layer of its own: it knows jobs as records with codes as plain strings and imports neither
 * {@code api}, {@code ui} nor {@code relay}; {@code relay} uses it. It never holds a patient's name:
 * the only patient data are the Patient ID and Accession Number a job stamps.
 */
package id.dicomgateway.store;
