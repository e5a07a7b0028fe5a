package id.dicomgateway.dimse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import id.dicomgateway.dicom.Splice;
import id.dicomgateway.dicom.TagEditor;
import id.dicomgateway.dicom.TagEdits;
import id.dicomgateway.testing.FakeScp;
import id.dicomgateway.testing.StoreScpProcess;
import io.smallrye.mutiny.operators.multi.processors.UnicastProcessor;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * StoreScu.send of a study still arriving (the relay sends while the PACS is still sending), and
 * data sets that start with bytes held in memory (an edited head, {@link Splice}).
 */
class StoreScuArrivingIT {

    static final Duration WAIT = Duration.ofSeconds(30);
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

    /** Subscribes and collects results as they come; the future ends with the stream. */
    record Run(List<StoreResult> results, CompletableFuture<Void> end) {
        static Run of(io.smallrye.mutiny.Multi<StoreResult> multi) {
            Run run = new Run(new CopyOnWriteArrayList<>(), new CompletableFuture<>());
            multi.subscribe().with(run.results::add, run.end::completeExceptionally, () -> run.end.complete(null));
            return run;
        }

        void awaitResults(int n) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (results.size() < n) {
                assertThat(System.nanoTime()).as("results so far: " + results).isLessThan(deadline);
                Thread.sleep(5);
            }
        }
    }

    @Test
    void eachInstanceGoesOutAsItArrivesAllInOneReleasedAssociation() throws Exception {
        List<StoreRequest> study = Corpus.studyMr3();
        try (StoreScpProcess scp = StoreScpProcess.start()) {
            UnicastProcessor<StoreRequest> arriving = UnicastProcessor.create();
            Run run = Run.of(scu.send(to(scp), Set.of(), arriving));
            for (int i = 0; i < 4; i++) {
                arriving.onNext(study.get(i));
            }
            // the first four are stored while the rest has not arrived yet
            run.awaitResults(4);
            Thread.sleep(200);
            assertThat(run.results()).hasSize(4);
            assertThat(scp.log()).doesNotContain("Association Release");
            for (int i = 4; i < study.size(); i++) {
                arriving.onNext(study.get(i));
            }
            arriving.onComplete();
            run.end().get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            assertThat(run.results()).extracting(StoreResult::sopInstanceUid)
                    .containsExactlyElementsOf(study.stream().map(r -> r.header().sopInstanceUid()).toList());
            assertThat(run.results()).allMatch(StoreResult::stored);
            scp.awaitLog("Association Release", WAIT);
            assertThat(scp.associationCount()).isEqualTo(1);
            assertThat(scp.receivedFiles()).hasSize(11);
        }
    }

    @Test
    void nothingArrivesNothingOpens() throws Exception {
        try (FakeScp fake = new FakeScp()) {
            UnicastProcessor<StoreRequest> arriving = UnicastProcessor.create();
            Run run = Run.of(scu.send(fake.destination(), Set.of(), arriving));
            arriving.onComplete();
            run.end().get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            assertThat(run.results()).isEmpty();
            assertThat(fake.associations.get()).isZero();
        }
    }

    /** The source failing (the PACS went away) ends the association with A-ABORT, never a release. */
    @Test
    void sourceFailureAbortsWithWhatWasStoredReported() throws Exception {
        List<StoreRequest> study = Corpus.studyMr3();
        try (FakeScp fake = new FakeScp()) {
            UnicastProcessor<StoreRequest> arriving = UnicastProcessor.create();
            Run run = Run.of(scu.send(fake.destination(), Set.of(), arriving));
            for (int i = 0; i < 3; i++) {
                arriving.onNext(study.get(i));
            }
            run.awaitResults(3);
            IllegalStateException gone = new IllegalStateException("PACS went away");
            arriving.onError(gone);
            assertThatThrownBy(() -> run.end().get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS))
                    .hasCause(gone);
            assertThat(run.results()).extracting(StoreResult::sopInstanceUid)
                    .containsExactlyElementsOf(study.subList(0, 3).stream().map(r -> r.header().sopInstanceUid()).toList());
            awaitEvent(fake, "A-ABORT");
            assertThat(fake.events).doesNotContain("A-RELEASE-RQ");
            assertThat(fake.stored).hasSize(3);
        }
    }

    /**
     * A compressed instance arriving after the association opened on uncompressed ones has no
     * proposed context: the association is aborted and the caller told to send it all again.
     */
    @Test
    void anInstanceNeedingAnUnproposedContextAbortsTheAssociation() throws Exception {
        List<StoreRequest> study = Corpus.studyMr3();
        StoreRequest compressed = Corpus.file("JPEG2000.dcm");
        assertThat(compressed.header().transferSyntax().isUncompressed()).isFalse();
        try (FakeScp fake = new FakeScp()) {
            UnicastProcessor<StoreRequest> arriving = UnicastProcessor.create();
            Run run = Run.of(scu.send(fake.destination(), Set.of(), arriving));
            arriving.onNext(study.get(0));
            run.awaitResults(1);
            arriving.onNext(compressed);
            arriving.onNext(study.get(1));
            assertThatThrownBy(() -> run.end().get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS))
                    .hasCauseInstanceOf(UnplannedInstanceException.class)
                    .hasMessageContaining(compressed.header().transferSyntaxUid());
            awaitEvent(fake, "A-ABORT");
            assertThat(fake.events).doesNotContain("A-RELEASE-RQ");
            assertThat(run.results()).hasSize(1);
        }
    }

    /**
     * The order the full run hit (issue 15): a refused encapsulated instance already there when the
     * contexts are proposed, so its syntax is proposed alone and refused. Forced: every instance is
     * emitted before the send can start, so the plan holds them all. The association must be
     * aborted before anything is stored, not released with that instance failed.
     */
    @Test
    void aRefusedEncapsulatedSyntaxThereAtNegotiationAbortsBeforeAnythingIsStored() throws Exception {
        List<StoreRequest> study = Corpus.studyMr3();
        StoreRequest compressed = Corpus.file("JPEG2000.dcm");
        try (StoreScpProcess scp = StoreScpProcess.start()) { // storescp's default: uncompressed only
            Run run = Run.of(scu.send(to(scp), Set.of(),
                    io.smallrye.mutiny.Multi.createFrom().items(study.get(0), compressed, study.get(1))));
            assertThatThrownBy(() -> run.end().get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS))
                    .hasCauseInstanceOf(RefusedSyntaxException.class)
                    .hasMessageContaining(compressed.header().sopInstanceUid());
            assertThat(run.results()).isEmpty();
            scp.awaitLog("Association Aborted", WAIT);
            assertThat(scp.count("Received Store Request")).isZero();
            assertThat(scp.log()).doesNotContain("Association Release");
        }
    }

    /**
     * A study sent whole ({@link StoreScu#sendStudy}) with one instance in a syntax the receiver
     * refuses: nothing stored, A-ABORT; every refused instance named. The plain send keeps its
     * per-instance behaviour (the others stored, that one failed).
     */
    @Test
    void aWholeStudyWithARefusedEncapsulatedSyntaxIsAbortedBeforeAnythingIsStored() throws Exception {
        List<StoreRequest> study = Corpus.studyMr3();
        StoreRequest compressed = Corpus.file("JPEG2000.dcm");
        List<StoreRequest> all = List.of(study.get(0), compressed, study.get(1));
        try (StoreScpProcess scp = StoreScpProcess.start()) {
            assertThatThrownBy(() -> scu.sendStudy(to(scp), all).collect().asList().await().atMost(WAIT))
                    .isInstanceOfSatisfying(RefusedSyntaxException.class, e -> assertThat(e.refused())
                            .extracting(RefusedSyntaxException.Refused::sopInstanceUid)
                            .containsExactly(compressed.header().sopInstanceUid()));
            scp.awaitLog("Association Aborted", WAIT);
            assertThat(scp.count("Received Store Request")).isZero();
            List<StoreResult> plain = scu.send(to(scp), all).collect().asList().await().atMost(WAIT);
            assertThat(plain).extracting(StoreResult::stored).containsExactly(true, false, true);
        }
    }

    /** The same instances known up front go in one association, every SOP class and syntax proposed. */
    @Test
    void theWholeStudyAgainCarriesWhatWasUnplanned() throws Exception {
        List<StoreRequest> all = new ArrayList<>(Corpus.studyMr3());
        all.add(1, Corpus.file("JPEG2000.dcm"));
        try (FakeScp fake = new FakeScp()) {
            List<StoreResult> results = scu.send(fake.destination(), all).collect().asList().await().atMost(WAIT);
            assertThat(results).allMatch(StoreResult::stored);
            assertThat(fake.stored).hasSize(all.size());
        }
    }

    /** A data set whose first bytes come from memory goes on the wire exactly as the whole file would, at any split. */
    @Test
    void prefixFromMemoryThenTheFileIsTheSameDataSetOnTheWire() throws Exception {
        StoreRequest whole = Corpus.file("CT_small.dcm");
        byte[] file = Files.readAllBytes(whole.file());
        int start = (int) whole.header().datasetOffset();
        byte[] expected = Arrays.copyOfRange(file, start, file.length);
        try (FakeScp fake = new FakeScp()) {
            fake.maxPduLength = 4096;
            for (int split : List.of(0, 1, 4096 - 6, 4096 - 5, 10_000, expected.length - 1, expected.length)) {
                fake.datasets.clear();
                // a head of the file's own first bytes, the rest from the file: any split must look the same
                Splice splice = new Splice(Arrays.copyOfRange(file, 0, start + split), whole.file(), start + split,
                        expected.length - split, whole.header());
                StoreRequest request = StoreRequest.of(splice);
                List<StoreResult> results = scu.send(fake.destination(), List.of(request)).collect().asList().await().atMost(WAIT);
                assertThat(results).as("split at " + split).allMatch(StoreResult::stored);
                assertThat(results.get(0).bytes()).isEqualTo(expected.length);
                assertThat(fake.datasets.get(whole.header().sopInstanceUid())).as("split at " + split).isEqualTo(expected);
            }
            assertThat(fake.largestPData.get()).isEqualTo(4096);
        }
    }

    /**
     * Spliced (edited, never written) instances reach storescp as the edited files would, in their own
     * syntax and converted to Implicit VR LE (the conversion reads the head from memory too).
     */
    @Test
    void splicedInstancesArriveAsTheEditedFiles(@TempDir Path tmp) throws Exception {
        TagEdits edits = TagEdits.of("PID-SPLICE", "ACC-SPLICE");
        List<StoreRequest> spliced = new ArrayList<>();
        List<String> pairs = new ArrayList<>();
        for (StoreRequest r : Corpus.studyMr3()) {
            Splice splice = TagEditor.splice(r.file(), edits).orElseThrow();
            spliced.add(StoreRequest.of(splice));
            Path edited = tmp.resolve(r.header().sopInstanceUid() + ".dcm");
            splice.writeTo(edited);
            pairs.add(edited.toString());
        }
        for (String option : List.of("+xe", "+xi")) {
            try (StoreScpProcess scp = StoreScpProcess.start(option)) {
                List<StoreResult> results = scu.send(to(scp), spliced).collect().asList().await().atMost(WAIT);
                assertThat(results).as(option).allMatch(StoreResult::stored);
                scp.awaitLog("Association Release", WAIT);
                List<String> command = new ArrayList<>(List.of("/usr/bin/python3", script().toString(),
                        option.equals("+xi") ? "1.2.840.10008.1.2" : "1.2.840.10008.1.2.1"));
                for (int i = 0; i < spliced.size(); i++) {
                    String uid = spliced.get(i).header().sopInstanceUid();
                    Path got = scp.receivedFiles().stream().filter(f -> f.getFileName().toString().endsWith(uid))
                            .findFirst().orElseThrow();
                    command.add(pairs.get(i));
                    command.add(got.toString());
                }
                Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(p.waitFor()).as(option + ": " + out).isZero();
                assertThat(out.strip()).isEqualTo("OK");
                // the edit is really there, not just the same as some file we wrote
                Process dump = new ProcessBuilder("dcmdump", "+P", "0010,0020", scp.receivedFiles().get(0).toString())
                        .redirectErrorStream(true).start();
                assertThat(new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).contains("PID-SPLICE");
            }
        }
    }

    private static void awaitEvent(FakeScp fake, String event) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!fake.events.contains(event)) {
            assertThat(System.nanoTime()).as("events " + fake.events).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static Path script() throws Exception {
        return Path.of(StoreScuArrivingIT.class.getResource("/dimse/same_dataset.py").toURI());
    }
}
