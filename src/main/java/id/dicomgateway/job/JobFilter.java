package id.dicomgateway.job;

import java.time.Instant;
import java.util.Set;

/**
 * Which jobs to list or retry. Null or empty parts do not filter.
 *
 * @param outcomeCode the job's current outcome code (its last attempt's, or the final one)
 * @param since created at or after
 * @param until created before
 */
public record JobFilter(Set<JobState> states, String outcomeCode, Instant since, Instant until) {
    public static final JobFilter ALL = new JobFilter(Set.of(), null, null, null);

    public JobFilter {
        states = states == null ? Set.of() : Set.copyOf(states);
    }

    public static JobFilter state(JobState... states) {
        return new JobFilter(Set.of(states), null, null, null);
    }

    public JobFilter withCode(String code) {
        return new JobFilter(states, code, since, until);
    }

    public JobFilter between(Instant from, Instant to) {
        return new JobFilter(states, outcomeCode, from, to);
    }
}
