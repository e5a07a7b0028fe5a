package id.dicomgateway.dimse.ul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The PDU stream of a data set, byte for byte against PS3.8 9.3.5 written out here one PDU at a time
 * (type 04, reserved, length; one PDV: item length, context ID, message control header with the
 * last-fragment bit on the last), cut into blocks of any size; and {@link PDataSender} putting it on a
 * loopback socket.
 */
class PDataStreamTest {

    static Vertx vertx;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** PS3.8 9.3.5 and annex E, one PDU per PDV, written as plainly as possible. */
    static byte[] expected(int contextId, byte[] dataSet, int maxPduLength) {
        byte[] data = dataSet.length % 2 == 0 ? dataSet : java.util.Arrays.copyOf(dataSet, dataSet.length + 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int max = maxPduLength - 6;
        for (int pos = 0; pos < data.length; pos += max) {
            int n = Math.min(max, data.length - pos);
            ByteBuffer pdu = ByteBuffer.allocate(12 + n); // big endian, PS3.8 9.3.1
            pdu.put((byte) 0x04).put((byte) 0).putInt(n + 6);
            pdu.putInt(n + 2).put((byte) contextId).put((byte) (pos + n == data.length ? 0x02 : 0x00));
            pdu.put(data, pos, n);
            out.writeBytes(pdu.array());
        }
        return out.toByteArray();
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** prefix + file part of {@code file} from {@code offset}: the bytes a region of them is. */
    static byte[] dataSet(byte[] prefix, byte[] file, int offset, int fromFile) {
        byte[] d = new byte[prefix.length + fromFile];
        System.arraycopy(prefix, 0, d, 0, prefix.length);
        System.arraycopy(file, offset, d, prefix.length, fromFile);
        return d;
    }

    @ParameterizedTest(name = "{0} file bytes, prefix {1}, max PDU {2}, blocks of {3}")
    @CsvSource({
            "524288, 0, 16384, 262144",     // the bench's instance to DCMTK's default PDU: 16 PDUs a block
            "524289, 0, 16384, 262144",     // odd: one NUL pad, in the last PDU
            "100001, 300, 4097, 262144",    // an odd max PDU, an edited head in memory
            "700000, 17, 300000, 262144",   // a PDU larger than a block: its data goes on in the next
            "5000, 0, 16384, 262144",       // one PDU
            "40000, 5, 1000, 2500",         // blocks that end between PDUs and inside them
            "1, 0, 16384, 262144"})         // one byte, padded
    void blocksMakeTheStandardsPduStream(int fileBytes, int prefixBytes, int maxPdu, int room) throws IOException {
        byte[] content = random(fileBytes + 123, fileBytes);
        Path file = Files.write(dir.resolve("f"), content);
        byte[] prefix = random(prefixBytes, 7);
        int offset = 100;
        int fromFile = fileBytes; // the region: fileBytes from offset 100 of a file 23 bytes longer
        PDataStream stream = new PDataStream(3, prefix, offset, prefixBytes + (long) fromFile, maxPdu);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        int blocks = 0;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer scratch = ByteBuffer.allocateDirect(4096); // smaller than a block: reads in several goes
            while (!stream.done()) {
                Buffer block = Buffer.buffer();
                int n = stream.next(block, room, channel, scratch);
                assertThat(n).isEqualTo(block.length()).isPositive().isLessThanOrEqualTo(room);
                got.writeBytes(block.getBytes());
                blocks++;
            }
        }
        byte[] want = expected(3, dataSet(prefix, content, offset, fromFile), maxPdu);
        assertThat(got.toByteArray()).isEqualTo(want);
        assertThat(stream.length()).isEqualTo(prefixBytes + fromFile + ((prefixBytes + fromFile) & 1));
        assertThat(blocks).isGreaterThanOrEqualTo((want.length + room - 1) / room);
    }

    @Test
    void aFileThatEndsEarlyFailsTheBlockWithHowManyBytesAreMissing() throws IOException {
        Path file = Files.write(dir.resolve("short"), random(1000, 1));
        PDataStream stream = new PDataStream(1, new byte[0], 0, 1500, 16384);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            assertThatThrownBy(() -> stream.next(Buffer.buffer(), 262144, channel, ByteBuffer.allocateDirect(512)))
                    .isInstanceOf(IOException.class).hasMessage("file ended 500 bytes early");
        }
    }

    /**
     * Several data sets one after the other on one socket, as an association sends them, at the PDU sizes of
     * DCMTK's default (in blocks) and of e2e.py's router (header and sendfile per PDU). Reads and writes complete at once here as often as not (a read
     * before its handler is attached, a write straight into an empty socket): the blocks must still go out in
     * their order.
     */
    @Test
    void senderPutsTheStreamOnTheSocketInOrderAndSaysWhenItIsSent() throws Exception {
        byte[] content = random(3_000_001, 11);
        Path file = Files.write(dir.resolve("big"), content);
        byte[] prefix = random(201, 5);
        ByteArrayOutputStream want = new ByteArrayOutputStream();
        try (Loopback loop = new Loopback()) {
            for (int maxPdu : new int[] {131072, 131072, 16384, 131072, 16384}) {
                long length = prefix.length + (long) content.length - 64;
                Recorder events = loop.send(new DataSetRegion(prefix, file, 64, content.length - 64), length, content.length,
                        maxPdu);
                assertThat(events.outcome.get(20, TimeUnit.SECONDS)).isEqualTo("sent");
                assertThat(events.progressed).isPositive();
                want.writeBytes(expected(5, dataSet(prefix, content, 64, content.length - 64), maxPdu));
            }
            byte[] got = loop.awaitBytes(want.size());
            assertThat(got.length).isEqualTo(want.size());
            assertThat(java.util.Arrays.mismatch(got, want.toByteArray())).as("first byte that differs").isEqualTo(-1);
        }
    }

    /**
     * Read ahead (while the association waits for the answer to the instance before): nothing reaches the socket until
     * start, then the same stream as a sender that never read ahead; a file that shrank meanwhile is told at start.
     */
    @Test
    void aSenderReadAheadWritesNothingUntilStartedThenTheSameStream() throws Exception {
        byte[] content = random(700_001, 13);
        Path file = Files.write(dir.resolve("ahead"), content);
        try (Loopback loop = new Loopback()) {
            CompletableFuture<PDataSender> made = new CompletableFuture<>();
            loop.context.runOnContext(v -> {
                PDataSender sender = new PDataSender(loop.client, loop.context, 5, new DataSetRegion(file, 0, content.length),
                        content.length, content.length, 16384);
                sender.prepare();
                made.complete(sender);
            });
            PDataSender sender = made.get(10, TimeUnit.SECONDS);
            Thread.sleep(300); // the read ahead is done by now
            synchronized (loop.received) {
                assertThat(loop.received.length()).as("bytes on the socket before start").isZero();
            }
            Recorder events = new Recorder();
            loop.context.runOnContext(v -> sender.start(events));
            assertThat(events.outcome.get(20, TimeUnit.SECONDS)).isEqualTo("sent");
            byte[] want = expected(5, content, 16384);
            byte[] got = loop.awaitBytes(want.length);
            assertThat(java.util.Arrays.mismatch(got, want)).as("first byte that differs").isEqualTo(-1);
        }
        Path shrinks = Files.write(dir.resolve("ahead-shrinks"), random(900_000, 17));
        try (RandomAccessFile f = new RandomAccessFile(shrinks.toFile(), "rw")) {
            f.setLength(100_000);
        }
        try (Loopback loop = new Loopback()) {
            Recorder events = new Recorder();
            loop.context.runOnContext(v -> {
                PDataSender sender = new PDataSender(loop.client, loop.context, 5, new DataSetRegion(shrinks, 0, 900_000),
                        900_000, 900_000, 16384);
                sender.prepare();
                vertx.setTimer(300, t -> sender.start(events));
            });
            assertThat(events.outcome.get(20, TimeUnit.SECONDS)).startsWith("failed: file ended");
            Thread.sleep(200);
            synchronized (loop.received) {
                assertThat(loop.received.length()).as("a read ahead that failed puts nothing on the socket").isZero();
            }
        }
    }

    @Test
    void aFileThatShrankFailsTheSendBeforeItsMissingPartGoesOut() throws Exception {
        Path file = Files.write(dir.resolve("shrinks"), random(2_000_000, 3));
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(600_000); // the size was known as 2 MB when the send began
        }
        try (Loopback loop = new Loopback()) {
            Recorder events = loop.send(new DataSetRegion(file, 0, 2_000_000), 2_000_000, 2_000_000, 16384);
            assertThat(events.outcome.get(20, TimeUnit.SECONDS)).startsWith("failed: file ended")
                    .endsWith((2_000_000 - 600_000) + " bytes early");
            Thread.sleep(200);
            // whole blocks only, all of them from the file's real bytes
            assertThat(loop.received.length() % PDataSender.BLOCK).isZero();
            assertThat((long) loop.received.length()).isLessThan(600_000);
        }
    }

    /** The events a send reports, its end as text. */
    static final class Recorder implements PDataSender.Events {
        final CompletableFuture<String> outcome = new CompletableFuture<>();
        volatile int progressed;

        @Override
        public void waitingForPeer() {
        }

        @Override
        public void progressed() {
            progressed++;
        }

        @Override
        public void sent() {
            outcome.complete("sent");
        }

        @Override
        public void failed(Throwable cause) {
            outcome.complete("failed: " + cause.getMessage());
        }
    }

    /** A server on a loopback port that keeps what it reads, and a client socket to it. */
    static final class Loopback implements AutoCloseable {
        final Buffer received = Buffer.buffer();
        final NetServer server;
        /** The client socket's own context, as an association's sender runs on it. */
        final Context context = vertx.getOrCreateContext();
        final NetSocket client;

        Loopback() throws Exception {
            server = vertx.createNetServer().connectHandler(s -> s.handler(b -> {
                synchronized (received) {
                    received.appendBuffer(b);
                }
            }));
            server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            CompletableFuture<NetSocket> connected = new CompletableFuture<>();
            context.runOnContext(v -> vertx.createNetClient().connect(server.actualPort(), "127.0.0.1")
                    .onSuccess(connected::complete).onFailure(connected::completeExceptionally));
            client = connected.get(10, TimeUnit.SECONDS);
        }

        Recorder send(DataSetRegion region, long length, long fileSize, int maxPdu) {
            Recorder events = new Recorder();
            context.runOnContext(v -> new PDataSender(client, context, 5, region, length, fileSize, maxPdu).start(events));
            return events;
        }

        byte[] awaitBytes(int n) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline) {
                synchronized (received) {
                    if (received.length() >= n) {
                        return received.getBytes();
                    }
                }
                Thread.sleep(10);
            }
            synchronized (received) {
                return received.getBytes();
            }
        }

        @Override
        public void close() throws Exception {
            client.close();
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
