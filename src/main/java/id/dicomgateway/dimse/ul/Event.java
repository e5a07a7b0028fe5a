package id.dicomgateway.dimse.ul;

import id.dicomgateway.dimse.pdu.Pdu;

/** The nineteen events of the DICOM upper layer state machine, PS3.8 table 9-10. */
public enum Event {
    EVT1("A-ASSOCIATE request (local user)"),
    EVT2("Transport connect confirmation (local transport service)"),
    EVT3("A-ASSOCIATE-AC PDU (received on transport connection)"),
    EVT4("A-ASSOCIATE-RJ PDU (received on transport connection)"),
    EVT5("Transport connection indication (local transport service)"),
    EVT6("A-ASSOCIATE-RQ PDU (received on transport connection)"),
    EVT7("A-ASSOCIATE response primitive (accept)"),
    EVT8("A-ASSOCIATE response primitive (reject)"),
    EVT9("P-DATA request primitive"),
    EVT10("P-DATA-TF PDU (received on transport connection)"),
    EVT11("A-RELEASE request primitive"),
    EVT12("A-RELEASE-RQ PDU (received on transport connection)"),
    EVT13("A-RELEASE-RP PDU (received on transport connection)"),
    EVT14("A-RELEASE response primitive"),
    EVT15("A-ABORT request primitive"),
    EVT16("A-ABORT PDU (received on transport connection)"),
    EVT17("Transport connection closed indication (local transport service)"),
    EVT18("ARTIM timer expired (Association reject/release timer)"),
    EVT19("Unrecognized or invalid PDU received");

    private final String description;

    Event(String description) {
        this.description = description;
    }

    /** "Evt10", as PS3.8 writes it. */
    public String label() {
        return "Evt" + (ordinal() + 1);
    }

    public String description() {
        return description;
    }

    /** The event a received PDU is (Evt3, 4, 6, 10, 12, 13 or 16). */
    public static Event received(Pdu pdu) {
        return switch (pdu.type()) {
            case Pdu.TYPE_A_ASSOCIATE_RQ -> EVT6;
            case Pdu.TYPE_A_ASSOCIATE_AC -> EVT3;
            case Pdu.TYPE_A_ASSOCIATE_RJ -> EVT4;
            case Pdu.TYPE_P_DATA_TF -> EVT10;
            case Pdu.TYPE_A_RELEASE_RQ -> EVT12;
            case Pdu.TYPE_A_RELEASE_RP -> EVT13;
            case Pdu.TYPE_A_ABORT -> EVT16;
            default -> EVT19;
        };
    }

    @Override
    public String toString() {
        return label();
    }
}
