package id.dicomgateway.dimse;

import static org.assertj.core.api.Assertions.assertThat;

import id.dicomgateway.dicom.Uids;
import id.dicomgateway.dimse.find.FindHandler;
import id.dicomgateway.dimse.find.Identifier;
import id.dicomgateway.dimse.pdu.ContextResult;
import id.dicomgateway.dimse.pdu.Pdu;
import id.dicomgateway.dimse.pdu.PduItems;
import id.dicomgateway.dimse.pdu.PduItems.PresentationContextRq;
import id.dicomgateway.dimse.pdu.PduItems.UserInformation;
import id.dicomgateway.dimse.pdu.PduReader;
import id.dicomgateway.dimse.pdu.PduWriter;
import io.smallrye.mutiny.Multi;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SCP's C-FIND (PS3.7 9.1.2, 9.3.2) on a plain socket: one pending response with its Identifier per match, then
 * success; C-CANCEL ends with Cancel; an unreadable Identifier is A900, a failing handler C000; the association
 * serves on after each.
 */
class WorklistFindTest {
    static final String AE = "GATEWAY";
    static final int CTX = 7;
    static Vertx vertx;

    @TempDir
    Path storeDir;
    StorageScp scp;

    @BeforeAll
    static void setUp() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void tearDown() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @AfterEach
    void stop() {
        if (scp != null) {
            scp.close();
        }
    }

    void start(FindHandler handler) {
        ScpSettings settings = ScpSettings.defaults("127.0.0.1", 0, AE, storeDir).withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30))
                .withPolicy(AcceptPolicy.withWorklist(AcceptPolicy.anyStorage()));
        scp = StorageScp.start(vertx, settings, info -> new RecordingListener().accepted(info), handler)
                .await().atMost(Duration.ofSeconds(10));
    }

    static Identifier answer(int i) {
        return new Identifier().putString(0x00080050, "SH", "ACC" + i, StandardCharsets.US_ASCII);
    }

    @Test
    void pendingPerMatchThenSuccess() throws Exception {
        start((sop, calling, query) -> {
            assertThat(sop).isEqualTo(FindHandler.MODALITY_WORKLIST_FIND);
            assertThat(calling).isEqualTo("CONSOLE");
            assertThat(query.contains(0x00080050)).isTrue();
            return Multi.createFrom().range(0, 3).map(WorklistFindTest::answer);
        });
        try (Socket s = associate()) {
            find(s, 1, query().encode(false));
            List<Message> got = readUntilFinal(s);
            assertThat(got).extracting(Message::status).containsExactly(0xFF00, 0xFF00, 0xFF00, 0x0000);
            assertThat(got.get(1).identifier().string(0x00080050, StandardCharsets.US_ASCII)).isEqualTo("ACC1");
            assertThat(got.get(3).identifier()).isNull();
            // and again on the same association
            find(s, 2, query().encode(false));
            assertThat(readUntilFinal(s)).hasSize(4);
        }
    }

    @Test
    void cancelEndsWithCancel() throws Exception {
        start((sop, calling, query) -> Multi.createFrom().ticks().every(Duration.ofMillis(100)).map(i -> answer(i.intValue())));
        try (Socket s = associate()) {
            find(s, 5, query().encode(false));
            Message first = read(s);
            assertThat(first.status()).isEqualTo(0xFF00);
            s.getOutputStream().write(command(new CommandSet(0x0FFF, -1, 5, null, null, -1, CommandSet.NO_DATA_SET, -1, null)));
            List<Message> rest = readUntilFinal(s);
            assertThat(rest.get(rest.size() - 1).status()).isEqualTo(0xFE00);
            assertThat(rest.size()).isLessThan(5);
        }
    }

    @Test
    void anUnreadableIdentifierOrAFailingHandlerIsAFailureStatus() throws Exception {
        start((sop, calling, query) -> query.contains(0x00100010) ? Multi.createFrom().failure(new IllegalStateException("db down"))
                : Multi.createFrom().empty());
        try (Socket s = associate()) {
            find(s, 1, new byte[] {0x08, 0x00, 0x50, 0x00, (byte) 0xFF, 0x00, 0x00, 0x00});
            assertThat(readUntilFinal(s)).extracting(Message::status).containsExactly(0xA900);
            Identifier names = query().putString(0x00100010, "PN", "", StandardCharsets.US_ASCII);
            find(s, 2, names.encode(false));
            assertThat(readUntilFinal(s)).extracting(Message::status).containsExactly(0xC000);
            find(s, 3, query().encode(false));
            assertThat(readUntilFinal(s)).extracting(Message::status).containsExactly(0x0000);
        }
    }

    // ---------------------------------------------------------------------------------------------

    record Message(int status, Identifier identifier) {
    }

    static Identifier query() {
        return new Identifier().putString(0x00080050, "SH", "", StandardCharsets.US_ASCII);
    }

    private Socket associate() throws IOException {
        Socket s = new Socket("127.0.0.1", scp.port());
        s.setSoTimeout(10_000);
        s.getOutputStream().write(PduWriter.encode(new Pdu.AAssociateRq(AE, "CONSOLE", Uids.APPLICATION_CONTEXT, List.of(
                new PresentationContextRq(CTX, FindHandler.MODALITY_WORKLIST_FIND, List.of(Uids.IMPLICIT_VR_LITTLE_ENDIAN))),
                new UserInformation(16384, "1.2.3.4", "TEST"))).getBytes());
        Pdu ac = PduReader.decode(0x02, Buffer.buffer(body(StorageScpHostileTest.readPdu(s))));
        assertThat(((Pdu.AAssociateAc) ac).presentationContexts()).extracting(PduItems.PresentationContextAc::result)
                .containsExactly(ContextResult.ACCEPTANCE.code());
        return s;
    }

    private static void find(Socket s, int messageId, byte[] identifier) throws IOException {
        s.getOutputStream().write(command(new CommandSet(0x0020, messageId, -1, FindHandler.MODALITY_WORKLIST_FIND, null,
                CommandSet.PRIORITY_MEDIUM, CommandSet.DATA_SET_PRESENT, -1, null)));
        Buffer pdu = Buffer.buffer();
        PduWriter.appendPDataHeader(pdu, CTX, false, true, identifier.length);
        s.getOutputStream().write(pdu.appendBytes(identifier).getBytes());
    }

    private static byte[] command(CommandSet c) {
        byte[] cmd = c.encode();
        Buffer pdu = Buffer.buffer();
        PduWriter.appendPDataHeader(pdu, CTX, true, true, cmd.length);
        return pdu.appendBytes(cmd).getBytes();
    }

    private static List<Message> readUntilFinal(Socket s) throws Exception {
        List<Message> out = new ArrayList<>();
        Message m;
        do {
            m = read(s);
            out.add(m);
        } while (m.status() == 0xFF00 || m.status() == 0xFF01);
        return out;
    }

    /** One response: its command, and its Identifier when it has one (each in one PDV here: small). */
    private static Message read(Socket s) throws Exception {
        CommandSet command = null;
        while (true) {
            byte[] body = body(StorageScpHostileTest.readPdu(s));
            int pos = 0;
            while (pos < body.length) {
                int length = ((body[pos] & 0xFF) << 24) | ((body[pos + 1] & 0xFF) << 16) | ((body[pos + 2] & 0xFF) << 8) | (body[pos + 3] & 0xFF);
                int header = body[pos + 5] & 0xFF;
                byte[] data = java.util.Arrays.copyOfRange(body, pos + 6, pos + 4 + length);
                pos += 4 + length;
                if ((header & 1) != 0) {
                    command = CommandSet.decode(data);
                    assertThat(command.commandField()).isEqualTo(0x8020);
                    if (!command.hasDataSet()) {
                        return new Message(command.status(), null);
                    }
                } else {
                    return new Message(command.status(), Identifier.read(data, false));
                }
            }
        }
    }

    private static byte[] body(int[] pdu) {
        byte[] b = new byte[pdu.length - 6];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) pdu[6 + i];
        }
        return b;
    }
}
