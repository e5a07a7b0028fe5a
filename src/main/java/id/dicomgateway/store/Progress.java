package id.dicomgateway.store;

/**
 * The counters of the current attempt, as the API shows them.
 *
 * @param phase what the job is doing now (e.g. FETCHING, SENDING), as the relay names it
 */
public record Progress(String phase, int totalInstances, int storedInstances, int warningInstances, int failedInstances,
        long totalBytes, long sentBytes) {

    public static final Progress NONE = new Progress(null, 0, 0, 0, 0, 0, 0);

    public Progress withPhase(String next) {
        return new Progress(next, totalInstances, storedInstances, warningInstances, failedInstances, totalBytes, sentBytes);
    }
}
