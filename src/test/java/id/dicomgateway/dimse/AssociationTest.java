package id.dicomgateway.dimse;

import static org.assertj.core.api.Assertions.assertThat;

import id.dicomgateway.dicom.Uids;
import id.dicomgateway.dimse.ul.State;
import id.dicomgateway.testing.FakeScp;
import id.dicomgateway.dimse.pdu.PduItems.PresentationContextRq;
import id.dicomgateway.dimse.pdu.PduItems.UserInformation;
import id.dicomgateway.dimse.ul.DataSetRegion;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The association state machine on its own, against the fake SCP. */
class AssociationTest {

    static Vertx vertx;

    @BeforeAll
    static void setUp() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void tearDown() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    static <T> T onContext(Context context, Supplier<Future<T>> action) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        context.runOnContext(v -> action.get().onComplete(ar -> {
            if (ar.succeeded()) {
                result.complete(ar.result());
            } else {
                result.completeExceptionally(ar.cause());
            }
        }));
        return result.get(20, TimeUnit.SECONDS);
    }

    static Throwable failureOf(Context context, Supplier<Future<?>> action) throws Exception {
        CompletableFuture<Throwable> result = new CompletableFuture<>();
        context.runOnContext(v -> action.get().onComplete(ar -> result.complete(ar.cause())));
        return result.get(20, TimeUnit.SECONDS);
    }

    @Test
    void readFailureAfterPartWasSentAbortsTheAssociation(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("short.bin");
        Files.write(file, new byte[10_000]);
        try (FakeScp fake = new FakeScp()) {
            fake.maxPduLength = 4096;
            Context context = vertx.getOrCreateContext();
            DimseSettings settings = DimseSettings.defaults();
            PresentationContextRq pc = new PresentationContextRq(1, "1.2.840.10008.5.1.4.1.1.7",
                    List.of(Uids.EXPLICIT_VR_LITTLE_ENDIAN));
            Association association = onContext(context, () -> Association.request(vertx,
                    vertx.createNetClient(), fake.destination(), settings, List.of(pc),
                    new UserInformation(settings.maxPduLength(), Uids.IMPLEMENTATION_CLASS_UID, null)));
            assertThat(association.state()).isEqualTo(State.STA6);
            assertThat(association.peerMaxPduLength()).isEqualTo(4096);
            // the region claims more than the file holds: the file "shrank" after it was scanned
            Throwable t = failureOf(context, () -> association.invoke(1,
                    CommandSet.cStoreRq(association.nextMessageId(), "1.2.840.10008.5.1.4.1.1.7", "1.2.3"),
                    new DataSetRegion(file, 0, 20_000)));
            assertThat(t).isInstanceOfSatisfying(DimseException.class, e -> {
                assertThat(e.cause()).isEqualTo(FailureCause.READ_ERROR);
                assertThat(e.getMessage()).contains("after part of it was sent");
            });
            assertThat(association.failure().cause()).isEqualTo(FailureCause.ASSOCIATION_ABORTED);
            fake.awaitEvent("A-ABORT", Duration.ofSeconds(30));
            assertThat(fake.stored).isEmpty();
        }
    }

    @Test
    void releaseIsConfirmedAndTheStateMachineEndsClosed() throws Exception {
        try (FakeScp fake = new FakeScp()) {
            Context context = vertx.getOrCreateContext();
            DimseSettings settings = DimseSettings.defaults().withDimseTimeout(Duration.ofSeconds(5));
            PresentationContextRq pc = new PresentationContextRq(1, Uids.VERIFICATION_SOP_CLASS,
                    List.of(Uids.IMPLICIT_VR_LITTLE_ENDIAN));
            Association association = onContext(context, () -> Association.request(vertx,
                    vertx.createNetClient(), fake.destination(), settings, List.of(pc),
                    new UserInformation(settings.maxPduLength(), Uids.IMPLEMENTATION_CLASS_UID, null)));
            Association.Response rsp = onContext(context, () -> association.invoke(1,
                    CommandSet.cEchoRq(association.nextMessageId(), Uids.VERIFICATION_SOP_CLASS), null));
            assertThat(rsp.command().commandField()).isEqualTo(CommandSet.C_ECHO_RSP);
            assertThat(rsp.command().status()).isZero();
            onContext(context, association::release);
            assertThat(association.state()).isIn(State.STA13, State.STA1);
            assertThat(association.failure()).isNull();
            fake.awaitEvent("A-RELEASE-RQ", Duration.ofSeconds(30));
        }
    }
}
