package id.dicomgateway.relay.batches;

import id.dicomgateway.relay.Editor;
import id.dicomgateway.relay.jobs.FailureCode;
import id.dicomgateway.relay.outcome.RelayException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks every row of a batch before anything is queued: one bad row and the batch is refused
 * whole ({@link BatchRejected}, every refused row named), because a half-queued backfill is
 * harder to finish than a corrected file is to send again. The rules are those of the single
 * requests: the UID of PS3.5 §9.1, PatientID LO and AccessionNumber SH ({@link Editor}); a
 * direct row sends the study unchanged, so it takes no values; a study twice in one batch would
 * reach the router twice and the second association would replace the first's ImagingStudy.
 */
public final class BatchPlan {
    /** The most rows one batch takes (the 10,000-study backfill files). */
    public static final int MAX_ROWS = 10_000;
    private static final Pattern UID = Pattern.compile("(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))*");

    private BatchPlan() {
    }

    /** Every refused row of {@code inputs}; empty when all are good. */
    public static List<RowProblem> problems(List<BatchInput> inputs) {
        List<RowProblem> problems = new ArrayList<>();
        check(inputs, problems);
        return problems;
    }

    /** The rows, checked; fails with {@link BatchRejected} naming every refused row. */
    public static List<BatchRow> rows(List<BatchInput> inputs) {
        List<RowProblem> problems = new ArrayList<>();
        List<BatchRow> rows = check(inputs, problems);
        if (!problems.isEmpty()) {
            throw new BatchRejected(inputs.size(), problems);
        }
        return rows;
    }

    private static List<BatchRow> check(List<BatchInput> inputs, List<RowProblem> problems) {
        if (inputs.isEmpty()) {
            throw new BatchRejected("The batch has no rows: give at least one {\"study\": …}");
        }
        if (inputs.size() > MAX_ROWS) {
            throw new BatchRejected("The batch has " + inputs.size() + " rows; one batch takes at most " + MAX_ROWS + ": split it");
        }
        List<BatchRow> rows = new ArrayList<>(inputs.size());
        Map<String, Integer> seen = new HashMap<>();
        for (BatchInput in : inputs) {
            int before = problems.size();
            String study = in.study() == null ? "" : in.study().strip();
            if (study.isEmpty()) {
                problems.add(new RowProblem(in.row(), "study", FailureCode.INVALID_REQUEST, "the Study Instance UID is missing"));
            } else if (study.length() > 64 || !UID.matcher(study).matches()) {
                problems.add(new RowProblem(in.row(), "study", FailureCode.INVALID_UID, "not a DICOM UID (" + shown(study)
                        + "): only digits and dots, no empty components, no leading zeros, at most 64 characters (PS3.5 §9.1)"));
            } else {
                Integer first = seen.putIfAbsent(study, in.row());
                if (first != null) {
                    problems.add(new RowProblem(in.row(), "study", FailureCode.INVALID_REQUEST, "study " + study + " is already row "
                            + first + "; each study once per batch, since the router keeps only the last association's ImagingStudy"));
                }
            }
            String operation = in.operation() == null || in.operation().isBlank() ? "process" : in.operation().strip().toLowerCase(Locale.ROOT);
            if (!operation.equals("process") && !operation.equals("direct")) {
                problems.add(new RowProblem(in.row(), "operation", FailureCode.INVALID_REQUEST,
                        "operation must be process or direct, not " + shown(in.operation())));
            }
            String patientId = blankToNull(in.patientId());
            String acc = blankToNull(in.accessionNumber());
            if (operation.equals("direct") && (patientId != null || acc != null)) {
                problems.add(new RowProblem(in.row(), patientId != null ? "patientid" : "acc", FailureCode.INVALID_REQUEST,
                        "a direct row sends the study unchanged: leave patientid and acc empty, or make it a process row"));
            }
            value(in.row(), "patientid", patientId, null, problems);
            value(in.row(), "acc", null, acc, problems);
            if (problems.size() == before) {
                rows.add(new BatchRow(in.row(), study, operation, patientId, acc));
            }
        }
        return rows;
    }

    private static void value(int row, String field, String patientId, String acc, List<RowProblem> problems) {
        if (patientId == null && acc == null) {
            return;
        }
        try {
            Editor.edits(patientId, acc);
        } catch (RelayException e) {
            problems.add(new RowProblem(row, field, e.code(), e.getMessage()));
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String shown(String raw) {
        if (raw == null) {
            return "nothing";
        }
        String s = raw.length() > 70 ? raw.substring(0, 70) + "…" : raw;
        return "\"" + s.replaceAll("\\p{Cntrl}", "?") + "\"";
    }
}
