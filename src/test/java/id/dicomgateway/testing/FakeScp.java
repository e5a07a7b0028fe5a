package id.dicomgateway.testing;

import id.dicomgateway.dimse.CommandSet;
import id.dicomgateway.dimse.Destination;
import id.dicomgateway.dimse.pdu.Pdu;
import id.dicomgateway.dimse.pdu.PduReader;
import id.dicomgateway.dimse.pdu.PduWriter;

import id.dicomgateway.dimse.pdu.PduItems.Pdv;
import id.dicomgateway.dimse.pdu.PduItems.PresentationContextAc;
import id.dicomgateway.dimse.pdu.PduItems.PresentationContextRq;
import id.dicomgateway.dimse.pdu.PduItems.UserInformation;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A scriptable Storage SCP for fault tests, built on our own PDU classes over blocking sockets:
 * it can reject, abort, close, answer any status, stop answering or stop reading, at a chosen
 * instance. One thread per connection; {@link #close()} stops everything.
 */
public final class FakeScp implements AutoCloseable {

    public static final String AE_TITLE = "FAKESCP";

    /** What to do when the n-th C-STORE-RQ (0-based, per association) has fully arrived. */
    public sealed interface Action {
    }

    public record Respond(int status, String comment) implements Action {
    }

    public record Abort() implements Action {
    }

    public record Close() implements Action {
    }

    /** Send these bytes instead of an answer. */
    public record Raw(byte[] bytes) implements Action {
    }

    /** Never answer; keep reading. */
    public record Silent() implements Action {
    }

    public static Action success() {
        return new Respond(0, null);
    }

    /** Decides the A-ASSOCIATE answer; the default accepts every context with its first syntax. */
    public volatile Function<Pdu.AAssociateRq, Pdu> onAssociate = this::acceptAllWithOurMaxPdu;
    /** Decides per stored instance. */
    public volatile Function<Integer, Action> onStore = n -> success();
    /** When set, after this many C-STORE-RQ commands the peer stops reading the socket altogether. */
    public volatile int stopReadingAtStore = -1;
    /** When true, A-RELEASE-RQ gets no answer. */
    public volatile boolean ignoreRelease;
    /** When true, the A-ASSOCIATE-RQ gets no answer at all. */
    public volatile boolean ignoreAssociate;

    /** Maximum Length Received the fake announces (PS3.8 D.1). */
    public volatile long maxPduLength = 16384;
    /** The largest P-DATA-TF variable field received. */
    public final AtomicInteger largestPData = new AtomicInteger();
    /** Data set bytes received, by SOP Instance UID (tests send small instances). */
    public final java.util.Map<String, byte[]> datasets = new java.util.concurrent.ConcurrentHashMap<>();
    /** SOP Instance UIDs whose C-STORE was answered with success (or a warning). */
    public final List<String> stored = new CopyOnWriteArrayList<>();
    /** SOP Instance UIDs whose data set fully arrived, in arrival order, whatever the answer. */
    public final List<String> received = new CopyOnWriteArrayList<>();
    public final List<String> events = new CopyOnWriteArrayList<>();
    public final AtomicInteger concurrent = new AtomicInteger();
    public final AtomicInteger maxConcurrent = new AtomicInteger();
    public final AtomicInteger associations = new AtomicInteger();

    private final ServerSocket server;
    private final List<Socket> sockets = Collections.synchronizedList(new ArrayList<>());
    private final Thread acceptor;

    public FakeScp() throws IOException {
        this(0);
    }

    /** Waits until {@link #events} holds the event (e.g. "A-ABORT", "A-RELEASE-RQ"), failing after the timeout. */
    public void awaitEvent(String event, java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!events.contains(event)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + event + " at the fake SCP; events: " + events);
            }
            Thread.sleep(10);
        }
    }

    /** Listens on {@code port} (0: any free one); a fixed port lets a test stop the peer and start it again. */
    public FakeScp(int port) throws IOException {
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        acceptor = new Thread(this::acceptLoop, "fake-scp-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public boolean isClosed() {
        return server.isClosed();
    }

    public int port() {
        return server.getLocalPort();
    }

    public Destination destination() {
        return new Destination("127.0.0.1", port(), AE_TITLE, "GATEWAY");
    }

    public Pdu acceptAllWithOurMaxPdu(Pdu.AAssociateRq rq) {
        return acceptAll(rq, maxPduLength);
    }

    public static Pdu acceptAll(Pdu.AAssociateRq rq) {
        return acceptAll(rq, 16384);
    }

    public static Pdu acceptAll(Pdu.AAssociateRq rq, long maxPduLength) {
        List<PresentationContextAc> pcs = new ArrayList<>();
        for (PresentationContextRq pc : rq.presentationContexts()) {
            pcs.add(new PresentationContextAc(pc.id(), 0, pc.transferSyntaxes().get(0)));
        }
        return new Pdu.AAssociateAc(rq.calledAeTitle(), rq.callingAeTitle(), rq.applicationContext(), pcs,
                new UserInformation(maxPduLength, "1.2.3.4.5", "FAKESCP"));
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                sockets.add(s);
                Thread t = new Thread(() -> serve(s), "fake-scp-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            PduReader reader = new PduReader(1 << 24);
            Conversation c = new Conversation(out);
            try {
                loop(c, in, reader, socket);
            } finally {
                c.ended();
            }
        } catch (Exception e) {
            events.add("connection ended: " + e);
        }
    }

    private void loop(Conversation c, InputStream in, PduReader reader, Socket socket) throws Exception {
        byte[] buf = new byte[65536];
        int n;
        while (!c.done && (n = in.read(buf)) > 0) {
            reader.feed(Buffer.buffer(java.util.Arrays.copyOf(buf, n)), pdu -> {
                try {
                    c.on(pdu);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            while (c.stopReading && !server.isClosed() && !socket.isClosed()) {
                Thread.sleep(20); // hold the connection open, reading nothing
            }
        }
    }

    private final class Conversation {
        final OutputStream out;
        final ByteArrayOutputStream command = new ByteArrayOutputStream();
        final ByteArrayOutputStream dataset = new ByteArrayOutputStream();
        CommandSet pending;
        int storeIndex;
        boolean done;
        boolean stopReading;
        boolean active;

        /** Counts the association as open from A-ASSOCIATE-RQ until A-RELEASE-RQ, abort or close. */
        void ended() {
            if (active) {
                active = false;
                concurrent.decrementAndGet();
            }
        }

        Conversation(OutputStream out) {
            this.out = out;
        }

        void on(Pdu pdu) throws IOException {
            if (done) {
                return;
            }
            if (pdu instanceof Pdu.AAssociateRq rq) {
                events.add("A-ASSOCIATE-RQ called=" + rq.calledAeTitle());
                active = true;
                associations.incrementAndGet();
                maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
                if (!ignoreAssociate) {
                    send(onAssociate.apply(rq));
                }
            } else if (pdu instanceof Pdu.AReleaseRq) {
                events.add("A-RELEASE-RQ");
                ended();
                if (!ignoreRelease) {
                    send(new Pdu.AReleaseRp());
                    done = true;
                }
            } else if (pdu instanceof Pdu.AAbort abort) {
                events.add("A-ABORT");
                events.add("A-ABORT " + abort.describe());
                done = true;
            } else if (pdu instanceof Pdu.PDataTf data) {
                int length = 0;
                for (Pdv pdv : data.pdvs()) {
                    length += PduWriter.PDV_HEADER_LENGTH + pdv.data().length;
                }
                largestPData.accumulateAndGet(length, Math::max);
                for (Pdv pdv : data.pdvs()) {
                    onPdv(pdv);
                }
            }
        }

        void onPdv(Pdv pdv) throws IOException {
            if (pdv.command()) {
                command.writeBytes(pdv.data());
                if (!pdv.last()) {
                    return;
                }
                CommandSet rq = CommandSet.decode(command.toByteArray());
                command.reset();
                if (rq.commandField() == CommandSet.C_ECHO_RQ) {
                    respond(pdv.presentationContextId(), rq, 0, null, CommandSet.C_ECHO_RSP);
                    return;
                }
                pending = rq;
                if (storeIndex == stopReadingAtStore) {
                    events.add("stop reading");
                    stopReading = true;
                }
                return;
            }
            dataset.writeBytes(pdv.data());
            if (pdv.last() && pending != null) {
                CommandSet rq = pending;
                pending = null;
                datasets.put(rq.affectedSopInstanceUid(), dataset.toByteArray());
                received.add(rq.affectedSopInstanceUid());
                dataset.reset();
                Action action = onStore.apply(storeIndex++);
                if (action instanceof Respond r) {
                    if (r.status() == 0 || isWarning(r.status())) {
                        stored.add(rq.affectedSopInstanceUid());
                    }
                    respond(pdv.presentationContextId(), rq, r.status(), r.comment(), CommandSet.C_STORE_RSP);
                } else if (action instanceof Abort) {
                    events.add("abort sent");
                    send(new Pdu.AAbort(0, 0));
                    done = true;
                } else if (action instanceof Raw raw) {
                    events.add("raw sent");
                    out.write(raw.bytes());
                    out.flush();
                } else if (action instanceof Close) {
                    events.add("closed");
                    done = true;
                } else {
                    events.add("silent");
                }
            }
        }

        void respond(int pcId, CommandSet rq, int status, String comment, int field) throws IOException {
            CommandSet rsp = new CommandSet(field, -1, rq.messageId(), rq.affectedSopClassUid(),
                    rq.affectedSopInstanceUid(), -1, CommandSet.NO_DATA_SET, status, comment);
            send(new Pdu.PDataTf(List.of(new Pdv(pcId, true, true, rsp.encode()))));
        }

        void send(Pdu pdu) throws IOException {
            out.write(PduWriter.encode(pdu).getBytes());
            out.flush();
        }
    }

    /** PS3.7 C.3: 0001H or Bxxx. */
    private static boolean isWarning(int status) {
        return status == 0x0001 || (status & 0xF000) == 0xB000;
    }

    /** Back to a peer that accepts and stores everything, with nothing recorded (for tests sharing one fake). */
    public void reset() {
        onAssociate = this::acceptAllWithOurMaxPdu;
        onStore = n -> success();
        stopReadingAtStore = -1;
        ignoreAssociate = false;
        ignoreRelease = false;
        datasets.clear();
        stored.clear();
        received.clear();
        events.clear();
        associations.set(0);
        maxConcurrent.set(0);
        largestPData.set(0);
    }

    /** Writes raw bytes to every open connection (for protocol-error tests). */
    public void sendRawToAll(byte[] bytes) throws IOException {
        synchronized (sockets) {
            for (Socket s : sockets) {
                if (!s.isClosed()) {
                    s.getOutputStream().write(bytes);
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        synchronized (sockets) {
            for (Socket s : sockets) {
                s.close();
            }
        }
    }
}
