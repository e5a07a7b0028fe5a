package id.dicomgateway.api.orders;

import id.dicomgateway.orders.Order;
import id.dicomgateway.orders.OrderState;
import id.dicomgateway.orders.ServiceRequestCheck;
import id.dicomgateway.orders.ServiceRequestStatus;
import id.dicomgateway.security.audit.AuditSubject;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.time.LocalDate;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One order as the API shows it. The audit trail reads only its id and study UID ({@link AuditSubject}). */
@RegisterForReflection
@Schema(name = "Order")
public record OrderView(
        String id,
        String accessionNumber,
        String patientId,
        @Schema(description = "DICOM PN, Family^Given") String patientName,
        LocalDate patientBirthDate,
        @Schema(description = "M, F, O or absent") String patientSex,
        String modality,
        @Schema(description = "ISO-8601 with the offset it was posted with", example = "2026-12-05T08:30:00+07:00") String scheduledStart,
        String stationAeTitle,
        String procedureDescription,
        String requestedProcedureId,
        String serviceRequestId,
        String studyInstanceUid,
        OrderState state,
        @Schema(description = "json or fhir: the shape it was posted in") String source,
        @Schema(description = "The job that carries the order's images (a received study matched to it), once there is one",
                nullable = true) String job,
        Instant createdAt,
        Instant updatedAt,
        @Schema(description = "Whether SATUSEHAT has the order's ServiceRequest: asked after the order is posted (and again while it "
                + "is not found), and by the check before its study is sent") ServiceRequestView serviceRequest) implements AuditSubject {

    /** What SATUSEHAT last said of the order's ServiceRequest. */
    @RegisterForReflection
    @Schema(name = "OrderServiceRequest")
    public record ServiceRequestView(
            @Schema(description = "FOUND, NOT_FOUND, or UNKNOWN: not asked yet, SATUSEHAT not configured, or it could not be asked")
            ServiceRequestStatus status,
            @Schema(description = "The ServiceRequest's id in SATUSEHAT, when FOUND", nullable = true) String id,
            @Schema(description = "When SATUSEHAT was asked; absent: never", nullable = true) Instant checkedAt,
            @Schema(description = "Which check answered, or why SATUSEHAT could not be asked", nullable = true) String note) {

        static ServiceRequestView of(ServiceRequestCheck c) {
            return new ServiceRequestView(c.status(), c.id(), c.checkedAt(), c.note());
        }
    }

    static OrderView of(Order o) {
        return new OrderView(o.id(), o.accessionNumber(), o.patientId(), o.patientName(), o.patientBirthDate(), o.patientSex(),
                o.modality(), o.scheduledStart().format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME), o.stationAeTitle(), o.procedureDescription(), o.requestedProcedureId(),
                o.serviceRequestId(), o.studyInstanceUid(), o.state(), o.source(), o.jobId(), o.createdAt(), o.updatedAt(),
                ServiceRequestView.of(o.serviceRequest()));
    }

    @Override
    public String study() {
        return studyInstanceUid;
    }

    /** The audit trail's subject id: the order's own (its images' job is {@link #job}). */
    @Override
    public String jobId() {
        return id;
    }

    /** Without the patient's name and birth date: views may be logged. */
    @Override
    public String toString() {
        return "OrderView[id=" + id + ", acsn=" + accessionNumber + ", state=" + state + "]";
    }
}
