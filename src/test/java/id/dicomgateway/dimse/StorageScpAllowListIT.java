package id.dicomgateway.dimse;

import id.dicomgateway.dicom.Uids;
import id.dicomgateway.dimse.pdu.Pdu;
import id.dicomgateway.dimse.pdu.PduItems.PresentationContextRq;
import id.dicomgateway.dimse.pdu.PduItems.UserInformation;
import id.dicomgateway.dimse.pdu.PduWriter;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may send, checked before anything is stored. Loopback is 127.0.0.0/8: DCMTK's echoscu cannot
 * choose its source address, so it always comes from 127.0.0.1; a plain socket bound to 127.0.0.2 is
 * the "other" peer.
 */
class StorageScpAllowListIT {
    static final String AE = "GATEWAY";
    static final InetAddress OTHER = address("127.0.0.2");
    static final InetAddress LOOPBACK = address("127.0.0.1");
    static Vertx vertx;

    @TempDir
    Path storeDir;
    StorageScp scp;
    RecordingListener listener;

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

    private void start(ScpSettings settings) {
        listener = new RecordingListener();
        scp = StorageScp.start(vertx, settings, listener).await().atMost(Duration.ofSeconds(10));
    }

    /** An address outside the list: closed before any PDU is read; no association, nothing stored. */
    @Test
    void aPeerFromAnAddressNotAllowedGetsAClosedSocketAndNothingElse() throws Exception {
        start(ScpSettings.defaults("127.0.0.1", 0, AE, storeDir).withAllowedPeers(Set.of(OTHER), Map.of()));

        DcmtkTool echo = echoscu("ANYONE");
        assertThat(echo.exitCode()).as(echo.output()).isNotZero();
        assertThat(echo.output()).doesNotContain("Association Accepted").doesNotContain("Association Rejected");
        // Closed without our sending anything: the first read is the end of the stream.
        try (Socket s = new Socket(LOOPBACK, scp.port())) {
            s.setSoTimeout(5000);
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
        assertThat(scp.refusedConnections()).isEqualTo(2);

        // The allowed address gets its A-ASSOCIATE-AC.
        assertThat(associate(OTHER, "ANYONE")[0]).isEqualTo((byte) 0x02);
        assertThat(listener.accepted).hasSize(1);
        assertThat(listener.stored).isEmpty();
    }

    /** AE@address: that AE only from that address, A-ASSOCIATE-RJ calling-AE-title-not-recognized otherwise. */
    @Test
    void anAeBoundToAnAddressIsRejectedFromAnotherWithThePs38Reason() throws Exception {
        start(ScpSettings.defaults("127.0.0.1", 0, AE, storeDir).withAllowedCallingAeTitles(Set.of("MODALITY", "PACS"))
                .withAllowedPeers(Set.of(), Map.of("MODALITY", Set.of(OTHER))));

        DcmtkTool fromLoopback = echoscu("MODALITY");
        assertThat(fromLoopback.exitCode()).isNotZero();
        assertThat(fromLoopback.output()).contains("Calling AE Title Not Recognized");
        // PS3.8 9.3.4 / table 9-21 on the wire: result 1 (permanent), source 1 (service-user), reason 3.
        byte[] rj = associate(LOOPBACK, "MODALITY");
        assertThat(rj[0]).isEqualTo((byte) 0x03);
        assertThat(new byte[] {rj[7], rj[8], rj[9]}).containsExactly(1, 1, 3);

        assertThat(associate(OTHER, "MODALITY")[0]).isEqualTo((byte) 0x02);
        DcmtkTool pacs = echoscu("PACS");
        assertThat(pacs.exitCode()).as(pacs.output()).isZero();
        DcmtkTool stranger = echoscu("STRANGER");
        assertThat(stranger.output()).contains("Calling AE Title Not Recognized");
        assertThat(listener.accepted).extracting(AssociationInfo::callingAeTitle).containsExactly("MODALITY", "PACS");
        assertThat(scp.refusedConnections()).isZero();
    }

    private DcmtkTool echoscu(String callingAe) throws Exception {
        return DcmtkTool.run(List.of("echoscu", "-aet", callingAe, "-aec", AE, "127.0.0.1", Integer.toString(scp.port())));
    }

    /** A-ASSOCIATE-RQ from {@code from}; the answer's first 10 bytes (type, reserved, length, and RJ's fields). */
    private byte[] associate(InetAddress from, String callingAe) throws IOException {
        try (Socket s = new Socket(LOOPBACK, scp.port(), from, 0)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(PduWriter.encode(new Pdu.AAssociateRq(AE, callingAe, Uids.APPLICATION_CONTEXT,
                    List.of(new PresentationContextRq(1, Uids.VERIFICATION_SOP_CLASS, List.of(Uids.IMPLICIT_VR_LITTLE_ENDIAN))),
                    new UserInformation(16384, "1.2.3.4", "ALLOWLIST"))).getBytes());
            InputStream in = s.getInputStream();
            byte[] head = in.readNBytes(10);
            assertThat(head).hasSize(10);
            return head;
        }
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
