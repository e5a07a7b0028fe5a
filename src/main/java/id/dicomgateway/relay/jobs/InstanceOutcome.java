package id.dicomgateway.relay.jobs;

/** The router's answer to one C-STORE, grouped as PS3.7 C.4.2.1.4 groups status codes. */
public enum InstanceOutcome {
    /** Status 0000. */
    STORED,
    /** Status B000, B007, B006: stored, but the router changed or doubted something. */
    STORED_WITH_WARNING,
    /** Any failure status, or no answer at all (abort, timeout). */
    FAILED;

    public boolean stored() {
        return this != FAILED;
    }
}
