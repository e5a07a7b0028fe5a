package id.dicomgateway.orders;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * One stored order, with what SATUSEHAT last said of its ServiceRequest ({@code serviceRequest}, never null). {@code scheduledDate} and {@code scheduledTime} are the DICOM DA and TM of the start on
 * the clock it was posted with: what the worklist matches and answers.
 */
public record Order(String id, String accessionNumber, String patientId, String patientName, LocalDate patientBirthDate,
                    String patientSex, String modality, OffsetDateTime scheduledStart, String scheduledDate,
                    String scheduledTime, String stationAeTitle, String procedureDescription, String requestedProcedureId,
                    String serviceRequestId, String studyInstanceUid, OrderState state, String source, String jobId,
                    Instant createdAt, Instant updatedAt, long version, ServiceRequestCheck serviceRequest) {

    public Order {
        if (serviceRequest == null) {
            serviceRequest = ServiceRequestCheck.NOT_CHECKED;
        }
    }

    /** An order whose ServiceRequest was not asked for yet. */
    public Order(String id, String accessionNumber, String patientId, String patientName, LocalDate patientBirthDate,
            String patientSex, String modality, OffsetDateTime scheduledStart, String scheduledDate, String scheduledTime,
            String stationAeTitle, String procedureDescription, String requestedProcedureId, String serviceRequestId,
            String studyInstanceUid, OrderState state, String source, String jobId, Instant createdAt, Instant updatedAt, long version) {
        this(id, accessionNumber, patientId, patientName, patientBirthDate, patientSex, modality, scheduledStart, scheduledDate,
                scheduledTime, stationAeTitle, procedureDescription, requestedProcedureId, serviceRequestId, studyInstanceUid, state,
                source, jobId, createdAt, updatedAt, version, ServiceRequestCheck.NOT_CHECKED);
    }

    /** Leaves the patient's name and birth date out: records are logged. */
    @Override
    public String toString() {
        return "Order[id=" + id + ", acsn=" + accessionNumber + ", modality=" + modality + ", scheduled=" + scheduledStart
                + ", state=" + state + "]";
    }
}
