package id.dicomgateway.dimse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** StoreScu against Orthanc's C-STORE SCP, checked through Orthanc's REST API. */
class StoreScuOrthancIT {

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

    @Test
    void studyAndCorpusArriveAndWrongCalledAeIsRejected() throws Exception {
        try (OrthancProcess orthanc = OrthancProcess.start()) {
            Destination right = new Destination("127.0.0.1", orthanc.dicomPort(), OrthancProcess.AE_TITLE, "GATEWAY");
            Destination wrong = new Destination("127.0.0.1", orthanc.dicomPort(), "DCMROUTER", "GATEWAY");

            assertThat(scu.echo(right).await().atMost(Duration.ofSeconds(20))).isPositive();

            List<StoreResult> rejected = scu.send(wrong, Corpus.studyMr3()).collect().asList()
                    .await().atMost(Duration.ofSeconds(30));
            assertThat(rejected).hasSize(11).allSatisfy(r -> {
                assertThat(r.cause()).isEqualTo(FailureCause.ASSOCIATION_REJECTED);
                assertThat(r.message()).contains("called-AE-title-not-recognized");
            });
            assertThat(sopInstanceUids(orthanc)).isEmpty();

            List<StoreRequest> sent = new ArrayList<>(Corpus.studyMr3());
            for (String name : Corpus.editFiles()) {
                sent.add(Corpus.file(name));
            }
            List<StoreResult> results = scu.send(right, sent).collect().asList().await().atMost(Duration.ofSeconds(60));
            assertThat(results).hasSize(sent.size())
                    .allSatisfy(r -> assertThat(r.stored()).as(r.sopInstanceUid() + ": " + r.message()).isTrue());
            Set<String> expected = new HashSet<>();
            sent.forEach(r -> expected.add(r.header().sopInstanceUid()));
            assertThat(sopInstanceUids(orthanc)).containsExactlyInAnyOrderElementsOf(expected);
            JsonNode study = new ObjectMapper().readTree(orthanc.get("/studies?expand").body());
            boolean mr3 = false;
            for (JsonNode s : study) {
                if (s.path("MainDicomTags").path("StudyInstanceUID").asText()
                        .equals("1.3.6.1.4.1.5962.1.1.0.0.0.1196533885.18148.0.1")) {
                    mr3 = true;
                    assertThat(s.path("Series")).hasSize(3);
                }
            }
            assertThat(mr3).isTrue();
        }
    }

    private static Set<String> sopInstanceUids(OrthancProcess orthanc) throws Exception {
        JsonNode instances = new ObjectMapper().readTree(orthanc.get("/instances?expand").body());
        Set<String> out = new HashSet<>();
        for (JsonNode i : instances) {
            out.add(i.path("MainDicomTags").path("SOPInstanceUID").asText());
        }
        return out;
    }
}
