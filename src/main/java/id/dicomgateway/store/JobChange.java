package id.dicomgateway.store;

/**
 * A job changed, on this replica or another. {@code jobId} null means "anything may have changed":
 * the notifications were interrupted (the database restarted) and readers should read again.
 */
public record JobChange(String jobId) {
    public static final JobChange RESYNC = new JobChange(null);

    public boolean resync() {
        return jobId == null;
    }
}
