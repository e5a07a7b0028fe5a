package id.dicomgateway.pacs;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A QIDO-RS study search (PS3.18 §10.6), its matching keys named as QIDO-RS names them, checked
 * against their VRs (PS3.5 §6.2) before they become part of a URL. Null or blank means "any".
 *
 * <p>Wildcards {@code *} and {@code ?} are allowed where PS3.4 C.2.2.2.4 allows wildcard matching (PN, LO,
 * SH, CS values); a date is a single date or a range (PS3.4 C.2.2.2.5); {@code ModalitiesInStudy} may
 * list several values separated by commas, any of which matches (PS3.18 §8.3.4.1). A value breaking these
 * rules fails with {@link PacsException.Reason#INVALID_QUERY} naming the parameter.
 *
 * @param limit  the most studies to return (PS3.18 §8.3.4.4), 1 or more
 * @param offset how many matching studies to skip first, 0 or more
 */
public record StudyQuery(String studyInstanceUid, String patientId, String patientName, String accessionNumber, String studyDate,
        String modalitiesInStudy, String studyDescription, int limit, int offset) {

    public static final String STUDY_INSTANCE_UID = "StudyInstanceUID";
    public static final String PATIENT_ID = "PatientID";
    public static final String PATIENT_NAME = "PatientName";
    public static final String ACCESSION_NUMBER = "AccessionNumber";
    public static final String STUDY_DATE = "StudyDate";
    public static final String MODALITIES_IN_STUDY = "ModalitiesInStudy";
    public static final String STUDY_DESCRIPTION = "StudyDescription";

    /** The matching keys in the order they are sent, which is the order the API documents them. */
    public static final List<String> KEYS = List.of(STUDY_INSTANCE_UID, PATIENT_ID, PATIENT_NAME, ACCESSION_NUMBER, STUDY_DATE,
            MODALITIES_IN_STUDY, STUDY_DESCRIPTION);

    /** DA is YYYYMMDD (PS3.5 §6.2); a range may be open at either end (PS3.4 C.2.2.2.5.1). */
    private static final Pattern DATE_RANGE = Pattern.compile("(\\d{8})?-(\\d{8})?");
    private static final Pattern DATE = Pattern.compile("\\d{8}");
    private static final DateTimeFormatter DA = DateTimeFormatter.ofPattern("uuuuMMdd").withResolverStyle(ResolverStyle.STRICT);
    /** CS: upper-case letters, digits, space and underscore, at most 16 characters (PS3.5 §6.2). */
    private static final Pattern CS = Pattern.compile("[A-Z0-9_ ]{1,16}");
    /** PS3.5 §9.1. */
    private static final Pattern UID = Pattern.compile("(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))*");

    public StudyQuery {
        studyInstanceUid = uids(studyInstanceUid);
        patientId = text(PATIENT_ID, patientId, 64, "LO");
        patientName = text(PATIENT_NAME, patientName, 64, "PN");
        accessionNumber = text(ACCESSION_NUMBER, accessionNumber, 16, "SH");
        studyDescription = text(STUDY_DESCRIPTION, studyDescription, 64, "LO");
        studyDate = date(studyDate);
        modalitiesInStudy = modalities(modalitiesInStudy);
        if (limit < 1) {
            throw invalid("limit must be 1 or more");
        }
        if (offset < 0) {
            throw invalid("offset must be 0 or more");
        }
        if (patientName != null && patientName.contains("=")) {
            // '=' separates PN's component groups (PS3.5 §6.2.1.2): a search by the alphabetic name only
            throw invalid("PatientName must not contain '=': search by the alphabetic name, e.g. SANTOSO^BUDI or SANTOSO*");
        }
    }

    /** The search for one study by its UID. */
    public static StudyQuery byUid(String studyInstanceUid) {
        return new StudyQuery(studyInstanceUid, null, null, null, null, null, null, 1, 0);
    }

    /** The same search, another page. */
    public StudyQuery page(int newLimit, int newOffset) {
        return new StudyQuery(studyInstanceUid, patientId, patientName, accessionNumber, studyDate, modalitiesInStudy, studyDescription, newLimit, newOffset);
    }

    /** The matching keys as a URL query ({@code PatientID=…&…}), encoded; empty when nothing is matched. */
    String matchingQuery() {
        List<String> parts = new ArrayList<>();
        add(parts, STUDY_INSTANCE_UID, studyInstanceUid);
        add(parts, PATIENT_ID, patientId);
        add(parts, PATIENT_NAME, patientName);
        add(parts, ACCESSION_NUMBER, accessionNumber);
        add(parts, STUDY_DATE, studyDate);
        add(parts, MODALITIES_IN_STUDY, modalitiesInStudy);
        add(parts, STUDY_DESCRIPTION, studyDescription);
        return String.join("&", parts);
    }

    private static void add(List<String> parts, String key, String value) {
        if (value != null) {
            // The comma of a value list stays a separator (URLEncoder leaves * alone); a space is %20, not '+'.
            parts.add(key + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8).replace("%2C", ",").replace("+", "%20"));
        }
    }

    /** A string VR's value: no backslash (the value separator), no control characters, at most {@code max} characters. */
    private static String text(String key, String raw, int max, String vr) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String value = raw.strip();
        if (value.length() > max) {
            throw invalid(key + " is longer than " + max + " characters (DICOM " + vr + ")");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\') {
                throw invalid(key + " must not contain a backslash (the DICOM value separator)");
            }
            if (Character.isISOControl(c)) {
                throw invalid(key + " must not contain control characters");
            }
        }
        return value;
    }

    private static String date(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String value = raw.strip();
        String help = " (a date YYYYMMDD, or a range YYYYMMDD-YYYYMMDD, -YYYYMMDD or YYYYMMDD-, e.g. 20261101-20261130)";
        if (DATE.matcher(value).matches()) {
            day(value, help);
            return value;
        }
        var range = DATE_RANGE.matcher(value);
        if (!range.matches() || range.group(1) == null && range.group(2) == null) {
            throw invalid("StudyDate is not a DICOM date or date range" + help);
        }
        LocalDate from = range.group(1) == null ? null : day(range.group(1), help);
        LocalDate to = range.group(2) == null ? null : day(range.group(2), help);
        if (from != null && to != null && from.isAfter(to)) {
            throw invalid("StudyDate range ends before it begins: " + value);
        }
        return value;
    }

    private static LocalDate day(String yyyymmdd, String help) {
        try {
            return LocalDate.parse(yyyymmdd, DA);
        } catch (DateTimeException e) {
            throw invalid("StudyDate " + yyyymmdd + " is not a calendar date" + help);
        }
    }

    /** UID list matching (PS3.4 C.2.2.2.2): one UID or several separated by commas. */
    private static String uids(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        List<String> values = new ArrayList<>();
        for (String part : raw.split(",", -1)) {
            String uid = part.strip();
            if (uid.isEmpty() || uid.length() > 64 || !UID.matcher(uid).matches()) {
                throw invalid("StudyInstanceUID must be DICOM UIDs separated by commas (digits and dots, no leading zeros, "
                        + "at most 64 characters, PS3.5 §9.1), not " + shown(part));
            }
            values.add(uid);
        }
        return String.join(",", values);
    }

    private static String modalities(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        List<String> values = new ArrayList<>();
        for (String part : raw.split(",", -1)) {
            String m = part.strip().toUpperCase(java.util.Locale.ROOT);
            if (!CS.matcher(m).matches()) {
                throw invalid("ModalitiesInStudy must be modality codes (DICOM CS, e.g. CT or CT,MR), not " + shown(raw));
            }
            values.add(m);
        }
        return String.join(",", values);
    }

    private static String shown(String raw) {
        String s = raw.length() > 40 ? raw.substring(0, 40) + "…" : raw;
        return "\"" + s.replaceAll("\\p{Cntrl}", "?") + "\"";
    }

    private static PacsException invalid(String message) {
        return new PacsException(PacsException.Reason.INVALID_QUERY, message);
    }
}
