package id.dicomgateway.store;

/**
 * The counters of the current attempt, as the API shows them.
 *
 * @param phase what the job is doing now (e.g. FETCHING, SENDING), as the relay names it
 * @param startedAt when sending began in this attempt; null until it has (the job's {@link JobRecord#startedAt})
 */
public record Progress(String phase, int totalInstances, int storedInstances, int warningInstances, int failedInstances,
        long totalBytes, long sentBytes, java.time.Instant startedAt) {

    public static final Progress NONE = new Progress(null, 0, 0, 0, 0, 0, 0);

    /** Counters before sending began. */
    public Progress(String phase, int totalInstances, int storedInstances, int warningInstances, int failedInstances,
            long totalBytes, long sentBytes) {
        this(phase, totalInstances, storedInstances, warningInstances, failedInstances, totalBytes, sentBytes, null);
    }

    public Progress withPhase(String next) {
        return new Progress(next, totalInstances, storedInstances, warningInstances, failedInstances, totalBytes, sentBytes,
                startedAt);
    }
}
