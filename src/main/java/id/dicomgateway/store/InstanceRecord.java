package id.dicomgateway.store;

/**
 * The router's answer for one instance, as kept with the job.
 *
 * @param outcome STORED, STORED_WITH_WARNING or FAILED
 * @param status DIMSE status (PS3.7 C.4.2.1.4), -1 when there was no answer
 * @param cause why it failed, as the network layer names it; null when stored
 */
public record InstanceRecord(String sopInstanceUid, String outcome, int status, String cause, String message, long bytes) {
}
