package id.dicomgateway.pacs;

import java.util.List;

/**
 * One study as a QIDO-RS study search answers it (PS3.18 §10.6.3.3.1, the study's attributes of
 * PS3.4 C.6.2.1.2). Patient's Name is here to be shown to the person who searched, never to be
 * logged or stored. Counts are null when the PACS left them out.
 *
 * @param studyDate   DA, YYYYMMDD, as the PACS holds it; null when absent
 * @param studyTime   TM, HHMMSS[.F], as the PACS holds it; null when absent
 * @param patientName the Alphabetic group of the PN value (PS3.18 F.2.2), components separated by '^'
 */
public record StudySummary(String studyInstanceUid, String studyDate, String studyTime, String patientId, String patientName,
        String accessionNumber, List<String> modalitiesInStudy, String studyDescription, Integer numberOfStudyRelatedSeries,
        Integer numberOfStudyRelatedInstances) {

    @Override
    public String toString() {
        // A record's toString would print the name into any log line or exception that shows a study.
        return "StudySummary[" + studyInstanceUid + ", acsn=" + accessionNumber + "]";
    }
}
