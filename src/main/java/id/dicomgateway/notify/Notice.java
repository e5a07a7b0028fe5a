package id.dicomgateway.notify;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * The body of every notification POST: one fixed JSON object (docs/operations.md, "Notifications"), fields that do
 * not apply to the event left out. Never a patient's name (the store has none), nor the patient ID.
 *
 * @param event JOB_FAILED, JOB_WAITING_FOR_ORDER, PEER_DOWN or PEER_RECOVERED
 * @param replica the replica that tells
 * @param state the job's state (FAILED or PARTLY_FAILED for a failure)
 * @param code the job's failure code (FailureCode), or the last attempt's
 * @param link the job on the gateway (GATEWAY_PUBLIC_URL), when set
 * @param peer router, satusehat or pacs (PEER_ events)
 * @param since when the job was asked for (waiting) or the peer stopped answering (peer events)
 * @param text one line for a person, ready for a chat message
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Notice(String event, Instant at, String replica, String jobId, String state, String studyUid, String accessionNumber,
        String code, String message, String link, String peer, Instant since, String text) {

    public static final String JOB_FAILED = "JOB_FAILED";
    public static final String JOB_WAITING_FOR_ORDER = "JOB_WAITING_FOR_ORDER";
    public static final String PEER_DOWN = "PEER_DOWN";
    public static final String PEER_RECOVERED = "PEER_RECOVERED";
}
