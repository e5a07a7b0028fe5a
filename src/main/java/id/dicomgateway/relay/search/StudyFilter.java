package id.dicomgateway.relay.search;

/**
 * A study search as the API received it, the keys named as QIDO-RS names them (PS3.18 §10.6.1.2),
 * not yet checked: {@link StudySearch} has the PACS layer check each value against its VR.
 */
public record StudyFilter(String studyInstanceUid, String patientId, String patientName, String accessionNumber, String studyDate,
        String modalitiesInStudy, String studyDescription, int limit, int offset) {
}
