package id.dicomgateway.dimse;

import static org.assertj.core.api.Assertions.assertThat;

import id.dicomgateway.testing.StoreScpProcess;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** StoreScu against DCMTK storescp started by the test on a free loopback port. */
class StoreScuStoreScpTest {

    static Vertx vertx;
    static StoreScu scu;

    @BeforeAll
    static void setUp() {
        vertx = Vertx.vertx();
        scu = new StoreScu(vertx, DimseSettings.defaults());
    }

    @AfterAll
    static void tearDown() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    static Destination to(StoreScpProcess scp) {
        return new Destination("127.0.0.1", scp.port(), scp.aeTitle(), "GATEWAY");
    }

    @Test
    void echo() throws Exception {
        try (StoreScpProcess scp = StoreScpProcess.start()) {
            Duration d = scu.echo(to(scp)).await().atMost(Duration.ofSeconds(20));
            assertThat(d).isPositive();
            scp.awaitLog("Association Release", Duration.ofSeconds(5));
            assertThat(scp.log()).contains("Received Echo Request");
            assertThat(scp.associationCount()).isEqualTo(1);
        }
    }

    @Test
    void studyGoesInOneAssociation() throws Exception {
        try (StoreScpProcess scp = StoreScpProcess.start()) {
            List<StoreRequest> study = Corpus.studyMr3();
            List<StoreResult> results = scu.send(to(scp), study).collect().asList().await().atMost(Duration.ofSeconds(30));
            assertThat(results).hasSize(11).allSatisfy(r -> assertThat(r.outcome()).isEqualTo(StoreResult.Outcome.STORED));
            assertThat(results).extracting(StoreResult::sopInstanceUid)
                    .containsExactlyElementsOf(study.stream().map(r -> r.header().sopInstanceUid()).toList());
            scp.awaitLog("Association Release", Duration.ofSeconds(5));
            assertThat(scp.associationCount()).isEqualTo(1);
            assertThat(scp.receivedFiles()).hasSize(11);
        }
    }
}
