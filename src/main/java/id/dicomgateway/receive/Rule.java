package id.dicomgateway.receive;

import id.dicomgateway.dicom.AttributeReader.AttributePath;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One rule of the rules file: what it matches and what it does with a matching instance.
 *
 * @param line   where it starts in the file, to name it in messages
 * @param match  every given condition must hold (empty: matches everything)
 * @param accessionNumber, patientId  for {@link Action#SET}: where each new value comes from (null: left as is)
 */
public record Rule(String name, int line, Match match, Action action, Source accessionNumber, Source patientId) {

    public enum Action {
        /** Sent on unchanged. */
        FORWARD,
        /** Not sent at all (e.g. presentation states the router cannot use). */
        SKIP,
        /** Sent with AccessionNumber and/or PatientID taken from another attribute. */
        SET
    }

    public Rule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(action, "action");
    }

    /**
     * Conditions on one instance; an empty set or map does not constrain.
     *
     * @param attributes each attribute's value must match its expression whole (absent counts as "")
     */
    public record Match(Set<String> callingAeTitles, Set<String> modalities, Set<String> sopClasses,
                        Map<AttributePath, Pattern> attributes) {
        public Match {
            callingAeTitles = Set.copyOf(callingAeTitles);
            modalities = Set.copyOf(modalities);
            sopClasses = Set.copyOf(sopClasses);
            attributes = Map.copyOf(attributes);
        }

        boolean test(String callingAe, String sopClass, Map<AttributePath, String> values) {
            if (!callingAeTitles.isEmpty() && !callingAeTitles.contains(callingAe)) {
                return false;
            }
            if (!modalities.isEmpty() && !modalities.contains(values.getOrDefault(Attributes.MODALITY, ""))) {
                return false;
            }
            if (!sopClasses.isEmpty() && !sopClasses.contains(sopClass)) {
                return false;
            }
            for (Map.Entry<AttributePath, Pattern> e : attributes.entrySet()) {
                if (!e.getValue().matcher(values.getOrDefault(e.getKey(), "")).matches()) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * Where a new value comes from: an attribute's value, or, with {@code regex}, what the
     * expression finds in it (its first group when it has one).
     *
     * @param shown the attribute as the file names it, for messages
     */
    public record Source(AttributePath from, String shown, Pattern regex) {
        public Source {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(shown, "shown");
        }

        /** The value for this instance; null when the attribute is absent or empty, or the expression finds nothing. */
        String valueIn(Map<AttributePath, String> values) {
            String v = values.get(from);
            if (v == null || v.isEmpty()) {
                return null;
            }
            if (regex == null) {
                return v;
            }
            Matcher m = regex.matcher(v);
            if (!m.find()) {
                return null;
            }
            String found = m.groupCount() >= 1 ? m.group(1) : m.group();
            return found == null || found.isEmpty() ? null : found;
        }

        @Override
        public String toString() {
            return regex == null ? shown : shown + " ~ /" + regex.pattern() + "/";
        }
    }
}
