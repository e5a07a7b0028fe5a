package id.dicomgateway.worklist;

import id.dicomgateway.orders.Order;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The attributes of the Modality Worklist Information Model (PS3.4 K.6.1.2.2) that an order answers: the
 * top-level ones and those of its one Scheduled Procedure Step (0040,0100). A value the order does not have is
 * answered empty, as return keys of type 2 are (PS3.4 C.4.1.1.3.2).
 */
final class WorklistAttributes {
    static final int SPECIFIC_CHARACTER_SET = 0x00080005;
    static final int SCHEDULED_PROCEDURE_STEP_SEQUENCE = 0x00400100;
    static final int MODALITY = 0x00080060;
    static final int SCHEDULED_STATION_AE_TITLE = 0x00400001;
    static final int SPS_START_DATE = 0x00400002;
    static final int SPS_START_TIME = 0x00400003;

    /** One attribute: its VR and its value for an order ("" when the order has none). */
    record Attribute(String vr, Function<Order, String> value) {
    }

    private static final DateTimeFormatter DA = DateTimeFormatter.ofPattern("uuuuMMdd");

    static final Map<Integer, Attribute> TOP = new LinkedHashMap<>();
    static final Map<Integer, Attribute> STEP = new LinkedHashMap<>();

    static {
        TOP.put(0x00080050, new Attribute("SH", Order::accessionNumber));
        TOP.put(0x00080090, new Attribute("PN", o -> ""));                       // Referring Physician's Name
        TOP.put(0x00100010, new Attribute("PN", Order::patientName));
        TOP.put(0x00100020, new Attribute("LO", Order::patientId));
        TOP.put(0x00100021, new Attribute("LO", o -> ""));                       // Issuer of Patient ID
        TOP.put(0x00100030, new Attribute("DA", o -> o.patientBirthDate() == null ? "" : o.patientBirthDate().format(DA)));
        TOP.put(0x00100040, new Attribute("CS", o -> o.patientSex() == null ? "" : o.patientSex()));
        TOP.put(0x0020000D, new Attribute("UI", Order::studyInstanceUid));
        TOP.put(0x00321060, new Attribute("LO", o -> text(o.procedureDescription())));  // Requested Procedure Description
        TOP.put(0x00401001, new Attribute("SH", o -> o.requestedProcedureId() != null ? o.requestedProcedureId() : o.accessionNumber()));
        TOP.put(0x00401003, new Attribute("SH", o -> ""));                       // Requested Procedure Priority
        TOP.put(0x00380300, new Attribute("LO", o -> ""));                       // Current Patient Location

        STEP.put(MODALITY, new Attribute("CS", Order::modality));
        STEP.put(SCHEDULED_STATION_AE_TITLE, new Attribute("AE", o -> text(o.stationAeTitle())));
        STEP.put(SPS_START_DATE, new Attribute("DA", Order::scheduledDate));
        STEP.put(SPS_START_TIME, new Attribute("TM", Order::scheduledTime));
        STEP.put(0x00400006, new Attribute("PN", o -> ""));                      // Scheduled Performing Physician's Name
        STEP.put(0x00400007, new Attribute("LO", o -> text(o.procedureDescription())));  // SPS Description
        STEP.put(0x00400009, new Attribute("SH", Order::accessionNumber));       // SPS ID
        STEP.put(0x00400010, new Attribute("SH", o -> ""));                      // Scheduled Station Name
        STEP.put(0x00400011, new Attribute("SH", o -> ""));                      // SPS Location
        STEP.put(0x00400020, new Attribute("CS", o -> "SCHEDULED"));             // SPS Status
    }

    private WorklistAttributes() {
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }
}
