package id.dicomgateway.worklist;

import static id.dicomgateway.worklist.WorklistAttributes.SCHEDULED_PROCEDURE_STEP_SEQUENCE;
import static id.dicomgateway.worklist.WorklistAttributes.SPECIFIC_CHARACTER_SET;
import static id.dicomgateway.worklist.WorklistAttributes.SPS_START_DATE;
import static id.dicomgateway.worklist.WorklistAttributes.SPS_START_TIME;

import id.dicomgateway.dimse.find.Identifier;
import id.dicomgateway.orders.Order;
import id.dicomgateway.worklist.WorklistAttributes.Attribute;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Matches a Modality Worklist query against one order and builds the answer (PS3.4 C.2.2.2 and K.6.1.2):
 * universal matching (an empty key), single value matching, wildcards {@code *} and {@code ?}, UID lists,
 * date and time ranges (the start date and time of the step combined when both are ranges, C.2.2.2.5), and
 * sequence matching inside the Scheduled Procedure Step Sequence (C.2.2.2.6). The answer holds the requested
 * keys only, with the order's values, plus Specific Character Set ISO_IR 192 when a value needs more than
 * ASCII. Pure Java: the order is a record, the query an {@link Identifier}.
 */
public final class WorklistMatcher {
    private static final String UTF8 = "ISO_IR 192";

    private WorklistMatcher() {
    }

    /** What the store can narrow a query to before matching: a day range and a modality, each null when open. */
    public record Narrowing(String fromDay, String toDay, String modality) {
    }

    public static Narrowing narrowing(Identifier query) {
        Charset cs = charset(query);
        Identifier step = step(query);
        if (step == null) {
            return new Narrowing(null, null, null);
        }
        String date = step.string(SPS_START_DATE, cs);
        String from = null;
        String to = null;
        if (date != null && !date.isEmpty() && !hasWildcard(date)) {
            int dash = date.indexOf('-');
            if (dash < 0) {
                from = to = date;
            } else {
                from = date.substring(0, dash).isEmpty() ? null : date.substring(0, dash);
                to = date.substring(dash + 1).isEmpty() ? null : date.substring(dash + 1);
            }
        }
        String modality = step.string(WorklistAttributes.MODALITY, cs);
        if (modality == null || modality.isEmpty() || hasWildcard(modality) || modality.contains("\\")) {
            modality = null;
        }
        return new Narrowing(from, to, modality);
    }

    /** The answer to {@code query} for {@code order}, or empty when the order does not match. */
    public static Optional<Identifier> match(Identifier query, Order order) {
        Charset cs = charset(query);
        List<Value> answer = new ArrayList<>();
        List<Value> stepAnswer = null;
        for (Map.Entry<Integer, Identifier.Element> e : query.elements().entrySet()) {
            int tag = e.getKey();
            Identifier.Element key = e.getValue();
            if (tag == SPECIFIC_CHARACTER_SET) {
                continue;
            }
            if (tag == SCHEDULED_PROCEDURE_STEP_SEQUENCE) {
                Identifier item = key.items().isEmpty() ? null : key.items().get(0);
                stepAnswer = matchStep(item, order, cs);
                if (stepAnswer == null) {
                    return Optional.empty();
                }
                continue;
            }
            if (key.isSequence()) {
                answer.add(new Value(tag, "SQ", null)); // a sequence we have no items of: answered empty
                continue;
            }
            Attribute a = WorklistAttributes.TOP.get(tag);
            String have = a == null ? "" : a.value().apply(order);
            String vr = a == null ? key.vr() : a.vr();
            if (a != null && !matches(vr, query.string(tag, cs), have)) {
                return Optional.empty();
            }
            answer.add(new Value(tag, vr, have));
        }
        return Optional.of(build(query, answer, stepAnswer));
    }

    /** The step's keys matched against the order's one step; null when it does not match. An empty sequence matches all. */
    private static List<Value> matchStep(Identifier item, Order order, Charset cs) {
        List<Value> out = new ArrayList<>();
        if (item == null) {
            WorklistAttributes.STEP.forEach((tag, a) -> out.add(new Value(tag, a.vr(), a.value().apply(order))));
            return out;
        }
        String dateKey = item.string(SPS_START_DATE, cs);
        String timeKey = item.string(SPS_START_TIME, cs);
        boolean combined = dateKey != null && timeKey != null && dateKey.contains("-") && timeKey.contains("-");
        if (combined && !dateTimeInRange(dateKey, timeKey, order.scheduledDate() + order.scheduledTime())) {
            return null;
        }
        for (Map.Entry<Integer, Identifier.Element> e : item.elements().entrySet()) {
            int tag = e.getKey();
            Identifier.Element key = e.getValue();
            if (key.isSequence()) {
                out.add(new Value(tag, "SQ", null));
                continue;
            }
            Attribute a = WorklistAttributes.STEP.get(tag);
            String have = a == null ? "" : a.value().apply(order);
            String vr = a == null ? key.vr() : a.vr();
            boolean checkedAlready = combined && (tag == SPS_START_DATE || tag == SPS_START_TIME);
            if (a != null && !checkedAlready && !matches(vr, item.string(tag, cs), have)) {
                return null;
            }
            out.add(new Value(tag, vr, have));
        }
        return out;
    }

    /** One key against one value (PS3.4 C.2.2.2.1 to C.2.2.2.5). */
    static boolean matches(String vr, String key, String have) {
        if (key == null || key.isEmpty() || key.equals("*")) {
            return true; // universal matching, C.2.2.2.3
        }
        if (have == null || have.isEmpty()) {
            return false;
        }
        switch (vr) {
            case "UI":
                // UID list matching, C.2.2.2.2
                for (String uid : key.split("\\\\")) {
                    if (uid.strip().equals(have)) {
                        return true;
                    }
                }
                return false;
            case "DA":
                return key.contains("-") ? inRange(key, day(have), WorklistMatcher::day, WorklistMatcher::day) : day(key).equals(day(have));
            case "TM":
                return key.contains("-") ? inRange(key, time(have), WorklistMatcher::time, WorklistMatcher::upperTime)
                        : time(key).equals(time(have));
            case "DT":
                return key.contains("-") ? inRange(key, have, s -> s, s -> s) : key.equals(have);
            default:
                boolean ignoreCase = "PN".equals(vr); // names: case does not matter to the people who type them
                if (hasWildcard(key)) {
                    return wildcard(key, ignoreCase).matcher(have).matches();
                }
                return ignoreCase ? key.equalsIgnoreCase(have) : key.equals(have);
        }
    }

    /** Range matching, C.2.2.2.5: {@code a-b}, {@code -b}, {@code a-}; both ends inclusive. */
    private static boolean inRange(String key, String have, UnaryOperator<String> lower, UnaryOperator<String> upper) {
        int dash = key.indexOf('-');
        String from = key.substring(0, dash).strip();
        String to = key.substring(dash + 1).strip();
        if (!from.isEmpty() && have.compareTo(lower.apply(from)) < 0) {
            return false;
        }
        return to.isEmpty() || have.compareTo(upper.apply(to)) <= 0;
    }

    /**
     * Date and time ranges together (C.2.2.2.5.1): the step's start between {@code dateFrom timeFrom} and
     * {@code dateTo timeTo}, so 20261205-20261206 with 1800-0600 is one night, not two evenings.
     */
    private static boolean dateTimeInRange(String dateKey, String timeKey, String have) {
        int dd = dateKey.indexOf('-');
        int td = timeKey.indexOf('-');
        String df = dateKey.substring(0, dd).strip();
        String dt = dateKey.substring(dd + 1).strip();
        String tf = timeKey.substring(0, td).strip();
        String tt = timeKey.substring(td + 1).strip();
        if (!df.isEmpty()) {
            String from = day(df) + (tf.isEmpty() ? "000000" : time(tf));
            if (have.compareTo(from) < 0) {
                return false;
            }
        }
        if (!dt.isEmpty()) {
            String to = day(dt) + (tt.isEmpty() ? "999999" : upperTime(tt));
            return have.compareTo(to) <= 0;
        }
        return true;
    }

    /** YYYYMMDD, also from the old YYYY.MM.DD form (PS3.5 6.2, ACR-NEMA). */
    private static String day(String s) {
        return s.strip().replace(".", "");
    }

    /** HHMMSS from HH, HHMM, HHMMSS, HHMMSS.FFFFFF or HH:MM:SS, missing parts as zero. */
    private static String time(String s) {
        String t = s.strip().replace(":", "");
        int dot = t.indexOf('.');
        if (dot >= 0) {
            t = t.substring(0, dot);
        }
        return (t + "000000").substring(0, 6);
    }

    /** An upper bound given as HH or HHMM includes its whole hour or minute: 10 is up to 105959. */
    private static String upperTime(String s) {
        String t = s.strip().replace(":", "");
        int dot = t.indexOf('.');
        if (dot >= 0) {
            t = t.substring(0, dot);
        }
        return (t + "595959".substring(Math.min(6, t.length()))).substring(0, 6);
    }

    private static boolean hasWildcard(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0;
    }

    private static Pattern wildcard(String key, boolean ignoreCase) {
        StringBuilder re = new StringBuilder();
        for (char c : key.toCharArray()) {
            if (c == '*') {
                re.append(".*");
            } else if (c == '?') {
                re.append('.');
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL : Pattern.DOTALL);
    }

    /** The character set of the query's values: UTF-8 for ISO_IR 192, Latin-1 otherwise (a superset of the default repertoire). */
    static Charset charset(Identifier query) {
        String cs = query.string(SPECIFIC_CHARACTER_SET, StandardCharsets.US_ASCII);
        return cs != null && cs.toUpperCase(Locale.ROOT).contains("ISO_IR 192") ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
    }

    private static Identifier step(Identifier query) {
        return query.get(SCHEDULED_PROCEDURE_STEP_SEQUENCE).filter(e -> e.isSequence() && !e.items().isEmpty())
                .map(e -> e.items().get(0)).orElse(null);
    }

    private record Value(int tag, String vr, String text) {
    }

    private static Identifier build(Identifier query, List<Value> top, List<Value> step) {
        boolean wide = top.stream().anyMatch(v -> !ascii(v.text())) || (step != null && step.stream().anyMatch(v -> !ascii(v.text())));
        Charset cs = wide ? StandardCharsets.UTF_8 : StandardCharsets.US_ASCII;
        Identifier out = new Identifier();
        if (wide) {
            out.putString(SPECIFIC_CHARACTER_SET, "CS", UTF8, StandardCharsets.US_ASCII);
        } else if (query.contains(SPECIFIC_CHARACTER_SET)) {
            out.putString(SPECIFIC_CHARACTER_SET, "CS", "", StandardCharsets.US_ASCII);
        }
        put(out, top, cs);
        if (step != null) {
            Identifier item = new Identifier();
            put(item, step, cs);
            out.putSequence(SCHEDULED_PROCEDURE_STEP_SEQUENCE, List.of(item));
        }
        return out;
    }

    private static void put(Identifier out, List<Value> values, Charset cs) {
        for (Value v : values) {
            if ("SQ".equals(v.vr())) {
                out.putSequence(v.tag(), List.of());
            } else {
                out.putString(v.tag(), v.vr(), v.text(), cs);
            }
        }
    }

    private static boolean ascii(String s) {
        return s == null || s.chars().allMatch(c -> c < 0x80);
    }
}
