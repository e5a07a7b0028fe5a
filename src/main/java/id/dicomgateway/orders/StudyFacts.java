package id.dicomgateway.orders;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a whole study says to reconciliation (issue 24 item 3), from the values of its instances: whether any has an
 * AccessionNumber, its PatientIDs, modalities and StudyDates. Identifiers and codes only, never a name. The receive side
 * reads them as instances arrive, the send paths from the files they are about to send.
 */
public record StudyFacts(boolean hasAccessionNumber, Set<String> patientIds, Set<String> modalities, Set<String> studyDates) {
    private static final DateTimeFormatter DA = DateTimeFormatter.ofPattern("uuuuMMdd");

    public StudyFacts {
        // in the order the instances gave them, for a message that reads the same each time
        patientIds = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(patientIds));
        modalities = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(modalities));
        studyDates = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(studyDates));
    }

    /** The values of one instance that count: AccessionNumber (0008,0050), PatientID (0010,0020), Modality (0008,0060), StudyDate (0008,0020). */
    public interface Instance {
        String accessionNumber();

        String patientId();

        String modality();

        String studyDate();
    }

    /** One instance's values as read; blank is absent. */
    public record Values(String accessionNumber, String patientId, String modality, String studyDate) implements Instance {
    }

    public static StudyFacts of(Collection<? extends Instance> instances) {
        boolean acsn = false;
        Set<String> pids = new LinkedHashSet<>();
        Set<String> modalities = new LinkedHashSet<>();
        Set<String> dates = new LinkedHashSet<>();
        for (Instance i : instances) {
            acsn |= present(i.accessionNumber());
            if (present(i.patientId())) {
                pids.add(i.patientId().strip());
            }
            if (present(i.modality())) {
                modalities.add(i.modality().strip().toUpperCase(Locale.ROOT));
            }
            if (present(i.studyDate())) {
                dates.add(i.studyDate().strip());
            }
        }
        return new StudyFacts(acsn, pids, modalities, dates);
    }

    private static boolean present(String v) {
        return v != null && !v.isBlank();
    }

    /** The StudyDate when every instance that has one says the same, readable as DA; else null. */
    public LocalDate date() {
        if (studyDates.size() != 1) {
            return null;
        }
        try {
            return LocalDate.parse(studyDates.iterator().next(), DA);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The PatientID when the instances agree; else null. */
    public String patientId() {
        return patientIds.size() == 1 ? patientIds.iterator().next() : null;
    }
}
