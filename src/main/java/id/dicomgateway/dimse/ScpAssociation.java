package id.dicomgateway.dimse;

import id.dicomgateway.dicom.Printable;
import id.dicomgateway.dicom.Uids;
import id.dicomgateway.dimse.PduItems.Pdv;
import id.dicomgateway.dimse.PduItems.PresentationContextAc;
import id.dicomgateway.dimse.PduItems.PresentationContextRq;
import id.dicomgateway.dimse.PduItems.UserInformation;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The acceptor side of one association: the states of PS3.8 9.2 an association-acceptor passes
 * through, ACSE negotiation (PS3.8 7.1, 9.3.3), P-DATA reassembly (annex E) and the C-ECHO and
 * C-STORE SCP roles (PS3.7 9.1.5, 9.1.1; PS3.4 A, B), on one Vert.x socket.
 *
 * <p>Confined to the socket's event-loop context. A C-STORE data set goes to disk fragment by
 * fragment through ordered worker tasks (open, write, close: never file I/O on the event loop);
 * the socket is paused while more than {@link #FILE_QUEUE} bytes wait for the disk, so at most
 * one PDU and that queue are in memory. The handler runs on the worker that closed the file; the
 * socket is paused until its response is sent (we never negotiate an asynchronous operations
 * window, so the peer may not send another request before it, PS3.7 D.3.3.3).
 */
final class ScpAssociation {

    private static final System.Logger LOG = System.getLogger(ScpAssociation.class.getName());

    /** The acceptor's states of PS3.8 table 9-10 that this SCP passes through. */
    enum State {
        /** Sta2: transport open, awaiting A-ASSOCIATE-RQ (ARTIM running). */
        AWAITING_ASSOCIATE_RQ,
        /** Sta6: established, ready for data transfer. */
        ESTABLISHED,
        /** Sta13: awaiting the peer's transport close after RJ, RP or an abort (ARTIM running). */
        AWAITING_CLOSE,
        /** Sta1: transport closed. */
        CLOSED
    }

    /** A-ASSOCIATE-RQ of 128 contexts with several syntaxes each fits easily (PS3.8 allows 255 contexts). */
    private static final int MIN_READER_LIMIT = 64 * 1024;
    /** Bytes waiting for the disk above which the socket is paused: a few PDUs. */
    private static final int FILE_QUEUE = 1 << 20;
    private static final Pattern SAFE_UID = Pattern.compile("[0-9.]{1,64}");
    private static final int STATUS_OUT_OF_RESOURCES = 0xA700;
    private static final int STATUS_UNRECOGNIZED_OPERATION = 0x0211;

    private final StorageScp scp;
    private final Vertx vertx;
    private final Context context;
    private final NetSocket socket;
    private final ScpSettings settings;
    private final String id;
    private final PduReader reader;
    private final long startNanos = System.nanoTime();

    private State state = State.AWAITING_ASSOCIATE_RQ;
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
    /** True while PDUs must wait: a file opening, a handler running. */
    private boolean suspended;
    private boolean diskFull;
    private final ArrayDeque<Pdu> deferred = new ArrayDeque<>();
    private int instanceCount;
    private Path directory;

    ScpAssociation(StorageScp scp, Vertx vertx, NetSocket socket, ScpSettings settings, String id) {
        this.scp = scp;
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.socket = socket;
        this.settings = settings;
        this.id = id;
        this.reader = new PduReader(Math.max(settings.maxPduLength(), MIN_READER_LIMIT));
    }

    String id() {
        return id;
    }

    void start() {
        socket.handler(this::onBytes);
        socket.closeHandler(v -> onTransportClosed());
        socket.exceptionHandler(e -> LOG.log(System.Logger.Level.DEBUG, "association {0}: socket error {1}", id,
                e.toString()));
        // PS3.8 9.1.5: ARTIM runs from the transport connection until A-ASSOCIATE-RQ arrives.
        scheduleIdle();
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
        if (state == State.CLOSED || state == State.AWAITING_CLOSE) {
            return; // PS3.8 9.2 AA-6/AA-7: ignore anything after RJ, RP or abort
        }
        lastActivity = System.nanoTime();
        bytesReceived += chunk.length();
        if (bytesReceived > settings.maxBytesPerAssociation()) {
            abort(AbortSource.SERVICE_USER, AbortReason.REASON_NOT_SPECIFIED, "more than "
                    + settings.maxBytesPerAssociation() + " bytes received on one association");
            return;
        }
        try {
            reader.feed(chunk, this::onPdu);
        } catch (PduException e) {
            protocolError(e.abortReason(), e.getMessage());
        } catch (ProtocolViolation e) {
            protocolError(e.reason, e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "association {0}: internal error: {1}", id, e.toString());
            abort(AbortSource.SERVICE_PROVIDER, AbortReason.REASON_NOT_SPECIFIED, "internal error: " + e);
        }
    }

    private void onPdu(Pdu pdu) {
        if (state == State.CLOSED || state == State.AWAITING_CLOSE) {
            return;
        }
        if (pdu instanceof Pdu.AAbort a) {
            // PS3.8 9.2 AA-3: the peer aborted; close and report.
            closeAfterAbort("the peer aborted the association (" + a.describe() + ")");
            return;
        }
        if (suspended) {
            deferred.add(pdu);
            return;
        }
        switch (state) {
            case AWAITING_ASSOCIATE_RQ -> {
                if (pdu instanceof Pdu.AAssociateRq rq) {
                    onAssociateRequest(rq);
                } else {
                    throw new ProtocolViolation(AbortReason.UNEXPECTED_PDU, "expected A-ASSOCIATE-RQ, got " + name(pdu));
                }
            }
            case ESTABLISHED -> {
                if (pdu instanceof Pdu.PDataTf data) {
                    checkPduLength(data);
                    List<Pdv> pdvs = data.pdvs();
                    for (int i = 0; i < pdvs.size(); i++) {
                        onPdv(pdvs.get(i));
                        if (suspended && i + 1 < pdvs.size() && state == State.ESTABLISHED) {
                            // The rest of this PDU waits too, ahead of anything that arrived later.
                            deferred.addFirst(new Pdu.PDataTf(pdvs.subList(i + 1, pdvs.size())));
                            return;
                        }
                    }
                } else if (pdu instanceof Pdu.AReleaseRq) {
                    onReleaseRequest();
                } else {
                    throw new ProtocolViolation(AbortReason.UNEXPECTED_PDU, "unexpected " + name(pdu) + " in an association");
                }
            }
            default -> throw new ProtocolViolation(AbortReason.UNEXPECTED_PDU, "unexpected " + name(pdu));
        }
    }

    /** PS3.8 D.1: the peer must not send a P-DATA-TF longer than the Maximum Length we announced. */
    private void checkPduLength(Pdu.PDataTf data) {
        long length = 0;
        for (Pdv pdv : data.pdvs()) {
            length += PduWriter.PDV_HEADER_LENGTH + pdv.data().length;
        }
        if (length > settings.maxPduLength()) {
            throw new ProtocolViolation(AbortReason.INVALID_PDU_PARAMETER_VALUE, "P-DATA-TF of " + length
                    + " bytes exceeds the maximum length " + settings.maxPduLength() + " we announced");
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Association establishment (PS3.8 9.2 AE-6 .. AE-8)

    private void onAssociateRequest(Pdu.AAssociateRq rq) {
        cancelIdle();
        String calling = rq.callingAeTitle().strip();
        String called = rq.calledAeTitle().strip();
        if (!Uids.APPLICATION_CONTEXT.equals(rq.applicationContext())) {
            reject(RejectResult.PERMANENT, RejectReason.APPLICATION_CONTEXT_NAME_NOT_SUPPORTED,
                    "application context " + rq.applicationContext());
            return;
        }
        if (!called.equals(settings.aeTitle())) {
            reject(RejectResult.PERMANENT, RejectReason.CALLED_AE_TITLE_NOT_RECOGNIZED,
                    "called AE title \"" + Printable.escape(called) + "\" is not ours (" + settings.aeTitle() + ")");
            return;
        }
        if (!settings.admitsCallingAe(calling, StorageScp.address(socket.remoteAddress()))) {
            // PS3.8 9.3.4: an AE title not allowed, or allowed only from other addresses, is one we do not
            // recognise from this peer: permanent, source service-user, calling-AE-title-not-recognized.
            reject(RejectResult.PERMANENT, RejectReason.CALLING_AE_TITLE_NOT_RECOGNIZED,
                    "calling AE title \"" + Printable.escape(calling) + "\" is not in the allow-list"
                            + (settings.callingAeAddresses().containsKey(calling) ? " for address " + socket.remoteAddress().hostAddress() : ""));
            return;
        }
        if (!scp.tryAcquireAssociation()) {
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
        state = State.ESTABLISHED;
        socket.write(PduWriter.encode(new Pdu.AAssociateAc(rq.calledAeTitle(), rq.callingAeTitle(),
                Uids.APPLICATION_CONTEXT, results, new UserInformation(settings.maxPduLength(),
                Uids.IMPLEMENTATION_CLASS_UID, Uids.IMPLEMENTATION_VERSION_NAME))));
        info = new AssociationInfo(id, calling, called, remote(), Instant.now());
        LOG.log(System.Logger.Level.DEBUG, "association {0} from {1} accepted, {2} of {3} contexts", id, Printable.escape(calling),
                accepted.size(), results.size());
        try {
            handler = scp.listener().accepted(info);
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
        state = State.AWAITING_CLOSE;
        socket.write(PduWriter.encode(new Pdu.AAssociateRj(result, reason)));
        // PS3.8 9.2 AE-8: the requestor closes on RJ; ARTIM bounds a peer that does not.
        socket.end();
        scheduleIdle();
    }

    private InetSocketAddress remote() {
        SocketAddress a = socket.remoteAddress();
        return a == null ? null : InetSocketAddress.createUnresolved(a.hostAddress() == null ? a.host() : a.hostAddress(),
                a.port());
    }

    // ---------------------------------------------------------------------------------------------
    // DIMSE messages (PS3.8 annex E; PS3.7 9.1.1, 9.1.5)

    private void onPdv(Pdv pdv) {
        PresentationContextAc pc = accepted.get(pdv.presentationContextId());
        if (pc == null) {
            throw new ProtocolViolation(AbortReason.UNEXPECTED_PDU_PARAMETER,
                    "PDV on presentation context " + pdv.presentationContextId() + ", which is not accepted");
        }
        if (pdv.command()) {
            if (incoming != null) {
                throw new ProtocolViolation(AbortReason.UNEXPECTED_PDU, "command fragment inside a data set");
            }
            CommandSet command;
            try {
                command = commands.add(pdv);
            } catch (PduException e) {
                throw new ProtocolViolation(e.abortReason(), e.getMessage());
            }
            if (command != null) {
                onCommand(pdv.presentationContextId(), command);
            }
            return;
        }
        Incoming in = incoming;
        if (in == null) {
            throw new ProtocolViolation(AbortReason.UNEXPECTED_PDU, "data fragment without a command");
        }
        if (in.contextId != pdv.presentationContextId()) {
            throw new ProtocolViolation(AbortReason.UNEXPECTED_PDU_PARAMETER, "data set of the message on context "
                    + in.contextId + " continues on context " + pdv.presentationContextId());
        }
        if (in.writer != null) {
            in.writer.write(pdv.data());
        }
        if (pdv.last()) {
            incoming = null;
            if (in.store) {
                finishInstance(in);
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
        switch (command.commandField()) {
            case CommandSet.C_ECHO_RQ -> {
                if (command.hasDataSet()) {
                    incoming = new Incoming(contextId, command, false);
                    return; // discarded, answered after it
                }
                respond(contextId, response(command, DimseStatus.SUCCESS));
            }
            case CommandSet.C_STORE_RQ -> {
                if (!command.hasDataSet() || command.affectedSopClassUid() == null
                        || command.affectedSopInstanceUid() == null) {
                    throw new ProtocolViolation(AbortReason.INVALID_PDU_PARAMETER_VALUE,
                            "C-STORE-RQ without data set or without Affected SOP Class/Instance UID");
                }
                Incoming in = new Incoming(contextId, command, true);
                incoming = in;
                openFile(in);
            }
            default -> {
                // PS3.7 C.4.2: an operation we do not perform. Its data set, if any, is read and dropped.
                if (command.hasDataSet()) {
                    incoming = new Incoming(contextId, command, false);
                } else {
                    respond(contextId, response(command, STATUS_UNRECOGNIZED_OPERATION));
                }
            }
        }
    }

    /** Names the instance's file; {@link InstanceWriter} creates it with its Part 10 header. */
    private void openFile(Incoming in) {
        instanceCount++;
        String uid = in.command.affectedSopInstanceUid();
        String name = String.format("%05d", instanceCount) + (SAFE_UID.matcher(uid).matches() ? "-" + uid : "") + ".dcm";
        directory = scp.storeDir().resolve(id);
        Buffer header = Part10Header.of(in.command.affectedSopClassUid(), uid,
                accepted.get(in.contextId).transferSyntax(), info.callingAeTitle());
        in.writer = new InstanceWriter(context, directory.resolve(name), header, this::backlog);
    }

    /** Pauses the socket while more than {@link #FILE_QUEUE} bytes wait for the disk. */
    private void backlog(long bytes) {
        if (!diskFull && bytes > FILE_QUEUE) {
            diskFull = true;
            updateFlow();
        } else if (diskFull && bytes <= FILE_QUEUE / 2) {
            diskFull = false;
            updateFlow();
        }
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
        if (state != State.ESTABLISHED) {
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
        byte[] bytes = command.encode();
        long peer = peerMaxPduLength == 0 ? Integer.MAX_VALUE : peerMaxPduLength;
        int maxData = (int) Math.min(Integer.MAX_VALUE, peer - PduWriter.PDV_HEADER_LENGTH);
        int pos = 0;
        do {
            int n = Math.min(maxData, bytes.length - pos);
            Buffer pdu = Buffer.buffer(PduWriter.PDU_HEADER_LENGTH + PduWriter.PDV_HEADER_LENGTH + n);
            PduWriter.appendPDataHeader(pdu, contextId, true, pos + n == bytes.length, n);
            pdu.appendBytes(bytes, pos, n);
            socket.write(pdu);
            pos += n;
        } while (pos < bytes.length);
    }

    // ---------------------------------------------------------------------------------------------
    // Flow control

    private void suspend() {
        suspended = true;
        updateFlow();
    }

    /** Lets deferred PDUs through, in order, until one suspends again. */
    private void resume() {
        suspended = false;
        try {
            while (!suspended && !deferred.isEmpty() && state == State.ESTABLISHED) {
                onPdu(deferred.poll());
            }
        } catch (ProtocolViolation e) {
            protocolError(e.reason, e.getMessage());
            return;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "association {0}: internal error: {1}", id, e.toString());
            abort(AbortSource.SERVICE_PROVIDER, AbortReason.REASON_NOT_SPECIFIED, "internal error: " + e);
            return;
        }
        updateFlow();
    }

    private void updateFlow() {
        if (state == State.CLOSED) {
            return;
        }
        if (suspended || diskFull) {
            socket.pause();
        } else {
            socket.resume();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Release, abort, close

    private void onReleaseRequest() {
        if (incoming != null || commands.inProgress()) {
            throw new ProtocolViolation(AbortReason.UNEXPECTED_PDU, "A-RELEASE-RQ in the middle of a DIMSE message");
        }
        // PS3.8 9.2 AR-2/AR-4: answer A-RELEASE-RP; the requestor then closes the transport.
        state = State.AWAITING_CLOSE;
        socket.write(PduWriter.encode(new Pdu.AReleaseRp()));
        scheduleIdle();
        LOG.log(System.Logger.Level.DEBUG, "association {0} released after {1} instances", id, instanceCount);
        end(true, null);
    }

    private void protocolError(AbortReason reason, String message) {
        // PS3.8 9.2 AA-8: on an invalid or unexpected PDU, A-ABORT (service-provider) and close.
        LOG.log(System.Logger.Level.INFO, "association {0}: protocol error: {1}", id, message);
        abort(AbortSource.SERVICE_PROVIDER, reason,
                "protocol error: " + message);
    }

    /** Sends A-ABORT (PS3.8 9.2 AA-1), closes, and reports. */
    private void abort(AbortSource source, AbortReason reason, String why) {
        if (state == State.CLOSED || state == State.AWAITING_CLOSE) {
            if (state == State.AWAITING_CLOSE) {
                socket.close();
            }
            return;
        }
        state = State.AWAITING_CLOSE;
        socket.write(PduWriter.encode(new Pdu.AAbort(source, reason)));
        socket.end();
        scheduleIdle();
        end(false, why);
    }

    private void closeAfterAbort(String why) {
        state = State.AWAITING_CLOSE;
        socket.close();
        end(false, why);
    }

    private void onTransportClosed() {
        State was = state;
        state = State.CLOSED;
        cancelIdle();
        if (totalTimer != -1) {
            vertx.cancelTimer(totalTimer);
            totalTimer = -1;
        }
        if (was != State.AWAITING_CLOSE) {
            end(false, "the peer closed the connection" + (was == State.AWAITING_ASSOCIATE_RQ
                    ? " before an A-ASSOCIATE-RQ" : " without A-RELEASE"));
        }
        cleanUp();
        scp.closed(this, counted);
        counted = false;
    }

    /** Reports the end once; files of an unfinished instance are deleted. */
    private void end(boolean released, String why) {
        if (ended) {
            return;
        }
        ended = true;
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
        deferred.clear();
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
    // Timers: ARTIM / idle (one timer, re-armed lazily) and total life

    private void scheduleIdle() {
        cancelIdle();
        long ms = settings.idleTimeout().toMillis();
        long left = ms - (System.nanoTime() - lastActivity) / 1_000_000;
        idleTimer = vertx.setTimer(Math.max(1, state == State.AWAITING_CLOSE || state == State.AWAITING_ASSOCIATE_RQ
                ? ms : left), t -> {
            if (idleTimer != t) {
                return;
            }
            idleTimer = -1;
            onIdleTimer();
        });
    }

    private void onIdleTimer() {
        switch (state) {
            case AWAITING_ASSOCIATE_RQ -> {
                // PS3.8 9.2 AA-2: ARTIM expired before A-ASSOCIATE-RQ: close the transport.
                state = State.AWAITING_CLOSE;
                LOG.log(System.Logger.Level.INFO, "association {0}: no A-ASSOCIATE-RQ within {1} ms", id,
                        settings.idleTimeout().toMillis());
                socket.close();
            }
            case AWAITING_CLOSE -> socket.close(); // ARTIM after RJ, RP or abort
            case ESTABLISHED -> {
                if (suspended || diskFull) {
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
            default -> {
            }
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

    private static String name(Pdu pdu) {
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

    /** A request whose data set is arriving. */
    private static final class Incoming {
        final int contextId;
        final CommandSet command;
        /** Null for a data set that is read and dropped (an operation we do not perform). */
        InstanceWriter writer;
        final boolean store;
        boolean handedOver;

        Incoming(int contextId, CommandSet command, boolean store) {
            this.contextId = contextId;
            this.command = command;
            this.store = store;
        }
    }
}
