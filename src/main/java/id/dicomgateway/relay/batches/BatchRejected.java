package id.dicomgateway.relay.batches;

import id.dicomgateway.relay.jobs.CodedFailure;
import id.dicomgateway.relay.jobs.FailureCode;
import java.util.List;

/**
 * A batch refused whole because rows are bad: nothing of it was queued. Carries every refused
 * row, so a person can fix them all at once; the message names the first.
 */
public final class BatchRejected extends RuntimeException implements CodedFailure {
    private final List<RowProblem> problems;
    private final int rows;

    BatchRejected(int rows, List<RowProblem> problems) {
        super(summary(rows, problems), null, false, false);
        this.rows = rows;
        this.problems = List.copyOf(problems);
    }

    /** An input refused before its rows could be read (no rows, too many, not CSV). */
    public BatchRejected(String message) {
        super(message, null, false, false);
        this.rows = 0;
        this.problems = List.of();
    }

    /** Always INVALID_REQUEST: each row's own code is in {@link #problems()}. */
    @Override
    public FailureCode code() {
        return FailureCode.INVALID_REQUEST;
    }

    public List<RowProblem> problems() {
        return problems;
    }

    public int rows() {
        return rows;
    }

    private static String summary(int rows, List<RowProblem> problems) {
        RowProblem first = problems.get(0);
        return problems.size() + " of " + rows + " rows refused, nothing was queued. Row " + first.row() + ", field '" + first.field()
                + "': " + first.message() + (problems.size() > 1 ? " (every refused row is listed in 'rows')" : "");
    }
}
