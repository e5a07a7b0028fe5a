package id.dicomgateway.dimse;

import id.dicomgateway.dimse.ul.ProtocolViolation;
import id.dicomgateway.dimse.pdu.Pdu;
import id.dicomgateway.dimse.pdu.PduReader;
import id.dicomgateway.dimse.pdu.PduWriter;
import id.dicomgateway.dimse.pdu.PduException;
import id.dicomgateway.dimse.pdu.AbortReason;
import id.dicomgateway.dimse.pdu.AbortSource;
import id.dicomgateway.dimse.pdu.PduItems.Pdv;
import id.dicomgateway.dimse.pdu.PduItems.PresentationContextAc;
import id.dicomgateway.dimse.pdu.PduItems.PresentationContextRq;
import id.dicomgateway.dimse.pdu.PduItems.UserInformation;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
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
 * The requestor side of one association: the upper layer state machine of PS3.8 9.2 (the states
 * an association-requestor passes through), ACSE negotiation (PS3.8 7.1) and the exchange of
 * DIMSE messages over P-DATA (PS3.7 6, PS3.8 9.3.5 and annex E), on a Vert.x socket. Data sets go
 * out through {@link PDataSender}, command fragments come in through {@link CommandAssembler}.
 *
 * <p>Confined to one Vert.x event-loop context: every method must be called on it, and every
 * callback runs on it. One DIMSE operation at a time: we never propose an asynchronous operations
 * window, so PS3.7 D.3.3.3's default of one outstanding operation applies.
 *
 * <p>Any abnormal end (A-ABORT received, transport closed, timeout, protocol violation) moves the
 * association to its terminal state with one {@link DimseException} naming the cause; every
 * pending and later operation fails with it.
 */
final class Association {

    private static final System.Logger LOG = System.getLogger(Association.class.getName());

    /** The requestor's states of PS3.8 table 9-10 that this SCU passes through. */
    enum State {
        /** Sta1: idle, no transport. */
        IDLE,
        /** Sta4: awaiting transport connection opening to complete. */
        AWAITING_TRANSPORT_OPEN,
        /** Sta5: awaiting A-ASSOCIATE-AC or -RJ. */
        AWAITING_ASSOCIATE_RESPONSE,
        /** Sta6: association established, ready for data transfer. */
        ESTABLISHED,
        /** Sta7: awaiting A-RELEASE-RP. */
        AWAITING_RELEASE_RESPONSE,
        /** Sta13: awaiting transport connection close (after release or abort). */
        AWAITING_CLOSE
    }

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
    private final PduReader reader;

    private State state = State.IDLE;
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
        this.reader = new PduReader(Math.max(settings.maxPduLength(), 64 * 1024));
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
        state = State.AWAITING_TRANSPORT_OPEN;
        client.connect(destination.port(), destination.host()).onComplete(ar -> {
            if (ar.failed()) {
                fail(new DimseException(FailureCause.CONNECT_FAILED,
                        "cannot connect to " + destination + ": " + ar.cause().getMessage(), ar.cause()), false);
                return;
            }
            socket = ar.result();
            if (failure != null) {
                socket.close();
                return;
            }
            socket.handler(this::onBytes);
            socket.closeHandler(v -> onTransportClosed());
            socket.exceptionHandler(e -> LOG.log(System.Logger.Level.DEBUG, "socket error to {0}: {1}",
                    destination, e.toString()));
            state = State.AWAITING_ASSOCIATE_RESPONSE;
            socket.write(PduWriter.encode(new Pdu.AAssociateRq(destination.calledAeTitle(),
                    destination.callingAeTitle(), APPLICATION_CONTEXT, contexts, userInformation)));
            startTimer(settings.associateTimeout(), "no A-ASSOCIATE response from " + destination + " within ");
        });
        return establishing.future();
    }

    State state() {
        return state;
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
        if (failure != null) {
            return Future.failedFuture(failure);
        }
        if (state != State.ESTABLISHED || operation != null) {
            throw new IllegalStateException("invoke in state " + state + (operation != null ? " with an operation outstanding" : ""));
        }
        Operation op = new Operation(request.messageId(), presentationContextId);
        if (dataSet == null) {
            operation = op;
            sendCommand(presentationContextId, request);
            op.dataSent = true;
            startTimer(settings.dimseTimeout(), "no DIMSE response from " + destination + " within ");
            return op.promise.future();
        }
        operation = op;
        // A stat on a worker, never on the event loop: an unreadable file fails alone, before
        // anything of its message is on the wire.
        context.<Long>executeBlocking(() -> {
            long size = Files.size(dataSet.file());
            if (!Files.isReadable(dataSet.file())) {
                throw new IOException("not readable");
            }
            return size;
        }, false).onComplete(ar -> {
            if (operation != op || failure != null) {
                return; // the association ended meanwhile: op has failed with it
            }
            long length;
            try {
                if (ar.failed()) {
                    throw ar.cause() instanceof IOException io ? io : new IOException(ar.cause().toString(), ar.cause());
                }
                long fromFile = dataSet.length() >= 0 ? dataSet.length() : ar.result() - dataSet.offset();
                length = dataSet.prefix().length + fromFile;
                if (fromFile < 0 || length <= 0) {
                    throw new IOException("no data set after offset " + dataSet.offset());
                }
            } catch (IOException e) {
                operation = null;
                op.promise.tryFail(new DimseException(FailureCause.READ_ERROR,
                        "cannot read " + dataSet.file().getFileName() + ": " + e.getMessage(), e));
                return;
            }
            sendCommand(presentationContextId, request);
            PDataSender sender = new PDataSender(socket, presentationContextId, dataSet, length, ar.result(),
                    sendPduLength(), new SenderEvents(op, dataSet));
            op.sender = sender;
            op.bytes = sender.length();
            sender.start();
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
        if (state != State.ESTABLISHED || operation != null) {
            throw new IllegalStateException("release in state " + state);
        }
        releasing = Promise.promise();
        state = State.AWAITING_RELEASE_RESPONSE;
        socket.write(PduWriter.encode(new Pdu.AReleaseRq()));
        startTimer(settings.releaseTimeout(), "no A-RELEASE-RP from " + destination + " within ");
        return releasing.future();
    }

    /** A-ABORT from our side as service-user (PS3.8 9.2 AA-1), e.g. when the caller gives up. */
    void abort(String why) {
        fail(new DimseException(FailureCause.ASSOCIATION_ABORTED, "aborted by us: " + why), true);
    }

    private void sendCommand(int presentationContextId, CommandSet command) {
        byte[] bytes = command.encode();
        int maxData = sendPduLength() - PduWriter.PDV_HEADER_LENGTH;
        int pos = 0;
        do {
            int n = Math.min(maxData, bytes.length - pos);
            Buffer pdu = Buffer.buffer(PduWriter.PDU_HEADER_LENGTH + PduWriter.PDV_HEADER_LENGTH + n);
            PduWriter.appendPDataHeader(pdu, presentationContextId, true, pos + n == bytes.length, n);
            pdu.appendBytes(bytes, pos, n);
            socket.write(pdu);
            pos += n;
        } while (pos < bytes.length);
    }

    private void onBytes(Buffer chunk) {
        if (state == State.IDLE || state == State.AWAITING_CLOSE) {
            return; // PS3.8 9.2 AA-6/AA-7: ignore anything after we aborted or released
        }
        try {
            reader.feed(chunk, this::onPdu);
        } catch (PduException e) {
            protocolError(e.abortReason(), e.getMessage());
        } catch (ProtocolViolation e) {
            protocolError(e.reason(), e.getMessage());
        }
    }

    private void onPdu(Pdu pdu) {
        if (failure != null || state == State.AWAITING_CLOSE) {
            return;
        }
        if (pdu instanceof Pdu.AAbort abort) {
            // PS3.8 9.2 AA-3: the peer aborted; close and report.
            fail(new DimseException(FailureCause.ASSOCIATION_ABORTED,
                    destination + " aborted the association (" + abort.describe() + ")"), false);
            return;
        }
        switch (state) {
            case AWAITING_ASSOCIATE_RESPONSE -> {
                if (pdu instanceof Pdu.AAssociateAc ac) {
                    onAssociateAccept(ac);
                } else if (pdu instanceof Pdu.AAssociateRj rj) {
                    fail(new DimseException(FailureCause.ASSOCIATION_REJECTED,
                            destination + " rejected the association: " + rj.describe()), false);
                } else {
                    throw new ProtocolViolation(AbortReason.UNEXPECTED_PDU, "unexpected " + name(pdu)
                            + " while awaiting A-ASSOCIATE-AC");
                }
            }
            case ESTABLISHED, AWAITING_RELEASE_RESPONSE -> {
                if (pdu instanceof Pdu.PDataTf data) {
                    for (Pdv pdv : data.pdvs()) {
                        onPdv(pdv);
                    }
                } else if (pdu instanceof Pdu.AReleaseRp && state == State.AWAITING_RELEASE_RESPONSE) {
                    // PS3.8 9.2 AR-3: release confirmed, the requestor closes the transport.
                    cancelTimer();
                    state = State.AWAITING_CLOSE;
                    socket.close();
                    Promise<Void> p = releasing;
                    releasing = null;
                    p.complete();
                } else {
                    // A-RELEASE-RQ from the acceptor (a collision we never provoke), A-ASSOCIATE-*, ...
                    throw new ProtocolViolation(AbortReason.UNEXPECTED_PDU, "unexpected " + name(pdu) + " in state " + state);
                }
            }
            default -> throw new ProtocolViolation(AbortReason.UNEXPECTED_PDU, "unexpected " + name(pdu) + " in state " + state);
        }
    }

    private void onAssociateAccept(Pdu.AAssociateAc ac) {
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
        state = State.ESTABLISHED;
        LOG.log(System.Logger.Level.DEBUG, "association with {0} established, peer max PDU {1}", destination,
                peerMaxPduLength);
        Promise<Association> p = establishing;
        establishing = null;
        p.complete(this);
    }

    /** Reassembles command and data fragments (PS3.8 E.2) into one DIMSE message. */
    private void onPdv(Pdv pdv) {
        PresentationContextAc pc = results.get(pdv.presentationContextId());
        if (pc == null || !pc.accepted()) {
            throw new ProtocolViolation(AbortReason.INVALID_PDU_PARAMETER_VALUE,
                    "PDV on presentation context " + pdv.presentationContextId() + " which is not accepted");
        }
        if (pdv.command()) {
            if (receivedCommand != null) {
                throw new ProtocolViolation(AbortReason.UNEXPECTED_PDU, "command fragment while a data set was expected");
            }
            CommandSet command;
            try {
                command = commands.add(pdv);
            } catch (PduException e) {
                throw new ProtocolViolation(e.abortReason(), e.getMessage());
            }
            if (command == null) {
                return;
            }
            if (command.hasDataSet()) {
                receivedCommand = command; // a response data set: not used by C-STORE/C-ECHO, skipped
                return;
            }
            onResponse(command);
        } else {
            if (receivedCommand == null) {
                throw new ProtocolViolation(AbortReason.UNEXPECTED_PDU, "data fragment without a command");
            }
            if (pdv.last()) {
                CommandSet command = receivedCommand;
                receivedCommand = null;
                onResponse(command);
            }
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

    private void protocolError(AbortReason abortReason, String message) {
        // PS3.8 9.2 AA-8: on an invalid or unexpected PDU, send A-ABORT (service-provider) and close.
        LOG.log(System.Logger.Level.WARNING, "protocol error with {0}: {1}", destination, message);
        failure(new DimseException(FailureCause.PROTOCOL_ERROR, "protocol error with " + destination + ": " + message),
                new Pdu.AAbort(AbortSource.SERVICE_PROVIDER, abortReason));
    }

    private void onTransportClosed() {
        if (state == State.AWAITING_CLOSE || failure != null) {
            state = State.IDLE;
            return;
        }
        fail(new DimseException(FailureCause.CONNECTION_LOST, destination + " closed the connection"
                + (state == State.AWAITING_ASSOCIATE_RESPONSE ? " before answering the association request" : "")), false);
    }

    private void fail(DimseException e, boolean sendAbort) {
        failure(e, sendAbort ? Pdu.AAbort.byUser() : null);
    }

    private void failure(DimseException e, Pdu.AAbort abort) {
        if (failure != null) {
            return;
        }
        failure = e;
        cancelTimer();
        if (socket != null) {
            if (abort != null && state != State.AWAITING_CLOSE) {
                socket.write(PduWriter.encode(abort));
            }
            socket.close();
        }
        state = State.AWAITING_CLOSE;
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
                // PS3.8 9.2 AA-2 style: the peer is unresponsive; abort so it frees its resources.
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

    /** A DIMSE response and how many data set bytes the request carried. */
    record Response(CommandSet command, long dataSetBytes) {
    }

    /**
     * The data set of a DIMSE request: {@code prefix} from memory, then {@code length} bytes of
     * {@code file} from {@code offset}; a negative length means up to the end of the file.
     */
    record DataSetRegion(byte[] prefix, Path file, long offset, long length) {
        private static final byte[] NONE = new byte[0];

        DataSetRegion(Path file, long offset, long length) {
            this(NONE, file, offset, length);
        }

        static DataSetRegion toEnd(Path file, long offset) {
            return new DataSetRegion(file, offset, -1);
        }
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

        Operation(int messageId, int presentationContextId) {
            this.messageId = messageId;
            this.presentationContextId = presentationContextId;
        }
    }
}
