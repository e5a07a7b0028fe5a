package id.dicomgateway.dimse.ul;

/**
 * The actions of the DICOM upper layer state machine, PS3.8 tables 9-6 to 9-9, each with the
 * state it leads to. Two depend on the situation: AE-6 (Sta3 when the A-ASSOCIATE-RQ is
 * acceptable by the service provider, else Sta13) and AR-8 (Sta9 for the association-requestor,
 * Sta10 for the acceptor).
 */
public enum Action {
    AE_1("Issue TRANSPORT CONNECT request primitive to local transport service", State.STA4),
    AE_2("Send A-ASSOCIATE-RQ-PDU", State.STA5),
    AE_3("Issue A-ASSOCIATE confirmation (accept) primitive", State.STA6),
    AE_4("Issue A-ASSOCIATE confirmation (reject) primitive and close transport connection", State.STA1),
    AE_5("Issue Transport connection response primitive; start ARTIM timer", State.STA2),
    AE_6("Stop ARTIM timer and if A-ASSOCIATE-RQ acceptable by service-provider: issue A-ASSOCIATE indication"
            + " primitive, otherwise: issue A-ASSOCIATE-RJ-PDU and start ARTIM timer", State.STA3, State.STA13),
    AE_7("Send A-ASSOCIATE-AC PDU", State.STA6),
    AE_8("Send A-ASSOCIATE-RJ PDU and start ARTIM timer", State.STA13),
    DT_1("Send P-DATA-TF PDU", State.STA6),
    DT_2("Send P-DATA indication primitive", State.STA6),
    AR_1("Send A-RELEASE-RQ PDU", State.STA7),
    AR_2("Issue A-RELEASE indication primitive", State.STA8),
    AR_3("Issue A-RELEASE confirmation primitive, and close transport connection", State.STA1),
    AR_4("Issue A-RELEASE-RP PDU and start ARTIM timer", State.STA13),
    AR_5("Stop ARTIM timer", State.STA1),
    AR_6("Issue P-DATA indication", State.STA7),
    AR_7("Issue P-DATA-TF PDU", State.STA8),
    AR_8("Issue A-RELEASE indication (release collision)", State.STA9, State.STA10),
    AR_9("Send A-RELEASE-RP PDU", State.STA11),
    AR_10("Issue A-RELEASE confirmation primitive", State.STA12),
    AA_1("Send A-ABORT PDU (service-user source) and start (or restart if already started) ARTIM timer", State.STA13),
    AA_2("Stop ARTIM timer if running. Close transport connection", State.STA1),
    AA_3("If (service-user initiated abort): issue A-ABORT indication and close transport connection;"
            + " otherwise (service-provider initiated abort): issue A-P-ABORT indication and close transport"
            + " connection", State.STA1),
    AA_4("Issue A-P-ABORT indication primitive", State.STA1),
    AA_5("Stop ARTIM timer", State.STA1),
    AA_6("Ignore PDU", State.STA13),
    AA_7("Send A-ABORT PDU", State.STA13),
    AA_8("Send A-ABORT PDU (service-provider source), issue an A-P-ABORT indication, and start ARTIM timer",
            State.STA13);

    private final String description;
    private final State next;
    private final State otherwise;

    Action(String description, State next) {
        this(description, next, next);
    }

    Action(String description, State next, State otherwise) {
        this.description = description;
        this.next = next;
        this.otherwise = otherwise;
    }

    /** "AE-6", as PS3.8 writes it. */
    public String label() {
        return name().replace('_', '-');
    }

    public String description() {
        return description;
    }

    /** The next state; for AE-6 when the request is acceptable, for AR-8 on the requestor's side. */
    public State next() {
        return next;
    }

    /** The other next state of AE-6 (not acceptable: Sta13) and AR-8 (acceptor: Sta10); else {@link #next()}. */
    public State otherwise() {
        return otherwise;
    }

    @Override
    public String toString() {
        return label();
    }
}
