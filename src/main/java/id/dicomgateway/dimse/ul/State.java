package id.dicomgateway.dimse.ul;

/** The thirteen states of the DICOM upper layer, PS3.8 table 9-10, named and described as there. */
public enum State {
    STA1("Idle"),
    STA2("Transport connection open (awaiting A-ASSOCIATE-RQ PDU)"),
    STA3("Awaiting local A-ASSOCIATE response primitive (from local user)"),
    STA4("Awaiting transport connection opening to complete (from local transport service)"),
    STA5("Awaiting A-ASSOCIATE-AC or A-ASSOCIATE-RJ PDU"),
    STA6("Association established and ready for data transfer"),
    STA7("Awaiting A-RELEASE-RP PDU"),
    STA8("Awaiting local A-RELEASE response primitive (from local user)"),
    STA9("Release collision requestor side; awaiting A-RELEASE response (from local user)"),
    STA10("Release collision acceptor side; awaiting A-RELEASE-RP PDU"),
    STA11("Release collision requestor side; awaiting A-RELEASE-RP PDU"),
    STA12("Release collision acceptor side; awaiting A-RELEASE response primitive (from local user)"),
    STA13("Awaiting transport connection close indication (association no longer exists)");

    private final String description;

    State(String description) {
        this.description = description;
    }

    /** "Sta6", as PS3.8 writes it. */
    public String label() {
        return "Sta" + (ordinal() + 1);
    }

    public String description() {
        return description;
    }

    @Override
    public String toString() {
        return label();
    }
}
