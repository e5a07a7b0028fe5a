package id.dicomgateway.receive;

import id.dicomgateway.dicom.AttributeReader.AttributePath;
import id.dicomgateway.dicom.Tag;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names of attributes in the rules file: a keyword of PS3.6 from the short list below, or a tag
 * as {@code (0040,1001)} or {@code 00401001}; {@code Sequence/Attribute} looks one sequence down
 * (e.g. {@code RequestAttributesSequence/RequestedProcedureID}, PS3.3 C.7.6.1.1).
 */
final class Attributes {
    static final int MODALITY_TAG = 0x00080060;
    static final int REQUEST_ATTRIBUTES_SEQUENCE = 0x00400275;
    static final AttributePath MODALITY = AttributePath.top(MODALITY_TAG);

    /** Identifiers and codes only: names (PN) are never read, so no rule can copy one. */
    private static final Map<String, Integer> KEYWORDS = Map.ofEntries(
            Map.entry("accessionnumber", Tag.ACCESSION_NUMBER),
            Map.entry("patientid", Tag.PATIENT_ID),
            Map.entry("issuerofpatientid", 0x00100021),
            Map.entry("otherpatientids", 0x00101000),
            Map.entry("studyid", 0x00200010),
            Map.entry("studydescription", 0x00081030),
            Map.entry("seriesdescription", 0x0008103E),
            Map.entry("modality", MODALITY_TAG),
            Map.entry("institutionname", 0x00080080),
            Map.entry("stationname", 0x00081010),
            Map.entry("bodypartexamined", 0x00180015),
            Map.entry("admissionid", 0x00380010),
            Map.entry("requestedprocedureid", 0x00401001),
            Map.entry("scheduledprocedurestepid", 0x00400009),
            Map.entry("performedprocedurestepid", 0x00400253),
            Map.entry("requestattributessequence", REQUEST_ATTRIBUTES_SEQUENCE),
            Map.entry("studyinstanceuid", Tag.STUDY_INSTANCE_UID),
            Map.entry("seriesinstanceuid", Tag.SERIES_INSTANCE_UID));

    private static final Pattern TAG = Pattern.compile("\\(?([0-9A-Fa-f]{4}),?([0-9A-Fa-f]{4})\\)?");

    private Attributes() {
    }

    /** The path named {@code text}; a RuleException (without line: the caller adds it) when it names none. */
    static AttributePath parse(String text) {
        String[] parts = text.strip().split("/", -1);
        if (parts.length > 2) {
            throw new RuleException("\"" + text + "\": only one sequence level is supported (Sequence/Attribute)");
        }
        if (parts.length == 2) {
            int seq = tag(parts[0]);
            return AttributePath.in(seq, tag(parts[1]));
        }
        return AttributePath.top(tag(parts[0]));
    }

    private static int tag(String name) {
        Matcher m = TAG.matcher(name.strip());
        int tag;
        if (m.matches()) {
            tag = Integer.parseInt(m.group(1), 16) << 16 | Integer.parseInt(m.group(2), 16);
        } else {
            Integer known = KEYWORDS.get(name.strip().toLowerCase(Locale.ROOT));
            if (known == null) {
                throw new RuleException("unknown attribute \"" + name + "\"; use a tag like (0040,1001) or one of "
                        + "AccessionNumber, PatientID, StudyID, RequestedProcedureID, ScheduledProcedureStepID, "
                        + "RequestAttributesSequence, Modality, StudyDescription, InstitutionName, StationName, ...");
            }
            tag = known;
        }
        if (Tag.group(tag) == 0x0010 && (Tag.element(tag) == 0x0010 || Tag.element(tag) == 0x1001 || Tag.element(tag) == 0x1005)) {
            throw new RuleException("\"" + name + "\" is a patient's name: the gateway never reads or stores names");
        }
        if (Tag.group(tag) == 0x0002 || Tag.group(tag) == 0xFFFE || Tag.group(tag) == 0x7FE0) {
            throw new RuleException("\"" + name + "\" is not a data set attribute a rule can use");
        }
        return tag;
    }
}
