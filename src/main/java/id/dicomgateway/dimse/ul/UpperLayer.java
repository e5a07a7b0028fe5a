package id.dicomgateway.dimse.ul;

import id.dicomgateway.dimse.pdu.AbortReason;
import id.dicomgateway.dimse.pdu.AbortSource;
import id.dicomgateway.dimse.pdu.Pdu;
import id.dicomgateway.dimse.pdu.PduException;
import id.dicomgateway.dimse.pdu.PduItems.Pdv;
import id.dicomgateway.dimse.pdu.PduReader;
import id.dicomgateway.dimse.pdu.PduWriter;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.function.Supplier;

/**
 * One association's upper layer, for either role: the state machine of PS3.8 9.2, driven by
 * {@link StateTable} (table 9-10). Every event, a received PDU, a local primitive, the transport
 * closing, ARTIM, goes through {@link #fire}: the table names the action, {@link #perform} does
 * what PS3.8 tables 9-6 to 9-9 say that action does to the transport and the timer, moves to the
 * action's next state and then issues the primitive to the {@link ServiceUser} (ACSE and DIMSE of
 * the role, which lives above this package).
 *
 * <p>Confined to one event-loop context. Knows PDUs, not DIMSE messages: command sets, data sets
 * and files are the user's.
 *
 * <p>Where we differ from the letter of PS3.8, on purpose:
 * <ul>
 *   <li>AA-1 for a PDU that arrives in Sta2 (before any A-ASSOCIATE-RQ) names the fault: source
 *       service-provider with the reason, as AA-8 does, not service-user without one.</li>
 *   <li>After sending A-ABORT or A-ASSOCIATE-RJ we close the transport as soon as the PDU is
 *       flushed rather than wait for the peer to (ARTIM still runs): a peer that never closes
 *       would hold a connection for nothing.</li>
 *   <li>AE-6 finds every A-ASSOCIATE-RQ acceptable: the {@link PduReader} has refused what is
 *       malformed (Evt19); the user rejects what it will not serve (Evt8, AE-8).</li>
 * </ul>
 */
public final class UpperLayer {

    private static final System.Logger LOG = System.getLogger(UpperLayer.class.getName());

    /** Which side of the association we are (PS3.8 7.1); decides AR-8's next state. */
    public enum Role { REQUESTOR, ACCEPTOR }

    private final Role role;
    private final String label;
    private final ServiceUser user;
    private final Timers timers;
    private final Duration artim;
    private final PduReader reader;
    /** PS3.8 D.1: the Maximum Length we announced, which a P-DATA-TF must not exceed; 0: not checked. */
    private final long maxPDataLength;
    private final ArrayDeque<Pdu> deferred = new ArrayDeque<>();

    private Transport transport;
    private State state = State.STA1;
    private long artimTimer = -1;
    private boolean suspended;

    /**
     * @param label          names the association in log lines (escaped AE titles, an id)
     * @param readLimit      the largest PDU the reader takes (PS3.8 D.1 plus the A-ASSOCIATE PDUs)
     * @param maxPDataLength the Maximum Length we announce, checked on each P-DATA-TF; 0 not to check
     * @param artim          the ARTIM timeout of PS3.8 9.1.5
     */
    public UpperLayer(Role role, String label, ServiceUser user, Timers timers, long readLimit, long maxPDataLength,
                      Duration artim) {
        this.role = role;
        this.label = label;
        this.user = user;
        this.timers = timers;
        this.artim = artim;
        this.reader = new PduReader(readLimit);
        this.maxPDataLength = maxPDataLength;
    }

    public State state() {
        return state;
    }

    public Role role() {
        return role;
    }

    // ---------------------------------------------------------------------------------------------
    // Local primitives

    /**
     * Evt1 then Evt2: A-ASSOCIATE request. AE-1 opens the transport through {@code connect}
     * (which wires the socket's handlers to {@link #received} and {@link #closed}); AE-2 sends the
     * request. A connection that fails is Evt17 in Sta4 (AA-4).
     */
    public void associateRequest(Supplier<Future<Transport>> connect, Pdu.AAssociateRq rq) {
        fire(Event.EVT1, null);
        connect.get().onComplete(ar -> {
            if (ar.failed()) {
                if (state == State.STA4) {
                    fire(Event.EVT17, new ProviderAbortCause("cannot connect: " + ar.cause().getMessage(), ar.cause()));
                }
                return;
            }
            transport = ar.result();
            if (state != State.STA4) {
                transport.close(); // aborted meanwhile (Evt15 in Sta4, AA-2)
                return;
            }
            fire(Event.EVT2, rq);
        });
    }

    /** Evt5: a transport connection arrived (AE-5: ARTIM runs until the A-ASSOCIATE-RQ). */
    public void transportIndication(Transport accepted) {
        this.transport = accepted;
        fire(Event.EVT5, null);
    }

    /** Evt7: A-ASSOCIATE response (accept), AE-7. */
    public void accept(Pdu.AAssociateAc ac) {
        fire(Event.EVT7, ac);
    }

    /** Evt8: A-ASSOCIATE response (reject), AE-8. */
    public void reject(Pdu.AAssociateRj rj) {
        fire(Event.EVT8, rj);
    }

    /**
     * Evt9: P-DATA request (DT-1, AR-7), for a data set the user puts on the transport itself
     * ({@link PDataSender}, in blocks read from its file). Throws {@link IllegalStateException} where the table has no such cell.
     */
    public void dataRequest() {
        fire(Event.EVT9, null);
    }

    /**
     * Evt9 for bytes in memory: one message's fragments (command or data, PS3.8 E.2) in as many
     * P-DATA-TF PDUs of one PDV as {@code maxPduLength} (the peer's, PS3.8 D.1; 0 for none) needs.
     */
    public void sendPData(int presentationContextId, boolean command, byte[] bytes, long maxPduLength) {
        fire(Event.EVT9, null);
        long limit = maxPduLength == 0 ? Integer.MAX_VALUE : maxPduLength;
        int maxData = (int) Math.min(Integer.MAX_VALUE, limit - PduWriter.PDV_HEADER_LENGTH);
        int pos = 0;
        do {
            int n = Math.min(maxData, bytes.length - pos);
            Buffer pdu = Buffer.buffer(PduWriter.PDU_HEADER_LENGTH + PduWriter.PDV_HEADER_LENGTH + n);
            PduWriter.appendPDataHeader(pdu, presentationContextId, command, pos + n == bytes.length, n);
            pdu.appendBytes(bytes, pos, n);
            transport.write(pdu);
            pos += n;
        } while (pos < bytes.length);
    }

    /** Evt11: A-RELEASE request, AR-1. */
    public void releaseRequest() {
        fire(Event.EVT11, null);
    }

    /** Evt14: A-RELEASE response, AR-4 or AR-9. */
    public void releaseResponse() {
        fire(Event.EVT14, null);
    }

    /**
     * Evt15: A-ABORT request (AA-1; AA-2 while the transport is still opening). In Sta13 the
     * association is already gone: the transport is closed at once. In Sta1 nothing happens. In
     * Sta2 (an acceptor stopping, or a limit hit, before any A-ASSOCIATE-RQ) AA-1 as for a PDU there.
     */
    public void abort(AbortSource source, AbortReason reason) {
        if (state == State.STA1) {
            return;
        }
        if (state == State.STA13) {
            transport.close();
            return;
        }
        if (state == State.STA2) {
            // No association yet, so no Evt15 cell: the provider does what Sta2 does with anything but an
            // A-ASSOCIATE-RQ, AA-1.
            perform(Action.AA_1, Event.EVT15, new Pdu.AAbort(source, reason));
            return;
        }
        fire(Event.EVT15, new Pdu.AAbort(source, reason));
    }

    /** Holds PDUs (not A-ABORT) back until {@link #resume}: the user is busy (a file opening, a handler). */
    public void suspend() {
        suspended = true;
    }

    public boolean suspended() {
        return suspended;
    }

    /** Delivers the PDUs held back, in order, until the user suspends again. */
    public void resume() {
        suspended = false;
        while (!suspended && !deferred.isEmpty() && state != State.STA1 && state != State.STA13) {
            dispatch(deferred.poll());
        }
    }

    /**
     * From inside a P-DATA indication that suspended: the rest of that PDU waits too, ahead of
     * anything that arrived later.
     */
    public void pushBack(Pdu rest) {
        deferred.addFirst(rest);
    }

    // ---------------------------------------------------------------------------------------------
    // Transport events

    /** Bytes from the transport: PDUs as they complete (Evt3..Evt16), Evt19 for what is no PDU. */
    public void received(Buffer chunk) {
        if (state == State.STA1) {
            return;
        }
        try {
            reader.feed(chunk, this::onPdu);
        } catch (PduException e) {
            invalid(e.abortReason(), e.getMessage());
        }
    }

    /** Evt17: the transport closed. */
    public void closed() {
        State before = state;
        if (state != State.STA1) {
            fire(Event.EVT17, new ProviderAbortCause("the transport connection closed", null));
        }
        stopArtim();
        deferred.clear();
        user.transportClosed(before);
    }

    private void onPdu(Pdu pdu) {
        if (state == State.STA1) {
            return;
        }
        if (suspended && pdu.type() != Pdu.TYPE_A_ABORT) {
            deferred.add(pdu);
            return;
        }
        dispatch(pdu);
    }

    private void dispatch(Pdu pdu) {
        if (pdu instanceof Pdu.PDataTf data && maxPDataLength > 0 && (state == State.STA6 || state == State.STA7)) {
            long length = 0;
            for (Pdv pdv : data.pdvs()) {
                length += PduWriter.PDV_HEADER_LENGTH + pdv.data().length;
            }
            if (length > maxPDataLength) {
                invalid(AbortReason.INVALID_PDU_PARAMETER_VALUE, "P-DATA-TF of " + length
                        + " bytes exceeds the maximum length " + maxPDataLength + " we announced");
                return;
            }
        }
        try {
            fire(Event.received(pdu), pdu);
        } catch (ProtocolViolation e) {
            invalid(e.reason(), e.getMessage());
        }
    }

    /** Evt19: an unrecognized or invalid PDU, or one the user found invalid. */
    private void invalid(AbortReason reason, String message) {
        fire(Event.EVT19, new Invalid(reason, message));
    }

    /** Test seam: puts the machine in {@code into} on {@code over}, as if it had got there. */
    void enter(State into, Transport over) {
        this.state = into;
        this.transport = over;
        if (into == State.STA2 || into == State.STA13) {
            startArtim();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // The machine

    /**
     * Looks the event up in PS3.8 table 9-10 and performs the action. An empty cell is a local
     * primitive in a state that cannot take it: the caller's mistake.
     */
    void fire(Event event, Object argument) {
        State from = state;
        Action action = StateTable.action(from, event).orElseThrow(() ->
                new IllegalStateException(event.label() + " (" + event.description() + ") in " + from.label()));
        perform(action, event, argument);
    }

    private void perform(Action action, Event event, Object argument) {
        State from = state;
        switch (action) {
            case AE_1 -> state = State.STA4;
            case AE_2 -> {
                transport.write(PduWriter.encode((Pdu.AAssociateRq) argument));
                state = State.STA5;
            }
            case AE_3 -> {
                state = State.STA6;
                user.acceptConfirmation((Pdu.AAssociateAc) argument);
            }
            case AE_4 -> {
                transport.close();
                state = State.STA1;
                user.rejectConfirmation((Pdu.AAssociateRj) argument);
            }
            case AE_5 -> {
                startArtim();
                state = State.STA2;
            }
            case AE_6 -> {
                stopArtim();
                state = State.STA3;
                user.associateIndication((Pdu.AAssociateRq) argument);
            }
            case AE_7 -> {
                transport.write(PduWriter.encode((Pdu.AAssociateAc) argument));
                state = State.STA6;
            }
            case AE_8 -> {
                transport.write(PduWriter.encode((Pdu.AAssociateRj) argument));
                transport.end();
                startArtim();
                state = State.STA13;
            }
            case DT_1, AR_7 -> {
                // the user writes the P-DATA-TF PDUs; the state stays
            }
            case DT_2, AR_6 -> user.dataIndication((Pdu.PDataTf) argument);
            case AR_1 -> {
                transport.write(PduWriter.encode(new Pdu.AReleaseRq()));
                state = State.STA7;
            }
            case AR_2 -> {
                state = State.STA8;
                user.releaseIndication(false);
            }
            case AR_3 -> {
                transport.close();
                state = State.STA1;
                user.releaseConfirmation();
            }
            case AR_4 -> {
                transport.write(PduWriter.encode(new Pdu.AReleaseRp()));
                startArtim();
                state = State.STA13;
            }
            case AR_5, AA_5 -> {
                stopArtim();
                state = State.STA1;
            }
            case AR_8 -> {
                state = role == Role.REQUESTOR ? action.next() : action.otherwise();
                user.releaseIndication(true);
            }
            case AR_9 -> {
                transport.write(PduWriter.encode(new Pdu.AReleaseRp()));
                state = State.STA11;
            }
            case AR_10 -> {
                state = State.STA12;
                user.releaseConfirmation();
            }
            case AA_1 -> {
                Pdu.AAbort abort = argument instanceof Pdu.AAbort a ? a
                        : argument instanceof Invalid invalid ? new Pdu.AAbort(AbortSource.SERVICE_PROVIDER, invalid.reason)
                        : new Pdu.AAbort(AbortSource.SERVICE_PROVIDER, AbortReason.UNEXPECTED_PDU);
                if (!(argument instanceof Pdu.AAbort)) {
                    LOG.log(System.Logger.Level.INFO, "association {0}: {1} before an A-ASSOCIATE-RQ: A-ABORT", label,
                            what(event, argument));
                }
                sendAbort(abort);
                state = State.STA13;
            }
            case AA_2 -> {
                stopArtim();
                if (transport != null) {
                    transport.close();
                }
                state = State.STA1;
                if (event == Event.EVT18 && from == State.STA2) {
                    LOG.log(System.Logger.Level.INFO, "association {0}: no A-ASSOCIATE-RQ within {1} ms", label,
                            artim.toMillis());
                }
            }
            case AA_3 -> {
                transport.close();
                state = State.STA1;
                user.abortIndication((Pdu.AAbort) argument);
            }
            case AA_4 -> {
                state = State.STA1;
                ProviderAbortCause cause = (ProviderAbortCause) argument;
                user.providerAbortIndication(new ServiceUser.ProviderAbort(from, null, cause.message, cause.cause));
            }
            case AA_6 -> {
                // ignore the PDU: the association is gone
            }
            case AA_7 -> {
                AbortReason reason = argument instanceof Invalid invalid ? invalid.reason : AbortReason.UNEXPECTED_PDU;
                transport.write(PduWriter.encode(new Pdu.AAbort(AbortSource.SERVICE_PROVIDER, reason)));
            }
            case AA_8 -> {
                AbortReason reason = argument instanceof Invalid invalid ? invalid.reason : AbortReason.UNEXPECTED_PDU;
                String message = what(event, argument) + " in " + from.label();
                sendAbort(new Pdu.AAbort(AbortSource.SERVICE_PROVIDER, reason));
                state = State.STA13;
                user.providerAbortIndication(new ServiceUser.ProviderAbort(from, reason, message, null));
            }
            default -> throw new IllegalStateException("no action " + action);
        }
    }

    /** AA-1, AA-8: A-ABORT, then the transport goes once it is flushed; ARTIM bounds the wait. */
    private void sendAbort(Pdu.AAbort abort) {
        transport.write(PduWriter.encode(abort));
        if (role == Role.REQUESTOR) {
            transport.close();
        } else {
            transport.end();
        }
        startArtim();
        deferred.clear();
    }

    private void startArtim() {
        stopArtim();
        artimTimer = timers.start(artim.toMillis(), this::onArtim);
    }

    private void onArtim() {
        artimTimer = -1;
        if (state == State.STA2 || state == State.STA13) {
            fire(Event.EVT18, null);
        }
    }

    private void stopArtim() {
        if (artimTimer != -1) {
            timers.cancel(artimTimer);
            artimTimer = -1;
        }
    }

    private static String what(Event event, Object argument) {
        if (argument instanceof Invalid invalid) {
            return invalid.message;
        }
        if (argument instanceof Pdu pdu) {
            return "unexpected " + name(pdu);
        }
        return event.description();
    }

    /** The PDU's name as PS3.8 9.3 writes it. */
    public static String name(Pdu pdu) {
        return switch (pdu.type()) {
            case Pdu.TYPE_A_ASSOCIATE_RQ -> "A-ASSOCIATE-RQ";
            case Pdu.TYPE_A_ASSOCIATE_AC -> "A-ASSOCIATE-AC";
            case Pdu.TYPE_A_ASSOCIATE_RJ -> "A-ASSOCIATE-RJ";
            case Pdu.TYPE_P_DATA_TF -> "P-DATA-TF";
            case Pdu.TYPE_A_RELEASE_RQ -> "A-RELEASE-RQ";
            case Pdu.TYPE_A_RELEASE_RP -> "A-RELEASE-RP";
            default -> "A-ABORT";
        };
    }

    /** Evt19's argument: what was wrong and the A-ABORT reason to send. */
    private record Invalid(AbortReason reason, String message) {
    }

    /** Evt17's argument. */
    private record ProviderAbortCause(String message, Throwable cause) {
    }
}
