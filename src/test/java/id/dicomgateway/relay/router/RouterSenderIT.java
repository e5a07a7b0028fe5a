package id.dicomgateway.relay.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import id.dicomgateway.dicom.DicomFiles;
import id.dicomgateway.dimse.Destination;
import id.dicomgateway.dimse.DimseSettings;
import id.dicomgateway.dimse.StoreRequest;
import id.dicomgateway.dimse.StoreScu;
import id.dicomgateway.relay.jobs.FailureCode;
import id.dicomgateway.relay.outcome.RouterFailure;
import id.dicomgateway.relay.outcome.StudyResult;
import id.dicomgateway.relay.router.RouterSender;
import id.dicomgateway.testing.OrthancResource;
import id.dicomgateway.testing.StoreScpProcess;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Accounting of a send and the verdict on it, against storescp behaving and misbehaving. */
class RouterSenderIT {
    private static final String STUDY = OrthancResource.STUDY_MR3;
    private static Vertx vertx;
    private static StoreScu scu;
    private static List<StoreRequest> study;

    @BeforeAll
    static void setUp() throws IOException {
        vertx = Vertx.vertx();
        scu = new StoreScu(vertx, DimseSettings.defaults().withDimseTimeout(Duration.ofSeconds(5)));
        study = new ArrayList<>();
        try (Stream<Path> files = Files.list(OrthancResource.corpus().resolve("study-mr3"))) {
            for (Path f : files.sorted().toList()) {
                study.add(new StoreRequest(f, DicomFiles.scan(f)));
            }
        }
    }

    @AfterAll
    static void tearDown() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private static RouterSender sender(int port) {
        return new RouterSender(scu, new Destination("127.0.0.1", port, StoreScpProcess.AE_TITLE, "DICOMGW"));
    }

    private static StudyResult send(RouterSender sender) {
        return sender.send(STUDY, study).await().atMost(Duration.ofSeconds(30));
    }

    @Test
    void everythingStoredIsComplete() throws Exception {
        try (StoreScpProcess scp = StoreScpProcess.start("--ignore")) {
            RouterSender sender = sender(scp.port());
            StudyResult r = send(sender);
            assertThat(r.instances()).isEqualTo(11);
            assertThat(r.sent()).isEqualTo(11);
            assertThat(r.stored()).hasSize(11).doesNotHaveDuplicates();
            assertThat(r.failures()).isEmpty();
            assertThat(r.bytes()).isPositive();
            assertThat(r.complete()).isTrue();
            sender.requireComplete(List.of(r));
            scp.awaitLog("Association Release", Duration.ofSeconds(5));
            assertThat(scp.associationCount()).isEqualTo(1);
        }
    }

    @Test
    void aRefusedAssociationIsRouterRejectedWithNothingStored() throws Exception {
        try (StoreScpProcess scp = StoreScpProcess.start("--refuse")) {
            RouterSender sender = sender(scp.port());
            StudyResult r = send(sender);
            assertThat(r.sent()).isZero();
            assertThat(r.failures()).hasSize(11).allMatch(f -> f.cause().equals("ASSOCIATION_REJECTED"));
            assertThatThrownBy(() -> sender.requireComplete(List.of(r))).isInstanceOfSatisfying(RouterFailure.class, e -> {
                assertThat(e.code()).isEqualTo(FailureCode.ROUTER_REJECTED);
                assertThat(e.getMessage()).contains("refused").contains("nothing was stored");
                assertThat(e.studies()).containsExactly(r);
            });
        }
    }

    @Test
    void anAbortMidwayIsRouterFailedAndSaysWhatWasStored() throws Exception {
        try (StoreScpProcess scp = StoreScpProcess.start("--abort-after")) {
            RouterSender sender = sender(scp.port());
            StudyResult r = send(sender);
            assertThat(r.sent()).isLessThan(11);
            assertThat(r.stored().size() + r.failures().size()).isEqualTo(11);
            assertThat(r.failures()).isNotEmpty();
            assertThatThrownBy(() -> sender.requireComplete(List.of(r))).isInstanceOfSatisfying(RouterFailure.class,
                    e -> assertThat(e.code()).isEqualTo(FailureCode.ROUTER_FAILED));
        }
    }

    @Test
    void aRouterThatIsNotThereIsRouterFailed() throws Exception {
        RouterSender sender = sender(StoreScpProcess.freePort());
        StudyResult r = send(sender);
        assertThat(r.sent()).isZero();
        assertThat(r.failures()).hasSize(11).allMatch(f -> f.cause().equals("CONNECT_FAILED"));
        assertThatThrownBy(() -> sender.requireComplete(List.of(r))).isInstanceOfSatisfying(RouterFailure.class, e -> {
            assertThat(e.code()).isEqualTo(FailureCode.ROUTER_FAILED);
            assertThat(e.getMessage()).contains("stored 0 of 11");
        });
    }
}
