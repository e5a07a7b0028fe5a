package id.dicomgateway.receive;

import id.dicomgateway.dicom.AttributeReader.AttributePath;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The rules in force, in file order: the first that matches an instance decides; none: forwarded unchanged. */
public final class Rules {
    private final String source;
    private final List<Rule> rules;
    private final Set<AttributePath> needed;

    Rules(String source, List<Rule> rules) {
        this.source = source;
        this.rules = List.copyOf(rules);
        Set<AttributePath> paths = new LinkedHashSet<>();
        paths.add(Attributes.MODALITY);
        for (Rule r : this.rules) {
            paths.addAll(r.match().attributes().keySet());
            if (r.accessionNumber() != null) {
                paths.add(r.accessionNumber().from());
            }
            if (r.patientId() != null) {
                paths.add(r.patientId().from());
            }
        }
        this.needed = Set.copyOf(paths);
    }

    /** No rules file: everything forwarded unchanged. */
    static Rules none() {
        return new Rules(null, List.of());
    }

    /** The file they were read from; null when there is none. */
    public String source() {
        return source;
    }

    public List<Rule> list() {
        return rules;
    }

    /** The attributes an instance must be read for. */
    Set<AttributePath> needed() {
        return needed;
    }

    /**
     * What happens to one instance.
     *
     * @param rule            the rule that matched; null: none did (forwarded unchanged)
     * @param accessionNumber the new value, null to leave it
     * @param patientId       the new value, null to leave it
     * @param changes         what the rule changed or could not, in words, for the job and the dashboard
     */
    public record Verdict(Rule rule, Rule.Action action, String accessionNumber, String patientId, String changes) {
        public String ruleName() {
            return rule == null ? null : rule.name();
        }
    }

    Verdict evaluate(String callingAe, String sopClass, Map<AttributePath, String> values) {
        for (Rule r : rules) {
            if (!r.match().test(callingAe, sopClass, values)) {
                continue;
            }
            return switch (r.action()) {
                case FORWARD -> new Verdict(r, Rule.Action.FORWARD, null, null, "forwarded unchanged");
                case SKIP -> new Verdict(r, Rule.Action.SKIP, null, null, "not forwarded");
                case SET -> set(r, values);
            };
        }
        return new Verdict(null, Rule.Action.FORWARD, null, null, "no rule matched: forwarded unchanged");
    }

    private static Verdict set(Rule r, Map<AttributePath, String> values) {
        List<String> said = new ArrayList<>();
        String acc = value(r.accessionNumber(), "AccessionNumber", values, said);
        String pid = value(r.patientId(), "PatientID", values, said);
        return new Verdict(r, Rule.Action.SET, acc, pid, String.join("; ", said));
    }

    private static String value(Rule.Source source, String name, Map<AttributePath, String> values, List<String> said) {
        if (source == null) {
            return null;
        }
        String v = source.valueIn(values);
        said.add(v == null ? name + " left as is: " + source + " gave no value" : name + " = \"" + v + "\" from " + source);
        return v;
    }
}
