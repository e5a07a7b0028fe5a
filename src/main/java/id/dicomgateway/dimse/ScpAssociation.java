package id.dicomgateway.dimse;

import id.dicomgateway.dicom.Uids;
import id.dicomgateway.dimse.pdu.AbortReason;
import id.dicomgateway.dimse.pdu.AbortSource;
import id.dicomgateway.dimse.find.FindHandler;
import id.dicomgateway.dimse.find.Identifier;
import id.dicomgateway.dicom.Printable;
import id.dicomgateway.dimse.pdu.ContextResult;
import id.dicomgateway.dimse.pdu.Pdu;
import id.dicomgateway.dimse.pdu.PduItems.Pdv;
import id.dicomgateway.dimse.pdu.PduItems.PresentationContextAc;
import id.dicomgateway.dimse.pdu.PduItems.PresentationContextRq;
import id.dicomgateway.dimse.pdu.PduItems.UserInformation;
import id.dicomgateway.dimse.pdu.RejectReason;
import id.dicomgateway.dimse.pdu.RejectResult;
import id.dicomgateway.dimse.ul.ProtocolViolation;
import id.dicomgateway.dimse.ul.ServiceUser;
import id.dicomgateway.dimse.ul.State;
import id.dicomgateway.dimse.ul.Timers;
import id.dicomgateway.dimse.ul.Transport;
import id.dicomgateway.dimse.ul.UpperLayer;
import io.smallrye.mutiny.subscription.MultiSubscriber;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Flow;
import java.util.regex.Pattern;

/**
 * The acceptor side of one association: ACSE negotiation (PS3.8 7.1, 9.3.3), P-DATA reassembly
 * (annex E) and the SCP's DIMSE services (C-ECHO and C-STORE: PS3.7 9.1.5, 9.1.1; PS3.4 A, B), as
 * the {@link ServiceUser} of an {@link UpperLayer} (the PS3.8 9.2 state machine both roles share),
 * on one Vert.x socket.
 *
 * <p>Services are looked up by command field ({@link #services}): C-ECHO, C-STORE and, when the SCP has a
 * {@link FindHandler}, C-FIND (the worklist, PS3.4 K), whose Identifier is read into memory and answered with
 * one pending response per match; a C-CANCEL stops it (PS3.7 9.1.2.1.5, 9.3.2.3).
 *
 * <p>Confined to the socket's event-loop context. A C-STORE data set goes to disk fragment by
 * fragment through ordered worker tasks (open, write, close: never file I/O on the event loop);
 * the socket is paused while more than {@link InstanceWriter#QUEUE_LIMIT} bytes wait for the disk, so at most
 * one PDU and that queue are in memory. The handler runs on the worker that closed the file; the
 * upper layer holds PDUs back until its response is sent (we never negotiate an asynchronous
 * operations window, so the peer may not send another request before it, PS3.7 D.3.3.3).
 */
final class ScpAssociation implements ServiceUser {

    private static final System.Logger LOG = System.getLogger(ScpAssociation.class.getName());

    /** What the association needs of the SCP that accepted its connection. */
    interface Host {
        /** Takes one of the SCP's association slots; false when they are all taken or it is stopping. */
        boolean tryAcquireAssociation();

        StoreListener listener();

        Path storeDir();

        /** Answers C-FIND requests; null: C-FIND is not an operation of this SCP. */
        default FindHandler find() {
            return null;
        }

        /** The transport closed; {@code counted}: it held a slot. */
        void closed(ScpAssociation association, boolean counted);
    }

    /** An operation this SCP performs: what it does once a request's command set has arrived. */
    @FunctionalInterface
    private interface Service {
        void request(int contextId, CommandSet command);
    }

    /** A-ASSOCIATE-RQ of 128 contexts with several syntaxes each fits easily (PS3.8 allows 255 contexts). */
    private static final int MIN_READER_LIMIT = 64 * 1024;
    private static final Pattern SAFE_UID = Pattern.compile("[0-9.]{1,64}");
    private static final int STATUS_OUT_OF_RESOURCES = 0xA700;
    private static final int STATUS_UNRECOGNIZED_OPERATION = 0x0211;
    /** PS3.4 C.4.1.1.4: pending, matches are continuing; cancelled; identifier does not match SOP class; unable to process. */
    private static final int STATUS_PENDING = 0xFF00;
    private static final int STATUS_CANCEL = 0xFE00;
    private static final int STATUS_IDENTIFIER_DOES_NOT_MATCH = 0xA900;
    private static final int STATUS_UNABLE_TO_PROCESS = 0xC000;
    /** PS3.7 E.1-1. */
    static final int C_FIND_RQ = 0x0020;
    static final int C_FIND_RSP = 0x8020;
    static final int C_CANCEL_RQ = 0x0FFF;
    /** A worklist query is a few hundred bytes; this bounds one in memory. */
    private static final int MAX_IDENTIFIER = 1 << 20;

    private final Host host;
    private final Vertx vertx;
    private final Context context;
    private final NetSocket socket;
    private final ScpSettings settings;
    private final String id;
    private final UpperLayer ul;
    private final long startNanos = System.nanoTime();
    /** The DIMSE services of this SCP, by command field of their request (PS3.7 9.3). */
    private final Map<Integer, Service> services = Map.of(
            CommandSet.C_ECHO_RQ, this::echo,
            CommandSet.C_STORE_RQ, this::store,
            C_FIND_RQ, this::find);

    private final Map<Integer, PresentationContextAc> accepted = new HashMap<>();
    private final Map<Integer, String> abstractSyntaxes = new HashMap<>();
    private long peerMaxPduLength;
    private long bytesReceived;
    private long lastActivity = System.nanoTime();
    private long idleTimer = -1;
    private long totalTimer = -1;
    private boolean counted;

    private AssociationInfo info;
    private AssociationHandler handler;
    /** Set on the event loop; read by file tasks, which drop an instance of an aborted association. */
    private volatile boolean ended;

    /** Reassembly of the command of the message in progress (PS3.8 E.2). */
    private final CommandAssembler commands = new CommandAssembler();
    /** The request whose data set is being received, null between messages. */
    private Incoming incoming;
    /** The C-FIND being answered, null otherwise. */
    private Find finding;
    private boolean diskFull;
    private int instanceCount;
    private Path directory;

    ScpAssociation(Host host, Vertx vertx, NetSocket socket, ScpSettings settings, String id) {
        this.host = host;
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.socket = socket;
        this.settings = settings;
        this.id = id;
        this.ul = new UpperLayer(UpperLayer.Role.ACCEPTOR, id, this, Timers.of(vertx),
                Math.max(settings.maxPduLength(), MIN_READER_LIMIT), settings.maxPduLength(), settings.idleTimeout());
    }

    String id() {
        return id;
    }

    void start() {
        socket.handler(this::onBytes);
        socket.closeHandler(v -> ul.closed());
        socket.exceptionHandler(e -> LOG.log(System.Logger.Level.DEBUG, "association {0}: socket error {1}", id,
                e.toString()));
        // PS3.8 9.1.5, AE-5: ARTIM runs from the transport connection until A-ASSOCIATE-RQ arrives.
        ul.transportIndication(Transport.of(socket));
        totalTimer = vertx.setTimer(settings.associationTimeout().toMillis(), t -> {
            totalTimer = -1;
            abort(AbortSource.SERVICE_USER, AbortReason.REASON_NOT_SPECIFIED,
                    "association lasted longer than " + settings.associationTimeout().toMillis() + " ms");
        });
    }

    /** A-ABORT from our side, when the SCP stops. */
    void shutdown() {
        context.runOnContext(v -> abort(AbortSource.SERVICE_USER, AbortReason.REASON_NOT_SPECIFIED,
                "the Storage SCP is stopping"));
    }

    // ---------------------------------------------------------------------------------------------
    // Input

    private void onBytes(Buffer chunk) {
        State state = ul.state();
        if (state == State.STA1 || state == State.STA13) {
            return; // PS3.8 9.2 AA-6/AA-7: nothing after RJ, RP or abort is read
        }
        lastActivity = System.nanoTime();
        bytesReceived += chunk.length();
        if (bytesReceived > settings.maxBytesPerAssociation()) {
            abort(AbortSource.SERVICE_USER, AbortReason.REASON_NOT_SPECIFIED, "more than "
                    + settings.maxBytesPerAssociation() + " bytes received on one association");
            return;
        }
        try {
            ul.received(chunk);
        } catch (RuntimeException e) {
            internalError(e);
        }
        updateFlow();
    }

    private void internalError(RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "association {0}: internal error: {1}", id, e.toString());
        abort(AbortSource.SERVICE_PROVIDER, AbortReason.REASON_NOT_SPECIFIED, "internal error: " + e);
    }

    // ---------------------------------------------------------------------------------------------
    // Association establishment (PS3.8 9.2 AE-6 .. AE-8)

    @Override
    public void associateIndication(Pdu.AAssociateRq rq) {
        String calling = rq.callingAeTitle().strip();
        String called = rq.calledAeTitle().strip();
        if (!Uids.APPLICATION_CONTEXT.equals(rq.applicationContext())) {
            reject(RejectResult.PERMANENT, RejectReason.APPLICATION_CONTEXT_NAME_NOT_SUPPORTED,
                    "application context " + rq.applicationContext());
            return;
        }
        if (!called.equals(settings.aeTitle())) {
            reject(RejectResult.PERMANENT, RejectReason.CALLED_AE_TITLE_NOT_RECOGNIZED,
                    "called AE title \"" + Printable.escape(called) + "\" is not ours (" + Printable.escape(settings.aeTitle()) + ")");
            return;
        }
        if (!settings.admitsCallingAe(calling, ScpSettings.address(socket.remoteAddress()))) {
            // PS3.8 9.3.4: an AE title not allowed, or allowed only from other addresses, is one we do not
            // recognise from this peer: permanent, source service-user, calling-AE-title-not-recognized.
            reject(RejectResult.PERMANENT, RejectReason.CALLING_AE_TITLE_NOT_RECOGNIZED,
                    "calling AE title \"" + Printable.escape(calling) + "\" is not in the allow-list"
                            + (settings.callingAeAddresses().containsKey(calling) ? " for address " + socket.remoteAddress().hostAddress() : ""));
            return;
        }
        if (!host.tryAcquireAssociation()) {
            reject(RejectResult.TRANSIENT, RejectReason.LOCAL_LIMIT_EXCEEDED,
                    settings.maxAssociations() + " associations already open");
            return;
        }
        counted = true;
        peerMaxPduLength = rq.userInformation().maxPduLength();
        if (peerMaxPduLength != 0 && peerMaxPduLength < 64) {
            throw new ProtocolViolation(AbortReason.INVALID_PDU_PARAMETER_VALUE,
                    "peer maximum PDU length " + peerMaxPduLength + " is too small to carry a response");
        }
        List<PresentationContextAc> results = new ArrayList<>(rq.presentationContexts().size());
        List<AcceptPolicy.Proposal> proposals = new ArrayList<>(rq.presentationContexts().size());
        for (PresentationContextRq pc : rq.presentationContexts()) {
            proposals.add(new AcceptPolicy.Proposal(pc.abstractSyntax(), pc.transferSyntaxes()));
        }
        List<AcceptPolicy.Decision> decisions;
        try {
            decisions = settings.policy().decideAll(proposals);
            if (decisions.size() != proposals.size()) {
                throw new IllegalStateException(decisions.size() + " decisions for " + proposals.size() + " contexts");
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "association {0}: accept policy failed: {1}", id, e.toString());
            decisions = proposals.stream().map(p -> AcceptPolicy.Decision.refuse(ContextResult.PROVIDER_REJECTION)).toList();
        }
        for (int i = 0; i < rq.presentationContexts().size(); i++) {
            PresentationContextRq pc = rq.presentationContexts().get(i);
            AcceptPolicy.Decision d = decisions.get(i);
            if (d.accepted() && !pc.transferSyntaxes().contains(d.transferSyntax())) {
                d = AcceptPolicy.Decision.refuse(ContextResult.TRANSFER_SYNTAXES_NOT_SUPPORTED);
            }
            // PS3.8 9.3.3.2: the transfer syntax sub-item is "not significant" when refused; we echo
            // the first proposed one, as pynetdicom does, since some requestors dislike an empty one.
            String ts = d.accepted() ? d.transferSyntax() : pc.transferSyntaxes().get(0);
            PresentationContextAc ac = new PresentationContextAc(pc.id(), d.result().code(), ts);
            results.add(ac);
            if (d.accepted()) {
                accepted.put(pc.id(), ac);
                abstractSyntaxes.put(pc.id(), pc.abstractSyntax());
            }
        }
        ul.accept(new Pdu.AAssociateAc(rq.calledAeTitle(), rq.callingAeTitle(),
                Uids.APPLICATION_CONTEXT, results, new UserInformation(settings.maxPduLength(),
                Uids.IMPLEMENTATION_CLASS_UID, Uids.IMPLEMENTATION_VERSION_NAME)));
        info = new AssociationInfo(id, calling, called, remote(), Instant.now());
        LOG.log(System.Logger.Level.DEBUG, "association {0} from {1} accepted, {2} of {3} contexts", id, Printable.escape(calling),
                accepted.size(), results.size());
        try {
            handler = host.listener().accepted(info);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "association {0}: listener failed: {1}", id, e.toString());
            abort(AbortSource.SERVICE_USER, AbortReason.REASON_NOT_SPECIFIED, "listener failed: " + e);
            return;
        }
        scheduleIdle();
    }

    private void reject(RejectResult result, RejectReason reason, String why) {
        LOG.log(System.Logger.Level.INFO, "association {0} rejected ({1}, {2}): {3}", id, result.text(),
                reason.text(), why);
        // PS3.8 9.2 AE-8: the requestor closes on RJ; ARTIM bounds a peer that does not.
        ul.reject(new Pdu.AAssociateRj(result, reason));
    }

    private InetSocketAddress remote() {
        SocketAddress a = socket.remoteAddress();
        return a == null ? null : InetSocketAddress.createUnresolved(a.hostAddress() == null ? a.host() : a.hostAddress(),
                a.port());
    }

    // ---------------------------------------------------------------------------------------------
    // DIMSE messages (PS3.8 annex E; PS3.7 9.1.1, 9.1.5)

    @Override
    public void dataIndication(Pdu.PDataTf data) {
        List<Pdv> pdvs = data.pdvs();
        for (int i = 0; i < pdvs.size(); i++) {
            onPdv(pdvs.get(i));
            if (ul.suspended() && i + 1 < pdvs.size() && ul.state() == State.STA6) {
                // The rest of this PDU waits too, ahead of anything that arrived later.
                ul.pushBack(new Pdu.PDataTf(pdvs.subList(i + 1, pdvs.size())));
                return;
            }
        }
    }

    private void onPdv(Pdv pdv) {
        CommandSet command = commands.take(pdv, accepted.containsKey(pdv.presentationContextId()), incoming != null);
        if (command != null) {
            onCommand(pdv.presentationContextId(), command);
        }
        if (pdv.command()) {
            return;
        }
        Incoming in = incoming;
        if (in.contextId != pdv.presentationContextId()) {
            throw new ProtocolViolation(AbortReason.UNEXPECTED_PDU_PARAMETER, "data set of the message on context "
                    + in.contextId + " continues on context " + pdv.presentationContextId());
        }
        if (in.writer != null) {
            in.writer.write(pdv.data());
        }
        if (in.query != null) {
            byte[] bytes = pdv.data();
            if (in.query.size() + bytes.length > MAX_IDENTIFIER) {
                throw new ProtocolViolation(AbortReason.REASON_NOT_SPECIFIED, "a C-FIND identifier over " + MAX_IDENTIFIER + " bytes");
            }
            in.query.writeBytes(bytes);
        }
        if (pdv.last()) {
            incoming = null;
            if (in.store) {
                finishInstance(in);
            } else if (in.query != null) {
                startFind(in);
            } else {
                respond(in.contextId, response(in.command, STATUS_UNRECOGNIZED_OPERATION));
            }
        }
    }

    private void onCommand(int contextId, CommandSet command) {
        if ((command.commandField() & 0x8000) != 0) {
            throw new ProtocolViolation(AbortReason.UNEXPECTED_PDU, "a DIMSE response to an SCP: command field "
                    + String.format("%04X", command.commandField()));
        }
        if (command.commandField() == C_CANCEL_RQ) {
            cancelFind(command);
            return;
        }
        if (finding != null) {
            throw new ProtocolViolation(AbortReason.UNEXPECTED_PDU, "a request while a C-FIND is being answered"
                    + " (no asynchronous operations window was negotiated, PS3.7 D.3.3.3)");
        }
        Service service = services.get(command.commandField());
        if (service != null) {
            service.request(contextId, command);
        } else if (command.hasDataSet()) {
            // PS3.7 C.4.2: an operation we do not perform. Its data set is read and dropped.
            incoming = new Incoming(contextId, command, false);
        } else {
            respond(contextId, response(command, STATUS_UNRECOGNIZED_OPERATION));
        }
    }

    /** Verification SCP (PS3.4 A, PS3.7 9.1.5). */
    private void echo(int contextId, CommandSet command) {
        if (command.hasDataSet()) {
            incoming = new Incoming(contextId, command, false);
            return; // discarded, answered after it
        }
        respond(contextId, response(command, DimseStatus.SUCCESS));
    }

    /** Storage SCP (PS3.4 B, PS3.7 9.1.1): the data set streams to a file, then to the handler. */
    private void store(int contextId, CommandSet command) {
        if (!command.hasDataSet() || command.affectedSopClassUid() == null
                || command.affectedSopInstanceUid() == null) {
            throw new ProtocolViolation(AbortReason.INVALID_PDU_PARAMETER_VALUE,
                    "C-STORE-RQ without data set or without Affected SOP Class/Instance UID");
        }
        Incoming in = new Incoming(contextId, command, true);
        incoming = in;
        openFile(in);
    }

    /** C-FIND SCP (PS3.7 9.1.2, PS3.4 C.4.1.3): the Identifier is gathered in memory, then answered. */
    private void find(int contextId, CommandSet command) {
        if (!command.hasDataSet() || command.affectedSopClassUid() == null) {
            throw new ProtocolViolation(AbortReason.INVALID_PDU_PARAMETER_VALUE, "C-FIND-RQ without Identifier or Affected SOP Class UID");
        }
        Incoming in = new Incoming(contextId, command, false);
        in.query = new ByteArrayOutputStream();
        incoming = in;
    }

    private void startFind(Incoming in) {
        FindHandler handler = host.find();
        if (handler == null) {
            respond(in.contextId, response(in.command, STATUS_UNRECOGNIZED_OPERATION));
            return;
        }
        boolean explicit = explicitVr(in.contextId);
        Identifier query;
        try {
            query = Identifier.read(in.query.toByteArray(), explicit);
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.INFO, "association {0}: C-FIND identifier unreadable: {1}", id, e.getMessage());
            respond(in.contextId, findResponse(in.command, STATUS_IDENTIFIER_DOES_NOT_MATCH, false));
            return;
        }
        Find f = new Find(in.contextId, in.command, explicit);
        finding = f;
        cancelIdle();
        try {
            handler.find(in.command.affectedSopClassUid(), info.callingAeTitle(), query).subscribe().withSubscriber(new MultiSubscriber<Identifier>() {
                @Override
                public void onSubscribe(Flow.Subscription s) {
                    context.runOnContext(v -> {
                        f.subscription = s;
                        if (f.done) {
                            s.cancel();
                        } else {
                            s.request(1);
                        }
                    });
                }

                @Override
                public void onItem(Identifier match) {
                    context.runOnContext(v -> findMatch(f, match));
                }

                @Override
                public void onFailure(Throwable failure) {
                    context.runOnContext(v -> {
                        LOG.log(System.Logger.Level.WARNING, "association {0}: C-FIND failed: {1}", id, failure.toString());
                        endFind(f, STATUS_UNABLE_TO_PROCESS);
                    });
                }

                @Override
                public void onCompletion() {
                    context.runOnContext(v -> endFind(f, DimseStatus.SUCCESS));
                }
            });
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "association {0}: C-FIND handler failed: {1}", id, e.toString());
            endFind(f, STATUS_UNABLE_TO_PROCESS);
        }
    }

    /** One match: a pending response and its Identifier, then the next match is asked for. */
    private void findMatch(Find f, Identifier match) {
        if (f.done || finding != f || ul.state() != State.STA6) {
            return;
        }
        respond(f.contextId, findResponse(f.command, STATUS_PENDING, true));
        ul.sendPData(f.contextId, false, match.encode(f.explicit), peerMaxPduLength);
        lastActivity = System.nanoTime();
        f.subscription.request(1);
    }

    /** The final response, once: success, cancel or failure (PS3.4 C.4.1.1.4). */
    private void endFind(Find f, int status) {
        if (f.done) {
            return;
        }
        f.done = true;
        if (f.subscription != null && status != DimseStatus.SUCCESS) {
            f.subscription.cancel();
        }
        if (finding == f) {
            finding = null;
        }
        if (ul.state() == State.STA6) {
            respond(f.contextId, findResponse(f.command, status, false));
            lastActivity = System.nanoTime();
            scheduleIdle();
        }
    }

    /** C-CANCEL-RQ (PS3.7 9.3.2.3): the C-FIND it names ends with status Cancel; any other is ignored. */
    private void cancelFind(CommandSet cancel) {
        Find f = finding;
        if (f != null && cancel.messageIdBeingRespondedTo() == f.command.messageId()) {
            endFind(f, STATUS_CANCEL);
        }
    }

    private boolean explicitVr(int contextId) {
        String ts = accepted.get(contextId).transferSyntax();
        return !Uids.IMPLICIT_VR_LITTLE_ENDIAN.equals(ts);
    }

    private static CommandSet findResponse(CommandSet rq, int status, boolean withIdentifier) {
        // PS3.7 9.3.2.2: Affected SOP Class UID, Message ID Being Responded To, Command Data Set Type, Status.
        return new CommandSet(C_FIND_RSP, -1, rq.messageId(), rq.affectedSopClassUid(), null, -1,
                withIdentifier ? CommandSet.DATA_SET_PRESENT : CommandSet.NO_DATA_SET, status, null);
    }

    /** Names the instance's file; {@link InstanceWriter} creates it with its Part 10 header. */
    private void openFile(Incoming in) {
        instanceCount++;
        String uid = in.command.affectedSopInstanceUid();
        String name = String.format("%05d", instanceCount) + (SAFE_UID.matcher(uid).matches() ? "-" + uid : "") + ".dcm";
        directory = host.storeDir().resolve(id);
        Buffer header = Part10Header.of(in.command.affectedSopClassUid(), uid,
                accepted.get(in.contextId).transferSyntax(), info.callingAeTitle());
        in.writer = new InstanceWriter(context, directory.resolve(name), header, this::backlog);
    }

    /** Pauses the socket while the instance's writer has more than it takes waiting for the disk. */
    private void backlog(boolean full) {
        diskFull = full;
        updateFlow();
    }

    /** After the last fragment: the file is closed on a worker, then handed to the handler there. */
    private void finishInstance(Incoming in) {
        suspend(); // the peer now waits for our response; nothing of it should arrive meanwhile
        cancelIdle();
        in.handedOver = true;
        InstanceWriter writer = in.writer;
        writer.finish(error -> {
            if (ended) {
                // aborted meanwhile: as for the router, an aborted association's instances are not processed
                InstanceWriter.deleteQuietly(writer.path());
                InstanceWriter.deleteIfEmpty(writer.path().getParent());
                return;
            }
            if (error != null) {
                context.runOnContext(v -> {
                    LOG.log(System.Logger.Level.WARNING, "association {0}: writing {1} failed: {2}", id,
                            writer.path(), error.toString());
                    respondAndResume(in, STATUS_OUT_OF_RESOURCES);
                });
                return;
            }
            callHandler(in, new ReceivedInstance(info, writer.path(), in.command.affectedSopClassUid(),
                    in.command.affectedSopInstanceUid(), accepted.get(in.contextId).transferSyntax(), writer.bytes()));
        });
    }

    /** On the worker that closed the file: the handler's stored() is invoked and subscribed there. */
    private void callHandler(Incoming in, ReceivedInstance instance) {
        try {
            handler.stored(instance).subscribe().with(
                    status -> context.runOnContext(v -> respondAndResume(in, status == null ? 0 : status & 0xFFFF)),
                    failure -> context.runOnContext(v -> handlerFailed(in, instance, failure)));
        } catch (RuntimeException e) {
            context.runOnContext(v -> handlerFailed(in, instance, e));
        }
    }

    private void handlerFailed(Incoming in, ReceivedInstance instance, Throwable failure) {
        LOG.log(System.Logger.Level.WARNING, "association {0}: handler failed for {1}: {2}", id,
                instance.sopInstanceUid(), failure.toString());
        respondAndResume(in, STATUS_OUT_OF_RESOURCES);
    }

    private void respondAndResume(Incoming in, int status) {
        if (ul.state() != State.STA6) {
            return;
        }
        respond(in.contextId, response(in.command, status));
        lastActivity = System.nanoTime();
        scheduleIdle();
        resume();
    }

    private static CommandSet response(CommandSet rq, int status) {
        // PS3.7 9.3.1.2 / 9.3.5.2: the response echoes the affected SOP class and instance.
        return new CommandSet(rq.commandField() | 0x8000, -1, rq.messageId(), rq.affectedSopClassUid(),
                rq.affectedSopInstanceUid(), -1, CommandSet.NO_DATA_SET, status, null);
    }

    /** Sends a command in as many P-DATA-TF PDUs as the peer's Maximum Length requires (PS3.8 D.1). */
    private void respond(int contextId, CommandSet command) {
        ul.sendPData(contextId, true, command.encode(), peerMaxPduLength);
    }

    // ---------------------------------------------------------------------------------------------
    // Flow control

    private void suspend() {
        ul.suspend();
        updateFlow();
    }

    /** Lets held-back PDUs through, in order, until one suspends again. */
    private void resume() {
        try {
            ul.resume();
        } catch (RuntimeException e) {
            internalError(e);
            return;
        }
        updateFlow();
    }

    private void updateFlow() {
        if (ul.state() == State.STA1) {
            return;
        }
        if (ul.suspended() || diskFull) {
            socket.pause();
        } else {
            socket.resume();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Release, abort, close

    @Override
    public void releaseIndication(boolean collision) {
        if (incoming != null || commands.inProgress()) {
            throw new ProtocolViolation(AbortReason.UNEXPECTED_PDU, "A-RELEASE-RQ in the middle of a DIMSE message");
        }
        stopFind();
        // PS3.8 9.2 AR-2 then AR-4: answer A-RELEASE-RP; the requestor then closes the transport.
        cancelIdle();
        ul.releaseResponse();
        LOG.log(System.Logger.Level.DEBUG, "association {0} released after {1} instances", id, instanceCount);
        end(true, null);
    }

    @Override
    public void abortIndication(Pdu.AAbort abort) {
        // PS3.8 9.2 AA-3: the peer aborted; the upper layer closed the transport.
        end(false, "the peer aborted the association (" + abort.describe() + ")");
    }

    @Override
    public void providerAbortIndication(ProviderAbort abort) {
        if (abort.reason() != null) {
            // PS3.8 9.2 AA-8: an invalid or unexpected PDU; the upper layer sent A-ABORT (service-provider).
            LOG.log(System.Logger.Level.INFO, "association {0}: protocol error: {1}", id, abort.message());
            end(false, "protocol error: " + abort.message());
        } else {
            end(false, "the peer closed the connection without A-RELEASE");
        }
    }

    /** Sends A-ABORT (PS3.8 9.2 AA-1), closes, and reports. */
    private void abort(AbortSource source, AbortReason reason, String why) {
        State state = ul.state();
        ul.abort(source, reason);
        if (state != State.STA1 && state != State.STA13) {
            end(false, why);
        }
    }

    @Override
    public void transportClosed(State before) {
        cancelIdle();
        if (totalTimer != -1) {
            vertx.cancelTimer(totalTimer);
            totalTimer = -1;
        }
        if (before == State.STA2) {
            end(false, "the peer closed the connection before an A-ASSOCIATE-RQ");
        }
        cleanUp();
        host.closed(this, counted);
        counted = false;
    }

    /** Reports the end once; files of an unfinished instance are deleted. */
    private void end(boolean released, String why) {
        if (ended) {
            return;
        }
        ended = true;
        stopFind();
        if (!released) {
            LOG.log(System.Logger.Level.DEBUG, "association {0} aborted: {1}", id, why);
        }
        cleanUp();
        if (handler != null) {
            try {
                if (released) {
                    handler.released();
                } else {
                    handler.aborted(why);
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "association {0}: handler failed: {1}", id, e.toString());
            }
        }
    }

    /**
     * An unfinished instance's file is closed and deleted, after the writes already queued; the
     * directory goes too when nothing is left in it (files handed to the handler stay).
     */
    private void cleanUp() {
        Incoming in = incoming;
        incoming = null;
        if (in != null && in.writer != null && !in.handedOver) {
            in.writer.drop();
        } else if (directory != null) {
            Path dir = directory;
            context.<Void>executeBlocking(() -> {
                InstanceWriter.deleteIfEmpty(dir);
                return null;
            }, true);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Timers: idle within the association (ARTIM before and after it is the upper layer's) and total life

    private void scheduleIdle() {
        cancelIdle();
        long ms = settings.idleTimeout().toMillis();
        long left = ms - (System.nanoTime() - lastActivity) / 1_000_000;
        idleTimer = vertx.setTimer(Math.max(1, left), t -> {
            if (idleTimer != t) {
                return;
            }
            idleTimer = -1;
            onIdleTimer();
        });
    }

    private void onIdleTimer() {
        if (ul.state() != State.STA6) {
            return;
        }
        if (ul.suspended() || diskFull) {
            // We are the ones not reading (a file opening, the handler, the disk): not the peer's silence.
            lastActivity = System.nanoTime();
            scheduleIdle();
            return;
        }
        long silentMs = (System.nanoTime() - lastActivity) / 1_000_000;
        if (silentMs >= settings.idleTimeout().toMillis()) {
            abort(AbortSource.SERVICE_USER, AbortReason.REASON_NOT_SPECIFIED,
                    "the peer was silent for " + silentMs + " ms");
        } else {
            scheduleIdle();
        }
    }

    private void cancelIdle() {
        if (idleTimer != -1) {
            vertx.cancelTimer(idleTimer);
            idleTimer = -1;
        }
    }

    long ageMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** A C-FIND still running when the association ends: its matches are no longer wanted. */
    private void stopFind() {
        Find f = finding;
        finding = null;
        if (f != null) {
            f.done = true;
            if (f.subscription != null) {
                f.subscription.cancel();
            }
        }
    }

    /** A C-FIND being answered: on the event loop only. */
    private static final class Find {
        final int contextId;
        final CommandSet command;
        final boolean explicit;
        Flow.Subscription subscription;
        boolean done;

        Find(int contextId, CommandSet command, boolean explicit) {
            this.contextId = contextId;
            this.command = command;
            this.explicit = explicit;
        }
    }

    /** A request whose data set is arriving. */
    private static final class Incoming {
        final int contextId;
        final CommandSet command;
        /** Null for a data set that is read and dropped (an operation we do not perform). */
        InstanceWriter writer;
        final boolean store;
        /** The Identifier of a C-FIND, gathered whole; null otherwise. */
        ByteArrayOutputStream query;
        boolean handedOver;

        Incoming(int contextId, CommandSet command, boolean store) {
            this.contextId = contextId;
            this.command = command;
            this.store = store;
        }
    }
}
