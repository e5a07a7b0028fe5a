package id.dicomgateway.relay.router;

/**
 * What the check before sending found, once it let the study go.
 *
 * @param serviceRequestId  the SATUSEHAT ServiceRequest for the Accession Number; null when not
 *                          looked up (SATUSEHAT not configured, unreachable and forced) or none found (forced)
 * @param patientReference  that ServiceRequest's subject, {@code Patient/{id}}: the patient the
 *                          router will file the study under, whatever PatientID the study carries
 * @param patientMismatch   the study's PatientID is itself a SATUSEHAT patient id and names another
 *                          patient than the ServiceRequest
 * @param forced            sent although the check failed, because the caller said {@code force}
 * @param detail            the same text recorded on the job's check
 */
public record Clearance(String serviceRequestId, String patientReference, boolean patientMismatch, boolean forced,
        String detail) {
}
