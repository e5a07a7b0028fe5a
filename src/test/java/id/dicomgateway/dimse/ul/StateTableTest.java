package id.dicomgateway.dimse.ul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import id.dicomgateway.dimse.pdu.AbortReason;
import id.dicomgateway.dimse.pdu.AbortSource;
import id.dicomgateway.dimse.pdu.Pdu;
import id.dicomgateway.dimse.pdu.PduException;
import id.dicomgateway.dimse.pdu.PduItems.Pdv;
import id.dicomgateway.dimse.pdu.PduItems.PresentationContextAc;
import id.dicomgateway.dimse.pdu.PduItems.PresentationContextRq;
import id.dicomgateway.dimse.pdu.PduItems.UserInformation;
import id.dicomgateway.dimse.pdu.PduReader;
import id.dicomgateway.dimse.pdu.PduWriter;
import id.dicomgateway.dimse.pdu.RejectReason;
import id.dicomgateway.dimse.pdu.RejectResult;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Walks PS3.8 table 9-10: every (state, event) cell, against the standard written down here a
 * second time in another shape (the list of non-empty cells, as pynetdicom lists them), and
 * through the {@link UpperLayer} itself: each event in each state, with a recording transport,
 * timer and user, must take the action the standard gives, reach its next state and do what
 * PS3.8 tables 9-6 to 9-9 say the action does (send which PDU, close, ARTIM, which primitive).
 */
class StateTableTest {

    /** The non-empty cells of PS3.8 table 9-10, "EvtN StaM ACTION". */
    private static final List<String> STANDARD = List.of(
            "1 1 AE-1", "2 4 AE-2", "5 1 AE-5", "7 3 AE-7", "8 3 AE-8", "9 6 DT-1", "9 8 AR-7", "11 6 AR-1",
            "14 8 AR-4", "14 9 AR-9", "14 12 AR-4",
            "3 2 AA-1", "3 3 AA-8", "3 5 AE-3", "3 6 AA-8", "3 7 AA-8", "3 8 AA-8", "3 9 AA-8", "3 10 AA-8",
            "3 11 AA-8", "3 12 AA-8", "3 13 AA-6",
            "4 2 AA-1", "4 3 AA-8", "4 5 AE-4", "4 6 AA-8", "4 7 AA-8", "4 8 AA-8", "4 9 AA-8", "4 10 AA-8",
            "4 11 AA-8", "4 12 AA-8", "4 13 AA-6",
            "6 2 AE-6", "6 3 AA-8", "6 5 AA-8", "6 6 AA-8", "6 7 AA-8", "6 8 AA-8", "6 9 AA-8", "6 10 AA-8",
            "6 11 AA-8", "6 12 AA-8", "6 13 AA-7",
            "10 2 AA-1", "10 3 AA-8", "10 5 AA-8", "10 6 DT-2", "10 7 AR-6", "10 8 AA-8", "10 9 AA-8",
            "10 10 AA-8", "10 11 AA-8", "10 12 AA-8", "10 13 AA-6",
            "12 2 AA-1", "12 3 AA-8", "12 5 AA-8", "12 6 AR-2", "12 7 AR-8", "12 8 AA-8", "12 9 AA-8",
            "12 10 AA-8", "12 11 AA-8", "12 12 AA-8", "12 13 AA-6",
            "13 2 AA-1", "13 3 AA-8", "13 5 AA-8", "13 6 AA-8", "13 7 AR-3", "13 8 AA-8", "13 9 AA-8",
            "13 10 AR-10", "13 11 AR-3", "13 12 AA-8", "13 13 AA-6",
            "15 3 AA-1", "15 4 AA-2", "15 5 AA-1", "15 6 AA-1", "15 7 AA-1", "15 8 AA-1", "15 9 AA-1",
            "15 10 AA-1", "15 11 AA-1", "15 12 AA-1",
            "16 2 AA-2", "16 3 AA-3", "16 5 AA-3", "16 6 AA-3", "16 7 AA-3", "16 8 AA-3", "16 9 AA-3",
            "16 10 AA-3", "16 11 AA-3", "16 12 AA-3", "16 13 AA-2",
            "17 2 AA-5", "17 3 AA-4", "17 4 AA-4", "17 5 AA-4", "17 6 AA-4", "17 7 AA-4", "17 8 AA-4",
            "17 9 AA-4", "17 10 AA-4", "17 11 AA-4", "17 12 AA-4", "17 13 AR-5",
            "18 2 AA-2", "18 13 AA-2",
            "19 2 AA-1", "19 3 AA-8", "19 5 AA-8", "19 6 AA-8", "19 7 AA-8", "19 8 AA-8", "19 9 AA-8",
            "19 10 AA-8", "19 11 AA-8", "19 12 AA-8", "19 13 AA-7");

    /** PS3.8 tables 9-6 to 9-9: the state each action leads to (AE-6 acceptable; AR-8 per role below). */
    private static final Map<String, Integer> NEXT = Map.ofEntries(
            Map.entry("AE-1", 4), Map.entry("AE-2", 5), Map.entry("AE-3", 6), Map.entry("AE-4", 1),
            Map.entry("AE-5", 2), Map.entry("AE-6", 3), Map.entry("AE-7", 6), Map.entry("AE-8", 13),
            Map.entry("DT-1", 6), Map.entry("DT-2", 6), Map.entry("AR-1", 7), Map.entry("AR-2", 8),
            Map.entry("AR-3", 1), Map.entry("AR-4", 13), Map.entry("AR-5", 1), Map.entry("AR-6", 7),
            Map.entry("AR-7", 8), Map.entry("AR-9", 11), Map.entry("AR-10", 12),
            Map.entry("AA-1", 13), Map.entry("AA-2", 1), Map.entry("AA-3", 1), Map.entry("AA-4", 1),
            Map.entry("AA-5", 1), Map.entry("AA-6", 13), Map.entry("AA-7", 13), Map.entry("AA-8", 13));

    private static Map<State, Map<Event, String>> standard() {
        Map<State, Map<Event, String>> cells = new EnumMap<>(State.class);
        for (String cell : STANDARD) {
            String[] f = cell.split(" ");
            State s = State.values()[Integer.parseInt(f[1]) - 1];
            Event e = Event.values()[Integer.parseInt(f[0]) - 1];
            String previous = cells.computeIfAbsent(s, k -> new EnumMap<>(Event.class)).put(e, f[2]);
            assertThat(previous).as("cell listed twice: " + cell).isNull();
        }
        return cells;
    }

    @Test
    void everyCellIsTheStandards() {
        Map<State, Map<Event, String>> standard = standard();
        int filled = 0;
        for (State s : State.values()) {
            for (Event e : Event.values()) {
                String expected = standard.getOrDefault(s, Map.of()).get(e);
                String actual = StateTable.action(s, e).map(Action::label).orElse(null);
                assertThat(actual).as(e.label() + " in " + s.label()).isEqualTo(expected);
                if (actual != null) {
                    filled++;
                }
            }
        }
        assertThat(filled).isEqualTo(STANDARD.size()).isEqualTo(123);
    }

    @Test
    void everyActionLeadsWhereTheStandardSays() {
        for (Action a : Action.values()) {
            if (a == Action.AR_8) {
                assertThat(a.next()).isEqualTo(State.STA9);
                assertThat(a.otherwise()).isEqualTo(State.STA10);
                continue;
            }
            assertThat(a.next().ordinal() + 1).as(a.label()).isEqualTo(NEXT.get(a.label()));
        }
        assertThat(Action.AE_6.otherwise()).isEqualTo(State.STA13);
    }

    /** Each cell through the machine: the action's effects, its next state, the primitive to the user. */
    @Test
    void theMachineWalksEveryCell() {
        Map<State, Map<Event, String>> standard = standard();
        for (UpperLayer.Role role : UpperLayer.Role.values()) {
            for (State s : State.values()) {
                for (Event e : Event.values()) {
                    String action = standard.getOrDefault(s, Map.of()).get(e);
                    Walk w = new Walk(role, s);
                    String cell = role + " " + e.label() + " in " + s.label();
                    if (action == null) {
                        if (local(e)) {
                            assertThatThrownBy(() -> w.fire(e)).as(cell).isInstanceOf(IllegalStateException.class);
                        }
                        continue; // a PDU cannot arrive without a transport (Sta1, Sta4)
                    }
                    w.fire(e);
                    int next = action.equals("AR-8") ? (role == UpperLayer.Role.REQUESTOR ? 9 : 10) : NEXT.get(action);
                    assertThat(w.layer.state().label()).as(cell + " -> " + action).isEqualTo("Sta" + next);
                    w.check(action, cell, e);
                }
            }
        }
    }

    /** Both sides of an ordinary association, one event after the other. */
    @Test
    void anAssociationFromRequestToRelease() {
        Walk scu = new Walk(UpperLayer.Role.REQUESTOR, State.STA1);
        Walk scp = new Walk(UpperLayer.Role.ACCEPTOR, State.STA1);
        scu.layer.associateRequest(() -> Future.succeededFuture(scu.transport), rq());
        assertThat(scu.layer.state()).isEqualTo(State.STA5);
        scp.layer.transportIndication(scp.transport);
        assertThat(scp.layer.state()).isEqualTo(State.STA2);
        assertThat(scp.timers.running()).isTrue();
        scp.layer.received(scu.transport.takeBytes());
        assertThat(scp.user.events).containsExactly("associate indication");
        assertThat(scp.timers.running()).isFalse();
        scp.layer.accept(ac());
        scu.layer.received(scp.transport.takeBytes());
        assertThat(scu.layer.state()).isEqualTo(State.STA6);
        scu.layer.sendPData(1, true, new byte[40], 16 + 6);
        Buffer fragments = scu.transport.takeBytes();
        assertThat(fragments.length()).isEqualTo(40 + 3 * 12); // three PDUs of one PDV each (PS3.8 D.1)
        scp.layer.received(fragments);
        assertThat(scp.user.events).hasSize(4);
        scu.layer.releaseRequest();
        scp.layer.received(scu.transport.takeBytes());
        assertThat(scp.layer.state()).isEqualTo(State.STA8);
        scp.layer.releaseResponse();
        assertThat(scp.layer.state()).isEqualTo(State.STA13);
        scu.layer.received(scp.transport.takeBytes());
        assertThat(scu.layer.state()).isEqualTo(State.STA1);
        assertThat(scu.user.events).containsExactly("accept confirmation", "release confirmation");
        assertThat(scu.transport.closed).isTrue();
        scp.layer.closed();
        assertThat(scp.layer.state()).isEqualTo(State.STA1);
    }

    /** Both sides ask to release at once (PS3.8 9.2, Sta9 to Sta12): both end released. */
    @Test
    void releaseCollision() {
        Walk scu = new Walk(UpperLayer.Role.REQUESTOR, State.STA6);
        Walk scp = new Walk(UpperLayer.Role.ACCEPTOR, State.STA6);
        scu.user.answerRelease = scu.layer;
        scp.user.answerRelease = scp.layer;
        scu.layer.releaseRequest();
        scp.layer.releaseRequest();
        Buffer scuRequest = scu.transport.takeBytes();
        scu.layer.received(scp.transport.takeBytes()); // AR-8: Sta9, answers AR-9: Sta11
        assertThat(scu.layer.state()).isEqualTo(State.STA11);
        scp.layer.received(scuRequest); // AR-8: Sta10
        assertThat(scp.layer.state()).isEqualTo(State.STA10);
        scp.layer.received(scu.transport.takeBytes()); // A-RELEASE-RP: AR-10, Sta12, answers AR-4: Sta13
        assertThat(scp.layer.state()).isEqualTo(State.STA13);
        scu.layer.received(scp.transport.takeBytes()); // A-RELEASE-RP: AR-3, Sta1
        assertThat(scu.layer.state()).isEqualTo(State.STA1);
        assertThat(scu.transport.closed).isTrue();
    }

    /** An unexpected PDU, here A-ASSOCIATE-RQ inside an association: A-ABORT service-provider unexpected-PDU. */
    @Test
    void unexpectedPduAbortsWithItsReason() throws Exception {
        Walk w = new Walk(UpperLayer.Role.ACCEPTOR, State.STA6);
        w.layer.received(PduWriter.encode(rq()));
        assertThat(w.layer.state()).isEqualTo(State.STA13);
        Pdu.AAbort sent = (Pdu.AAbort) w.transport.sent().get(0);
        assertThat(sent.source()).isEqualTo(AbortSource.SERVICE_PROVIDER.code());
        assertThat(sent.reason()).isEqualTo(AbortReason.UNEXPECTED_PDU.code());
        assertThat(w.user.events).containsExactly("provider abort unexpected-PDU");
    }

    private static boolean local(Event e) {
        return Set.of(Event.EVT1, Event.EVT2, Event.EVT5, Event.EVT7, Event.EVT8, Event.EVT9, Event.EVT11,
                Event.EVT14, Event.EVT15, Event.EVT18).contains(e);
    }

    static Pdu.AAssociateRq rq() {
        return new Pdu.AAssociateRq("SCP", "SCU", "1.2.840.10008.3.1.1.1",
                List.of(new PresentationContextRq(1, "1.2.840.10008.1.1", List.of("1.2.840.10008.1.2"))),
                new UserInformation(16384, "1.2.3", "T"));
    }

    static Pdu.AAssociateAc ac() {
        return new Pdu.AAssociateAc("SCP", "SCU", "1.2.840.10008.3.1.1.1",
                List.of(new PresentationContextAc(1, 0, "1.2.840.10008.1.2")), new UserInformation(16384, "1.2.3", "T"));
    }

    /** One machine in one state, with a recording transport, timers and user. */
    private static final class Walk {
        final RecordingTransport transport = new RecordingTransport();
        final ManualTimers timers = new ManualTimers();
        final RecordingUser user = new RecordingUser();
        final UpperLayer layer;
        final boolean artimBefore;

        Walk(UpperLayer.Role role, State state) {
            layer = new UpperLayer(role, "test", user, timers, 1 << 20, 0, Duration.ofSeconds(1));
            if (state != State.STA1) {
                layer.enter(state, transport);
            }
            artimBefore = timers.running();
        }

        void fire(Event e) {
            switch (e) {
                case EVT1 -> layer.fire(e, null);
                case EVT2 -> layer.fire(e, rq());
                case EVT3 -> layer.received(PduWriter.encode(ac()));
                case EVT4 -> layer.received(PduWriter.encode(new Pdu.AAssociateRj(RejectResult.PERMANENT,
                        RejectReason.NO_REASON_GIVEN)));
                case EVT5 -> layer.transportIndication(transport);
                case EVT6 -> layer.received(PduWriter.encode(rq()));
                case EVT7 -> layer.accept(ac());
                case EVT8 -> layer.reject(new Pdu.AAssociateRj(RejectResult.PERMANENT, RejectReason.NO_REASON_GIVEN));
                case EVT9 -> layer.dataRequest();
                case EVT10 -> layer.received(PduWriter.encode(new Pdu.PDataTf(List.of(new Pdv(1, true, true, new byte[2])))));
                case EVT11 -> layer.releaseRequest();
                case EVT12 -> layer.received(PduWriter.encode(new Pdu.AReleaseRq()));
                case EVT13 -> layer.received(PduWriter.encode(new Pdu.AReleaseRp()));
                case EVT14 -> layer.releaseResponse();
                case EVT15 -> layer.fire(e, Pdu.AAbort.byUser());
                case EVT16 -> layer.received(PduWriter.encode(Pdu.AAbort.byUser()));
                case EVT17 -> layer.closed();
                case EVT18 -> layer.fire(e, null);
                case EVT19 -> layer.received(Buffer.buffer(new byte[] {0x09, 0, 0, 0, 0, 0}));
            }
        }

        /** What PS3.8 tables 9-6 to 9-9 say the action does. */
        void check(String action, String cell, Event e) {
            Map<String, String> sends = Map.of("AE-2", "01", "AE-7", "02", "AE-8", "03", "AR-1", "05", "AR-4", "06",
                    "AR-9", "06", "AA-1", "07", "AA-7", "07", "AA-8", "07");
            assertThat(transport.types()).as(cell + " " + action + " sends").isEqualTo(
                    sends.containsKey(action) ? List.of(sends.get(action)) : List.of());
            if (action.equals("AA-8") || action.equals("AA-7") || (action.equals("AA-1") && e != Event.EVT15)) {
                Pdu.AAbort abort = (Pdu.AAbort) transport.sent().get(0);
                assertThat(abort.source()).as(cell + " abort source").isEqualTo(AbortSource.SERVICE_PROVIDER.code());
                assertThat(abort.reason()).as(cell + " abort reason").isEqualTo(e == Event.EVT19
                        ? AbortReason.UNRECOGNIZED_PDU.code() : AbortReason.UNEXPECTED_PDU.code());
            }
            Map<String, String> indications = new HashMap<>(Map.of("AE-3", "accept confirmation",
                    "AE-4", "reject confirmation", "AE-6", "associate indication", "DT-2", "data indication",
                    "AR-6", "data indication", "AR-2", "release indication", "AR-8", "release collision indication",
                    "AR-3", "release confirmation", "AR-10", "release confirmation", "AA-3", "abort indication"));
            indications.put("AA-4", "provider abort null");
            indications.put("AA-8", "provider abort " + (e == Event.EVT19 ? "unrecognized-PDU" : "unexpected-PDU"));
            assertThat(user.events).as(cell + " " + action + " issues").isEqualTo(
                    indications.containsKey(action) ? List.of(indications.get(action)) : List.of());
            if (Set.of("AE-4", "AR-3", "AA-3").contains(action) || (action.equals("AA-2") && e != Event.EVT15)) {
                assertThat(transport.closed).as(cell + " " + action + " closes").isTrue();
            }
            if (Set.of("AE-5", "AE-8", "AR-4", "AA-1", "AA-8").contains(action)) {
                assertThat(timers.running()).as(cell + " " + action + " starts ARTIM").isTrue();
            }
            if (Set.of("AE-6", "AA-2", "AA-5", "AR-5").contains(action)) {
                assertThat(timers.running()).as(cell + " " + action + " stops ARTIM").isFalse();
            }
            if (Set.of("AA-6", "DT-1", "DT-2").contains(action)) {
                assertThat(timers.running()).as(cell + " " + action + " leaves ARTIM").isEqualTo(artimBefore);
            }
        }
    }

    private static final class RecordingTransport implements Transport {
        private Buffer written = Buffer.buffer();
        boolean closed;

        @Override
        public void write(Buffer data) {
            written.appendBuffer(data);
        }

        @Override
        public void end() {
            closed = true;
        }

        @Override
        public void close() {
            closed = true;
        }

        Buffer takeBytes() {
            Buffer b = written;
            written = Buffer.buffer();
            return b;
        }

        List<Pdu> sent() {
            List<Pdu> pdus = new ArrayList<>();
            try {
                new PduReader(1 << 20).feed(written.copy(), pdus::add);
            } catch (PduException e) {
                throw new AssertionError(e);
            }
            return pdus;
        }

        List<String> types() {
            return sent().stream().map(p -> String.format("%02d", p.type())).toList();
        }
    }

    private static final class ManualTimers implements Timers {
        private final Map<Long, Runnable> tasks = new HashMap<>();
        private long next = 1;

        @Override
        public long start(long millis, Runnable task) {
            tasks.put(next, task);
            return next++;
        }

        @Override
        public void cancel(long id) {
            tasks.remove(id);
        }

        boolean running() {
            return !tasks.isEmpty();
        }
    }

    private static final class RecordingUser implements ServiceUser {
        final List<String> events = new ArrayList<>();
        UpperLayer answerRelease;

        @Override
        public void associateIndication(Pdu.AAssociateRq rq) {
            events.add("associate indication");
        }

        @Override
        public void acceptConfirmation(Pdu.AAssociateAc ac) {
            events.add("accept confirmation");
        }

        @Override
        public void rejectConfirmation(Pdu.AAssociateRj rj) {
            events.add("reject confirmation");
        }

        @Override
        public void dataIndication(Pdu.PDataTf data) {
            events.add("data indication");
        }

        @Override
        public void releaseIndication(boolean collision) {
            events.add(collision ? "release collision indication" : "release indication");
            if (answerRelease != null && (collision ? answerRelease.role() == UpperLayer.Role.REQUESTOR : true)) {
                answerRelease.releaseResponse();
            }
        }

        @Override
        public void releaseConfirmation() {
            events.add("release confirmation");
            if (answerRelease != null && answerRelease.state() == State.STA12) {
                answerRelease.releaseResponse();
            }
        }

        @Override
        public void abortIndication(Pdu.AAbort abort) {
            events.add("abort indication");
        }

        @Override
        public void providerAbortIndication(ProviderAbort abort) {
            events.add("provider abort " + (abort.reason() == null ? null : abort.reason().text()));
        }
    }
}
