package id.dicomgateway.dimse;

import static org.assertj.core.api.Assertions.assertThat;

import id.dicomgateway.dicom.TransferSyntax;
import id.dicomgateway.testing.StoreScpProcess;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** StoreScu against DCMTK storescp started by the test on a free loopback port. */
class StoreScuStoreScpIT {

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

    @Test
    void implicitOnlyReceiverGetsImplicitVrLeAndOtherwiseIdenticalData() throws Exception {
        try (StoreScpProcess scp = StoreScpProcess.start("+xi")) {
            List<StoreRequest> sent = new ArrayList<>(Corpus.studyMr3());
            sent.addAll(uniqueUncompressed());
            List<StoreResult> results = sendAll(scp, sent);
            assertThat(results).allSatisfy(r -> assertThat(r.outcome()).as(r.message()).isEqualTo(StoreResult.Outcome.STORED));
            assertThat(scp.associationCount()).isEqualTo(1);
            assertSameDatasets(scp, sent, TransferSyntax.IMPLICIT_VR_LE.uid());
        }
    }

    @Test
    void defaultReceiverGetsStudyUnchanged() throws Exception {
        try (StoreScpProcess scp = StoreScpProcess.start()) {
            List<StoreRequest> sent = Corpus.studyMr3();
            List<StoreResult> results = sendAll(scp, sent);
            assertThat(results).allMatch(r -> r.outcome() == StoreResult.Outcome.STORED);
            assertSameDatasets(scp, sent, TransferSyntax.EXPLICIT_VR_LE.uid());
        }
    }

    /**
     * Every edit row of the corpus to default storescp, in one association: uncompressed ones
     * (big endian and deflated converted) are stored; each compressed one fails alone, naming
     * its SOP class and syntax.
     */
    @Test
    void corpusToDefaultReceiverCompressedFailAlone() throws Exception {
        try (StoreScpProcess scp = StoreScpProcess.start()) {
            List<StoreRequest> sent = new ArrayList<>();
            for (String name : Corpus.editFiles()) {
                sent.add(Corpus.file(name));
            }
            List<StoreResult> results = sendAll(scp, sent);
            for (int i = 0; i < sent.size(); i++) {
                TransferSyntax ts = sent.get(i).header().transferSyntax();
                StoreResult r = results.get(i);
                if (ts.isUncompressed()) {
                    assertThat(r.outcome()).as(sent.get(i).file() + ": " + r.message()).isEqualTo(StoreResult.Outcome.STORED);
                } else {
                    assertThat(r.outcome()).as(sent.get(i).file().toString()).isEqualTo(StoreResult.Outcome.FAILED);
                    assertThat(r.cause()).isEqualTo(FailureCause.NO_PRESENTATION_CONTEXT);
                    assertThat(r.message()).contains("SOP class " + sent.get(i).header().sopClassUid())
                            .contains(ts.uid()).contains("transfer-syntaxes-not-supported");
                }
            }
            long compressed = sent.stream().filter(r -> !r.header().transferSyntax().isUncompressed()).count();
            assertThat(compressed).isGreaterThanOrEqualTo(5);
            assertThat(scp.associationCount()).isEqualTo(1);
            assertThat(scp.count("storing DICOM file")).isEqualTo(sent.size() - (int) compressed);
        }
    }

    @Test
    void corpusToAcceptAllReceiverAllStoredInTheirOwnSyntax() throws Exception {
        try (StoreScpProcess scp = StoreScpProcess.start("+xa")) {
            List<StoreRequest> sent = new ArrayList<>(Corpus.studyMr3());
            for (String name : Corpus.editFiles()) {
                sent.add(Corpus.file(name));
            }
            List<StoreResult> results = sendAll(scp, sent);
            assertThat(results).allSatisfy(r -> assertThat(r.outcome()).as(r.message()).isEqualTo(StoreResult.Outcome.STORED));
            assertThat(scp.associationCount()).isEqualTo(1);
            assertThat(scp.count("storing DICOM file")).isEqualTo(sent.size());
            // compressed instances arrive in their own syntax, pixel data untouched
            List<StoreRequest> compressed = sent.stream().filter(r -> !r.header().transferSyntax().isUncompressed()
                    && uniqueUids(sent).contains(r.header().sopInstanceUid())).toList();
            assertThat(compressed).isNotEmpty();
            for (StoreRequest r : compressed) {
                assertSameDatasets(scp, List.of(r), r.header().transferSyntaxUid());
            }
        }
    }

    private static List<StoreResult> sendAll(StoreScpProcess scp, List<StoreRequest> sent) throws InterruptedException {
        List<StoreResult> results = scu.send(to(scp), sent).collect().asList().await().atMost(Duration.ofSeconds(60));
        assertThat(results).extracting(StoreResult::sopInstanceUid)
                .containsExactlyElementsOf(sent.stream().map(r -> r.header().sopInstanceUid()).toList());
        scp.awaitLog("Association Release", Duration.ofSeconds(10));
        return results;
    }

    /** Corpus edit files with a SOP Instance UID no other file has, uncompressed, little endian. */
    private static List<StoreRequest> uniqueUncompressed() throws IOException {
        List<StoreRequest> all = new ArrayList<>();
        for (String name : Corpus.editFiles()) {
            all.add(Corpus.file(name));
        }
        List<String> unique = uniqueUids(all);
        return all.stream().filter(r -> unique.contains(r.header().sopInstanceUid()))
                .filter(r -> r.header().transferSyntax().isUncompressed() && !r.header().transferSyntax().bigEndian())
                .toList();
    }

    private static List<String> uniqueUids(List<StoreRequest> all) {
        Map<String, Long> counts = all.stream().collect(Collectors.groupingBy(r -> r.header().sopInstanceUid(),
                Collectors.counting()));
        return counts.entrySet().stream().filter(e -> e.getValue() == 1).map(Map.Entry::getKey).toList();
    }

    /** pydicom reads each received file and finds the same data set as the sent one. */
    private static void assertSameDatasets(StoreScpProcess scp, List<StoreRequest> sent, String expectedTs)
            throws Exception {
        Map<String, Path> received = new HashMap<>();
        for (Path f : scp.receivedFiles()) {
            String name = f.getFileName().toString();
            received.put(name.substring(name.indexOf('.') + 1), f);
        }
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", script().toString(), expectedTs));
        for (StoreRequest r : sent) {
            Path got = received.get(r.header().sopInstanceUid());
            assertThat(got).as("received " + r.header().sopInstanceUid()).isNotNull();
            command.add(r.file().toString());
            command.add(got.toString());
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out.strip()).isEqualTo("OK");
    }

    private static Path script() throws Exception {
        return Path.of(StoreScuStoreScpIT.class.getResource("/dimse/same_dataset.py").toURI());
    }
}
