package id.dicomgateway.relay.jobs;

/** The three operations that send studies to the router; each run of one is a job. */
public enum JobKind {
    /** Fetch from the PACS, re-stamp Patient ID / Accession Number, send. */
    PROCESS,
    /** Fetch from the PACS and send unchanged. */
    DIRECT,
    /** Files uploaded from a PC, re-stamped, sent. */
    UPLOAD
}
