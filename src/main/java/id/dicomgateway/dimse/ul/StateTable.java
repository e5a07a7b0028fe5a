package id.dicomgateway.dimse.ul;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * PS3.8 table 9-10, the DICOM upper layer state table: for each event (a row) and state (a column,
 * Sta1 to Sta13) the action to take, or nothing where the standard leaves the cell empty (the
 * event cannot happen in that state: a local primitive there is the caller's mistake).
 *
 * <p>Laid out as the standard prints it, one row per event, so it can be checked cell by cell.
 * Every PDU that arrives where the standard does not expect it is AA-8 (A-ABORT, service-provider
 * source, unexpected-PDU), AA-1 in Sta2 (no association yet: service-user source), ignored (AA-6)
 * or answered with A-ABORT (AA-7) in Sta13.
 */
public final class StateTable {

    //                                     Sta1   Sta2   Sta3   Sta4   Sta5   Sta6   Sta7   Sta8   Sta9   Sta10  Sta11  Sta12  Sta13
    private static final String[] ROWS = {
        /* Evt1  A-ASSOCIATE rq      */ "AE-1   .      .      .      .      .      .      .      .      .      .      .      .",
        /* Evt2  transport confirm   */ ".      .      .      AE-2   .      .      .      .      .      .      .      .      .",
        /* Evt3  A-ASSOCIATE-AC PDU  */ ".      AA-1   AA-8   .      AE-3   AA-8   AA-8   AA-8   AA-8   AA-8   AA-8   AA-8   AA-6",
        /* Evt4  A-ASSOCIATE-RJ PDU  */ ".      AA-1   AA-8   .      AE-4   AA-8   AA-8   AA-8   AA-8   AA-8   AA-8   AA-8   AA-6",
        /* Evt5  transport indic.    */ "AE-5   .      .      .      .      .      .      .      .      .      .      .      .",
        /* Evt6  A-ASSOCIATE-RQ PDU  */ ".      AE-6   AA-8   .      AA-8   AA-8   AA-8   AA-8   AA-8   AA-8   AA-8   AA-8   AA-7",
        /* Evt7  A-ASSOCIATE accept  */ ".      .      AE-7   .      .      .      .      .      .      .      .      .      .",
        /* Evt8  A-ASSOCIATE reject  */ ".      .      AE-8   .      .      .      .      .      .      .      .      .      .",
        /* Evt9  P-DATA request      */ ".      .      .      .      .      DT-1   .      AR-7   .      .      .      .      .",
        /* Evt10 P-DATA-TF PDU       */ ".      AA-1   AA-8   .      AA-8   DT-2   AR-6   AA-8   AA-8   AA-8   AA-8   AA-8   AA-6",
        /* Evt11 A-RELEASE request   */ ".      .      .      .      .      AR-1   .      .      .      .      .      .      .",
        /* Evt12 A-RELEASE-RQ PDU    */ ".      AA-1   AA-8   .      AA-8   AR-2   AR-8   AA-8   AA-8   AA-8   AA-8   AA-8   AA-6",
        /* Evt13 A-RELEASE-RP PDU    */ ".      AA-1   AA-8   .      AA-8   AA-8   AR-3   AA-8   AA-8   AR-10  AR-3   AA-8   AA-6",
        /* Evt14 A-RELEASE response  */ ".      .      .      .      .      .      .      AR-4   AR-9   .      .      AR-4   .",
        /* Evt15 A-ABORT request     */ ".      .      AA-1   AA-2   AA-1   AA-1   AA-1   AA-1   AA-1   AA-1   AA-1   AA-1   .",
        /* Evt16 A-ABORT PDU         */ ".      AA-2   AA-3   .      AA-3   AA-3   AA-3   AA-3   AA-3   AA-3   AA-3   AA-3   AA-2",
        /* Evt17 transport closed    */ ".      AA-5   AA-4   AA-4   AA-4   AA-4   AA-4   AA-4   AA-4   AA-4   AA-4   AA-4   AR-5",
        /* Evt18 ARTIM expired       */ ".      AA-2   .      .      .      .      .      .      .      .      .      .      AA-2",
        /* Evt19 invalid PDU         */ ".      AA-1   AA-8   .      AA-8   AA-8   AA-8   AA-8   AA-8   AA-8   AA-8   AA-8   AA-7",
    };

    private static final Map<Event, Map<State, Action>> TABLE = parse();

    private StateTable() {
    }

    /** The action PS3.8 table 9-10 gives for {@code event} in {@code state}; empty for an empty cell. */
    public static Optional<Action> action(State state, Event event) {
        return Optional.ofNullable(TABLE.get(event).get(state));
    }

    private static Map<Event, Map<State, Action>> parse() {
        Event[] events = Event.values();
        State[] states = State.values();
        if (ROWS.length != events.length) {
            throw new IllegalStateException(ROWS.length + " rows for " + events.length + " events");
        }
        Map<Event, Map<State, Action>> table = new EnumMap<>(Event.class);
        for (int e = 0; e < events.length; e++) {
            String[] cells = ROWS[e].trim().split("\\s+");
            if (cells.length != states.length) {
                throw new IllegalStateException(events[e] + " has " + cells.length + " cells");
            }
            Map<State, Action> row = new EnumMap<>(State.class);
            for (int s = 0; s < states.length; s++) {
                if (!cells[s].equals(".")) {
                    row.put(states[s], Action.valueOf(cells[s].replace('-', '_')));
                }
            }
            table.put(events[e], row);
        }
        return table;
    }
}
