package id.dicomgateway.orders;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * An order as posted, checked ({@link OrderInput}): every value fits the VR the worklist answers it in
 * (PS3.5 6.2). Optional values are null.
 *
 * @param patientName      DICOM PN, {@code Family^Given^Middle^Prefix^Suffix}
 * @param patientSex       M, F or O (PS3.3 C.7.1.1), or null
 * @param studyInstanceUid null when the order did not name one: the store generates it once
 * @param source           "json" or "fhir"
 */
public record NewOrder(String accessionNumber, String patientId, String patientName, LocalDate patientBirthDate,
                       String patientSex, String modality, OffsetDateTime scheduledStart, String stationAeTitle,
                       String procedureDescription, String requestedProcedureId, String serviceRequestId,
                       String studyInstanceUid, String source) {

    /** The same order under {@code acsn} (one the gateway numbered: {@link AccessionPattern}). */
    public NewOrder withAccessionNumber(String acsn) {
        return new NewOrder(acsn, patientId, patientName, patientBirthDate, patientSex, modality, scheduledStart, stationAeTitle,
                procedureDescription, requestedProcedureId, serviceRequestId, studyInstanceUid, source);
    }

    /** Leaves the patient's name and birth date out: records are logged. */
    @Override
    public String toString() {
        return "NewOrder[acsn=" + accessionNumber + ", modality=" + modality + ", scheduled=" + scheduledStart
                + ", station=" + stationAeTitle + ", source=" + source + "]";
    }
}
