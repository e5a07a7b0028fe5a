package id.dicomgateway.dimse;

import id.dicomgateway.dimse.pdu.AbortReason;
import id.dicomgateway.dimse.pdu.AbortSource;
import id.dicomgateway.dimse.pdu.Pdu;
import id.dicomgateway.dimse.pdu.PduItems.Pdv;
import id.dicomgateway.dimse.pdu.PduItems.PresentationContextAc;
import id.dicomgateway.dimse.pdu.PduItems.PresentationContextRq;
import id.dicomgateway.dimse.pdu.PduItems.UserInformation;
import id.dicomgateway.dimse.ul.ProtocolViolation;
import id.dicomgateway.dimse.ul.ServiceUser;
import id.dicomgateway.dimse.ul.State;
import id.dicomgateway.dimse.ul.Timers;
import id.dicomgateway.dimse.ul.Transport;
import id.dicomgateway.dimse.ul.UpperLayer;
import id.dicomgateway.dimse.ul.DataSetRegion;
import id.dicomgateway.dimse.ul.PDataSender;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The requestor side of one association: ACSE negotiation (PS3.8 7.1) and the exchange of DIMSE
 * messages over P-DATA (PS3.7 6, PS3.8 9.3.5 and annex E), as the {@link ServiceUser} of an
 * {@link UpperLayer} (the PS3.8 9.2 state machine both roles share). Data sets go out through
 * {@link PDataSender}, command fragments come in through {@link CommandAssembler}.
 *
 * <p>Confined to one Vert.x event-loop context: every method must be called on it, and every
 * callback runs on it. One DIMSE operation at a time: we never propose an asynchronous operations
 * window, so PS3.7 D.3.3.3's default of one outstanding operation applies.
 *
 * <p>Any abnormal end (A-ABORT received, transport closed, timeout, protocol violation) ends the
 * association with one {@link DimseException} naming the cause; every pending and later operation
 * fails with it.
 */
final class Association implements ServiceUser {

    private static final System.Logger LOG = System.getLogger(Association.class.getName());

    /** PS3.7 annex A / PS3.8 annex A: the DICOM application context name. */
    static final String APPLICATION_CONTEXT = id.dicomgateway.dicom.Uids.APPLICATION_CONTEXT;
    /** Used when the peer says "unlimited" (0) and it is below our own limit: big enough for throughput. */
    private static final int UNLIMITED_PEER_PDU = 256 * 1024;

    private final Vertx vertx;
    private final Context context;
    private final Destination destination;
    private final DimseSettings settings;
    private final Map<Integer, PresentationContextRq> proposed = new LinkedHashMap<>();
    private final Map<Integer, PresentationContextAc> results = new LinkedHashMap<>();
    private final UpperLayer ul;

    private NetSocket socket;
    private volatile DimseException failure;
    private long timer = -1;
    private long peerMaxPduLength;
    private int messageId;

    private Promise<Association> establishing;
    private Promise<Void> releasing;
    private Operation operation;

    private final CommandAssembler commands = new CommandAssembler();
    private CommandSet receivedCommand;

    private Association(Vertx vertx, Context context, Destination destination, DimseSettings settings,
                        List<PresentationContextRq> contexts) {
        this.vertx = vertx;
        this.context = context;
        this.destination = destination;
        this.settings = settings;
        for (PresentationContextRq pc : contexts) {
            proposed.put(pc.id(), pc);
        }
        this.ul = new UpperLayer(UpperLayer.Role.REQUESTOR, destination.toString(), this, Timers.of(vertx),
                Math.max(settings.maxPduLength(), 64 * 1024), 0, settings.releaseTimeout());
    }

    /**
     * Opens the transport and negotiates (PS3.8 9.2 AE-1..AE-3). Call on an event-loop context;
     * the returned future fails with a {@link DimseException}.
     */
    static Future<Association> request(Vertx vertx, NetClient client, Destination destination,
                                       DimseSettings settings, List<PresentationContextRq> contexts,
                                       UserInformation userInformation) {
        Context context = Vertx.currentContext();
        if (context == null) {
            throw new IllegalStateException("Association.request must run on a Vert.x context");
        }
        Association association = new Association(vertx, context, destination, settings, contexts);
        return association.start(client, contexts, userInformation);
    }

    private Future<Association> start(NetClient client, List<PresentationContextRq> contexts,
                                      UserInformation userInformation) {
        establishing = Promise.promise();
        ul.associateRequest(() -> client.connect(destination.port(), destination.host()).map(s -> {
            socket = s;
            s.handler(ul::received);
            s.closeHandler(v -> ul.closed());
            s.exceptionHandler(e -> LOG.log(System.Logger.Level.DEBUG, "socket error to {0}: {1}",
                    destination, e.toString()));
            if (failure == null) {
                startTimer(settings.associateTimeout(), "no A-ASSOCIATE response from " + destination + " within ");
            }
            return Transport.of(s);
        }), new Pdu.AAssociateRq(destination.calledAeTitle(), destination.callingAeTitle(), APPLICATION_CONTEXT,
                contexts, userInformation));
        return establishing.future();
    }

    /** The upper layer's state, PS3.8 table 9-10. */
    State state() {
        return ul.state();
    }

    /** The association is over (released, aborted or failed) or going. */
    boolean ended() {
        return failure != null || ul.state() == State.STA13 || ul.state() == State.STA1;
    }

    Destination destination() {
        return destination;
    }

    /** The peer's result for each proposed context, by ID (PS3.8 9.3.3.2). */
    Map<Integer, PresentationContextAc> presentationContextResults() {
        return Collections.unmodifiableMap(results);
    }

    /** Peer's Maximum Length Received (PS3.8 D.1); 0 means no limit. */
    long peerMaxPduLength() {
        return peerMaxPduLength;
    }

    /** Largest P-DATA-TF variable field we send: the peer's limit, ours when it has none. */
    int sendPduLength() {
        if (peerMaxPduLength == 0) {
            return Math.min(settings.maxPduLength(), UNLIMITED_PEER_PDU);
        }
        return (int) Math.min(peerMaxPduLength, settings.maxPduLength());
    }

    DimseException failure() {
        return failure;
    }

    int nextMessageId() {
        // PS3.7 9.3.1.1: Message ID is a US; it only needs to be unique among outstanding operations.
        messageId = messageId % 0xFFFF + 1;
        return messageId;
    }

    /**
     * Sends a DIMSE request and, if {@code dataSet} is given, its data set, then waits for the
     * response (PS3.7 9.1). Completes only when both the data set is fully sent and the response
     * has arrived. Fails with a {@link DimseException}.
     *
     * <p>The data set goes out in P-DATA-TF PDUs of one PDV each, no larger than the peer accepts
     * (PS3.8 D.1), see {@link PDataSender}. Conversions run on a worker before this is called.
     *
     * <p>A failure to open the file fails this operation alone (READ_ERROR); a read failure after
     * part of the message went out cannot be repaired (PS3.7 has no way to cancel a C-STORE), so
     * it aborts the association.
     */
    Future<Response> invoke(int presentationContextId, CommandSet request, DataSetRegion dataSet) {
        return invoke(presentationContextId, request, dataSet == null ? null : new DataSetAhead(presentationContextId, dataSet,
                sender(presentationContextId, dataSet, fileSize(dataSet.file()), false)), null);
    }

    /**
     * A stat on a worker, never on the event loop: the file's size, or a failure when it cannot be read. Asked for the
     * next instance while one is sent, it costs the association no wait.
     */
    Future<Long> fileSize(Path file) {
        return context.executeBlocking(() -> {
            long size = Files.size(file);
            if (!Files.isReadable(file)) {
                throw new IOException("not readable");
            }
            return size;
        }, false);
    }

    /**
     * The data set of a C-STORE to come on context {@code presentationContextId}, its first blocks read now (to a peer
     * of small PDUs, {@link PDataSender#prepare}): while the operation before it waits for its response (one at a time,
     * PS3.7 9.1), the file is read, and once invoked its data go out at once. Unused, it is {@link DataSetAhead#discard}ed.
     */
    DataSetAhead readAhead(int presentationContextId, DataSetRegion dataSet, Future<Long> fileSize) {
        return new DataSetAhead(presentationContextId, dataSet, sender(presentationContextId, dataSet, fileSize, true));
    }

    /** A data set read ahead of its C-STORE ({@link #readAhead}), or about to be read. */
    record DataSetAhead(int presentationContextId, DataSetRegion region, Future<PDataSender> sender) {
        /** Not sent after all: its reading stops, its blocks go. */
        void discard() {
            sender.onSuccess(PDataSender::stop);
        }
    }

    /** The sender of {@code dataSet} once its file's size is known; fails with the IOException that makes it unreadable. */
    private Future<PDataSender> sender(int presentationContextId, DataSetRegion dataSet, Future<Long> fileSize, boolean readNow) {
        return fileSize.transform(ar -> {
            try {
                if (ar.failed()) {
                    throw ar.cause() instanceof IOException io ? io : new IOException(ar.cause().toString(), ar.cause());
                }
                long fromFile = dataSet.length() >= 0 ? dataSet.length() : ar.result() - dataSet.offset();
                long length = dataSet.prefix().length + fromFile;
                if (fromFile < 0 || length <= 0) {
                    throw new IOException("no data set after offset " + dataSet.offset());
                }
                PDataSender sender = new PDataSender(socket, context, presentationContextId, dataSet, length, ar.result(),
                        sendPduLength());
                if (readNow && failure == null) {
                    sender.prepare();
                }
                return Future.succeededFuture(sender);
            } catch (IOException e) {
                return Future.failedFuture(e);
            }
        });
    }

    /**
     * As {@link #invoke(int, CommandSet, DataSetRegion)} with a data set read ahead ({@link #readAhead}, on the context it
     * was read for); {@code whenSent}, if given, runs once the data set is in the kernel (the time to read the next one).
     */
    Future<Response> invoke(CommandSet request, DataSetAhead dataSet, Runnable whenSent) {
        return invoke(dataSet.presentationContextId(), request, dataSet, whenSent);
    }

    private Future<Response> invoke(int presentationContextId, CommandSet request, DataSetAhead ahead, Runnable whenSent) {
        if (failure != null) {
            return Future.failedFuture(failure);
        }
        if (ul.state() != State.STA6 || operation != null) {
            throw new IllegalStateException("invoke in state " + ul.state() + (operation != null ? " with an operation outstanding" : ""));
        }
        Operation op = new Operation(request.messageId(), presentationContextId);
        if (ahead == null) {
            operation = op;
            sendCommand(presentationContextId, request);
            op.dataSent = true;
            startTimer(settings.dimseTimeout(), "no DIMSE response from " + destination + " within ");
            return op.promise.future();
        }
        operation = op;
        DataSetRegion dataSet = ahead.region();
        // An unreadable file fails alone, before anything of its message is on the wire.
        ahead.sender().onComplete(ar -> {
            if (operation != op || failure != null) {
                ahead.discard();
                return; // the association ended meanwhile: op has failed with it
            }
            if (ar.failed()) {
                operation = null;
                op.promise.tryFail(new DimseException(FailureCause.READ_ERROR,
                        "cannot read " + dataSet.file().getFileName() + ": " + ar.cause().getMessage(), ar.cause()));
                return;
            }
            sendCommand(presentationContextId, request);
            ul.dataRequest();
            PDataSender sender = ar.result();
            op.sender = sender;
            op.bytes = sender.length();
            op.whenSent = whenSent;
            sender.start(new SenderEvents(op, dataSet));
        });
        return op.promise.future();
    }

    /** The data set sender's progress, turned into timers and the operation's outcome. */
    private final class SenderEvents implements PDataSender.Events {
        private final Operation op;
        private final DataSetRegion region;

        SenderEvents(Operation op, DataSetRegion region) {
            this.op = op;
            this.region = region;
        }

        @Override
        public void waitingForPeer() {
            startTimer(settings.dimseTimeout(), destination + " stopped reading our data for ");
        }

        @Override
        public void progressed() {
            cancelTimer();
        }

        @Override
        public void sent() {
            op.dataSent = true;
            if (op.whenSent != null) {
                op.whenSent.run();
            }
            if (op.response != null) {
                completeOperation(op);
            } else {
                startTimer(settings.dimseTimeout(), "no DIMSE response from " + destination + " within ");
            }
        }

        @Override
        public void failed(Throwable cause) {
            String why = "reading " + region.file().getFileName() + " failed after part of it was sent: "
                    + cause.getMessage();
            operation = null;
            // The association's failure first, so whoever hears of the operation's sees it too.
            fail(new DimseException(FailureCause.ASSOCIATION_ABORTED, "association aborted by us: " + why), true);
            op.promise.tryFail(new DimseException(FailureCause.READ_ERROR, why, cause));
        }
    }

    /** A-RELEASE (PS3.8 9.2 AR-1): completes when A-RELEASE-RP arrives and the transport is closed. */
    Future<Void> release() {
        if (failure != null) {
            return Future.failedFuture(failure);
        }
        if (ul.state() != State.STA6 || operation != null) {
            throw new IllegalStateException("release in state " + ul.state());
        }
        releasing = Promise.promise();
        ul.releaseRequest();
        startTimer(settings.releaseTimeout(), "no A-RELEASE-RP from " + destination + " within ");
        return releasing.future();
    }

    /** A-ABORT from our side as service-user (PS3.8 9.2 AA-1), e.g. when the caller gives up. */
    void abort(String why) {
        fail(new DimseException(FailureCause.ASSOCIATION_ABORTED, "aborted by us: " + why), true);
    }

    private void sendCommand(int presentationContextId, CommandSet command) {
        ul.sendPData(presentationContextId, true, command.encode(), sendPduLength());
    }

    // ---------------------------------------------------------------------------------------------
    // The upper layer's primitives (PS3.8 9.2)

    @Override
    public void acceptConfirmation(Pdu.AAssociateAc ac) {
        cancelTimer();
        if (!APPLICATION_CONTEXT.equals(ac.applicationContext())) {
            throw new ProtocolViolation(AbortReason.INVALID_PDU_PARAMETER_VALUE,
                    "peer answered application context " + ac.applicationContext());
        }
        for (PresentationContextAc pc : ac.presentationContexts()) {
            PresentationContextRq rq = proposed.get(pc.id());
            if (rq == null) {
                throw new ProtocolViolation(AbortReason.INVALID_PDU_PARAMETER_VALUE,
                        "A-ASSOCIATE-AC answers presentation context " + pc.id() + " that we did not propose");
            }
            if (pc.accepted() && !rq.transferSyntaxes().contains(pc.transferSyntax())) {
                throw new ProtocolViolation(AbortReason.INVALID_PDU_PARAMETER_VALUE, "presentation context " + pc.id()
                        + " accepted with transfer syntax " + pc.transferSyntax() + " that we did not propose");
            }
            results.put(pc.id(), pc);
        }
        peerMaxPduLength = ac.userInformation().maxPduLength();
        if (peerMaxPduLength != 0 && peerMaxPduLength < 64) {
            throw new ProtocolViolation(AbortReason.INVALID_PDU_PARAMETER_VALUE,
                    "peer maximum PDU length " + peerMaxPduLength + " is too small to carry anything");
        }
        LOG.log(System.Logger.Level.DEBUG, "association with {0} established, peer max PDU {1}", destination,
                peerMaxPduLength);
        Promise<Association> p = establishing;
        establishing = null;
        p.complete(this);
    }

    @Override
    public void rejectConfirmation(Pdu.AAssociateRj rj) {
        fail(new DimseException(FailureCause.ASSOCIATION_REJECTED,
                destination + " rejected the association: " + rj.describe()), false);
    }

    @Override
    public void dataIndication(Pdu.PDataTf data) {
        if (failure != null) {
            return;
        }
        for (Pdv pdv : data.pdvs()) {
            onPdv(pdv);
        }
    }

    @Override
    public void releaseIndication(boolean collision) {
        // The acceptor asked to release (a collision we never provoke, or out of turn): not a
        // requestor's business here; we abort as for any unexpected PDU.
        throw new ProtocolViolation(AbortReason.UNEXPECTED_PDU, "unexpected A-RELEASE-RQ in state " + ul.state());
    }

    @Override
    public void releaseConfirmation() {
        // PS3.8 9.2 AR-3: release confirmed, the transport is closed.
        cancelTimer();
        Promise<Void> p = releasing;
        releasing = null;
        if (p != null) {
            p.complete();
        }
    }

    @Override
    public void abortIndication(Pdu.AAbort abort) {
        // PS3.8 9.2 AA-3: the peer aborted.
        fail(new DimseException(FailureCause.ASSOCIATION_ABORTED,
                destination + " aborted the association (" + abort.describe() + ")"), false);
    }

    @Override
    public void providerAbortIndication(ProviderAbort abort) {
        if (abort.reason() != null) {
            // PS3.8 9.2 AA-8: the peer's PDU was invalid or unexpected; the upper layer sent A-ABORT.
            LOG.log(System.Logger.Level.WARNING, "protocol error with {0}: {1}", destination, abort.message());
            fail(new DimseException(FailureCause.PROTOCOL_ERROR, "protocol error with " + destination + ": "
                    + abort.message()), false);
        } else if (abort.in() == State.STA4) {
            Throwable cause = abort.cause();
            fail(new DimseException(FailureCause.CONNECT_FAILED, "cannot connect to " + destination + ": "
                    + (cause == null ? abort.message() : cause.getMessage()), cause), false);
        } else {
            fail(new DimseException(FailureCause.CONNECTION_LOST, destination + " closed the connection"
                    + (abort.in() == State.STA5 ? " before answering the association request" : "")), false);
        }
    }

    /** Reassembles command and data fragments (PS3.8 E.2) into one DIMSE message. */
    private void onPdv(Pdv pdv) {
        PresentationContextAc pc = results.get(pdv.presentationContextId());
        CommandSet command = commands.take(pdv, pc != null && pc.accepted(), receivedCommand != null);
        if (command != null && command.hasDataSet()) {
            receivedCommand = command; // a response data set: not used by C-STORE/C-ECHO, skipped
        } else if (command != null) {
            onResponse(command);
        } else if (!pdv.command() && pdv.last()) {
            CommandSet response = receivedCommand;
            receivedCommand = null;
            onResponse(response);
        }
    }

    private void onResponse(CommandSet response) {
        Operation op = operation;
        if (op == null || (response.commandField() & 0x8000) == 0
                || response.messageIdBeingRespondedTo() != op.messageId) {
            throw new ProtocolViolation(AbortReason.UNEXPECTED_PDU, "unexpected DIMSE message, command field "
                    + String.format("%04X", response.commandField()) + ", responding to "
                    + response.messageIdBeingRespondedTo());
        }
        op.response = response;
        if (op.dataSent) {
            completeOperation(op);
        }
        // else: an early response (the peer gave up on our data set); finish sending first, as
        // the message must be complete before the next one starts (PS3.8 E.2).
    }

    private void completeOperation(Operation op) {
        cancelTimer();
        operation = null;
        op.promise.tryComplete(new Response(op.response, op.bytes));
    }

    /** Ends the association once: A-ABORT (service-user) when asked, then every pending promise fails with {@code e}. */
    private void fail(DimseException e, boolean sendAbort) {
        if (failure != null) {
            return;
        }
        failure = e;
        cancelTimer();
        if (sendAbort) {
            ul.abort(AbortSource.SERVICE_USER, AbortReason.REASON_NOT_SPECIFIED);
        }
        LOG.log(System.Logger.Level.DEBUG, "association with {0} ended: {1} {2}", destination, e.cause(),
                e.getMessage());
        if (establishing != null) {
            Promise<Association> p = establishing;
            establishing = null;
            p.fail(e);
        }
        if (operation != null) {
            Operation op = operation;
            operation = null;
            if (op.sender != null) {
                op.sender.stop();
            }
            op.promise.tryFail(e);
        }
        if (releasing != null) {
            Promise<Void> p = releasing;
            releasing = null;
            p.fail(e);
        }
    }

    private void startTimer(Duration timeout, String what) {
        cancelTimer();
        timer = vertx.setTimer(Math.max(1, timeout.toMillis()), id -> {
            if (timer == id) {
                timer = -1;
                // Evt15, AA-1: the peer is unresponsive; abort so it frees its resources.
                fail(new DimseException(FailureCause.TIMEOUT, what + timeout.toMillis() + " ms"), true);
            }
        });
    }

    private void cancelTimer() {
        if (timer != -1) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }

    /** A DIMSE response and how many data set bytes the request carried. */
    record Response(CommandSet command, long dataSetBytes) {
    }

    /** One outstanding DIMSE operation. */
    private static final class Operation {
        final int messageId;
        final int presentationContextId;
        final Promise<Response> promise = Promise.promise();
        PDataSender sender;
        boolean dataSent;
        CommandSet response;
        /** Data set bytes put on the wire. */
        long bytes;
        /** Runs once the data set is in the kernel. */
        Runnable whenSent;

        Operation(int messageId, int presentationContextId) {
            this.messageId = messageId;
            this.presentationContextId = presentationContextId;
        }
    }
}
