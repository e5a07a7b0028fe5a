package id.dicomgateway.dimse;

import static org.assertj.core.api.Assertions.assertThat;

import id.dicomgateway.dicom.DicomFiles;
import id.dicomgateway.dicom.InstanceHeader;
import id.dicomgateway.dicom.TransferSyntax;
import io.smallrye.mutiny.Multi;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A receiver that negotiates as the SATUSEHAT router does (pynetdicom: its own list first,
 * Implicit VR LE at its head, docs/domain.md §4): the gateway's StorageScp with
 * {@link AcceptPolicy#satusehatRouter()}, and an Implicit-first receiver of the uncompressed
 * syntaxes only. Explicit VR instances must arrive as sent, byte for byte.
 */
class StoreScuRouterPreferenceTest {

    static Vertx vertx;
    static StoreScu scu;
    @TempDir
    Path storeDir;
    StorageScp scp;
    RecordingListener listener;

    @BeforeAll
    static void setUp() {
        vertx = Vertx.vertx();
        scu = new StoreScu(vertx, DimseSettings.defaults());
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

    void start(AcceptPolicy policy) {
        listener = new RecordingListener();
        scp = StorageScp.start(vertx, ScpSettings.defaults("127.0.0.1", 0, "DCMROUTER", storeDir).withPolicy(policy), listener)
                .await().atMost(Duration.ofSeconds(10));
    }

    Destination destination() {
        return new Destination("127.0.0.1", scp.port(), "DCMROUTER", "GATEWAY");
    }

    /** Every uncompressed corpus file and the MR study, one association: each arrives in its own syntax, unchanged. */
    @Test
    void routerPolicyTakesEveryUncompressedInstanceInItsOwnSyntaxUnconverted() throws Exception {
        start(AcceptPolicy.satusehatRouter());
        List<StoreRequest> sent = new ArrayList<>(Corpus.studyMr3());
        sent.addAll(uniqueCorpus(ts -> ts.isUncompressed()));
        assertThat(sent).anyMatch(r -> r.header().transferSyntax().equals(TransferSyntax.EXPLICIT_VR_LE))
                .anyMatch(r -> r.header().transferSyntax().equals(TransferSyntax.IMPLICIT_VR_LE))
                .anyMatch(r -> r.file().getFileName().toString().equals("waveform_ecg.dcm"));
        List<StoreResult> results = scu.send(destination(), sent).collect().asList().await().atMost(Duration.ofSeconds(60));
        assertThat(results).allSatisfy(r -> assertThat(r.outcome()).as(r.message()).isEqualTo(StoreResult.Outcome.STORED));
        listener.awaitEnded(1, Duration.ofSeconds(5));
        assertThat(listener.accepted).hasSize(1);
        assertArrivedUnchanged(sent);
    }

    /** Compressed instances too: the router takes them for its common classes, alone in their context. */
    @Test
    void routerPolicyTakesCompressedCommonClassesAsStored() throws Exception {
        start(AcceptPolicy.satusehatRouter());
        List<StoreRequest> sent = uniqueCorpus(ts -> !ts.isUncompressed()).stream()
                .filter(r -> StorageSopClasses.COMMON_128.contains(r.header().sopClassUid())).toList();
        assertThat(sent).hasSizeGreaterThanOrEqualTo(3);
        List<StoreResult> results = scu.send(destination(), sent).collect().asList().await().atMost(Duration.ofSeconds(60));
        assertThat(results).allSatisfy(r -> assertThat(r.outcome()).as(r.message()).isEqualTo(StoreResult.Outcome.STORED));
        assertArrivedUnchanged(sent);
    }

    /** A study still arriving (as from the PACS): contexts are planned ahead, and still nothing is converted. */
    @Test
    void arrivingExplicitStudyReachesTheRouterUnconverted() throws Exception {
        start(AcceptPolicy.satusehatRouter());
        List<StoreRequest> sent = Corpus.studyMr3();
        List<StoreResult> results = scu.send(destination(), Set.of(), Multi.createFrom().iterable(sent))
                .collect().asList().await().atMost(Duration.ofSeconds(60));
        assertThat(results).hasSize(sent.size()).allMatch(StoreResult::stored);
        assertArrivedUnchanged(sent);
    }

    /** Implicit only: the explicit instances are converted on the fallback, the implicit ones go as they are. */
    @Test
    void implicitOnlyReceiverStillGetsEverythingConvertedWhereNeeded() throws Exception {
        start(AcceptPolicy.preferring(List.of(TransferSyntax.IMPLICIT_VR_LE.uid())));
        List<StoreRequest> sent = List.of(Corpus.file("MR_small.dcm"), Corpus.file("MR_small_implicit.dcm"));
        List<StoreResult> results = scu.send(destination(), sent).collect().asList().await().atMost(Duration.ofSeconds(60));
        assertThat(results).allMatch(StoreResult::stored);
        assertThat(listener.stored).extracting(ReceivedInstance::transferSyntaxUid)
                .containsOnly(TransferSyntax.IMPLICIT_VR_LE.uid());
    }

    private static List<StoreRequest> uniqueCorpus(Function<TransferSyntax, Boolean> which) throws IOException {
        List<StoreRequest> all = new ArrayList<>();
        for (String name : Corpus.editFiles()) {
            all.add(Corpus.file(name));
        }
        Map<String, Long> counts = all.stream().collect(Collectors.groupingBy(r -> r.header().sopInstanceUid(), Collectors.counting()));
        return all.stream().filter(r -> counts.get(r.header().sopInstanceUid()) == 1)
                .filter(r -> which.apply(r.header().transferSyntax())).toList();
    }

    /** Each received file's data set is byte for byte the sent file's, in the sent file's syntax. */
    private void assertArrivedUnchanged(List<StoreRequest> sent) throws IOException {
        Map<String, ReceivedInstance> received = listener.stored.stream()
                .collect(Collectors.toMap(ReceivedInstance::sopInstanceUid, r -> r));
        Set<String> checked = new HashSet<>();
        for (StoreRequest r : sent) {
            ReceivedInstance got = received.get(r.header().sopInstanceUid());
            assertThat(got).as("received " + r.file()).isNotNull();
            assertThat(got.transferSyntaxUid()).as(r.file().toString()).isEqualTo(r.header().transferSyntaxUid());
            InstanceHeader head = DicomFiles.scan(got.file());
            byte[] a = Files.readAllBytes(r.file());
            byte[] b = Files.readAllBytes(got.file());
            byte[] sentSet = Arrays.copyOfRange(a, (int) r.header().datasetOffset(), a.length);
            byte[] gotSet = Arrays.copyOfRange(b, (int) head.datasetOffset(), b.length);
            if (sentSet.length % 2 == 1 && gotSet.length == sentSet.length + 1 && gotSet[sentSet.length] == 0) {
                gotSet = Arrays.copyOf(gotSet, sentSet.length); // a deflated stream padded to even length (PS3.5 A.5)
            }
            assertThat(Arrays.equals(sentSet, gotSet)).as("data set of " + r.file().getFileName() + " byte for byte ("
                    + sentSet.length + " sent, " + gotSet.length + " received)").isTrue();
            checked.add(r.header().sopInstanceUid());
        }
        assertThat(checked).hasSize(sent.size());
    }
}
