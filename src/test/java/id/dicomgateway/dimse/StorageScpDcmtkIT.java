package id.dicomgateway.dimse;

import static org.assertj.core.api.Assertions.assertThat;

import id.dicomgateway.dicom.DicomFiles;
import id.dicomgateway.dicom.InstanceHeader;
import id.dicomgateway.dicom.Uids;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** StorageScp against real senders: DCMTK storescu and echoscu, and our own StoreScu. */
class StorageScpDcmtkIT {

    static final String AE = "GATEWAY";
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

    void start(AcceptPolicy policy) {
        listener = new RecordingListener();
        scp = StorageScp.start(vertx, ScpSettings.defaults("127.0.0.1", 0, AE, storeDir).withPolicy(policy), listener)
                .await().atMost(Duration.ofSeconds(10));
    }

    DcmtkTool storescu(String... optionsThenFiles) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("storescu", "-v", "-aet", "DCMTKSCU", "-aec", AE));
        List<String> files = new ArrayList<>();
        for (String a : optionsThenFiles) {
            (a.startsWith("/") || a.startsWith("..") ? files : cmd).add(a);
        }
        cmd.add("127.0.0.1");
        cmd.add(Integer.toString(scp.port()));
        cmd.addAll(files);
        return DcmtkTool.run(cmd);
    }

    @Test
    void echoscuGetsSuccessAndTheAssociationIsReleased() throws Exception {
        start(AcceptPolicy.satusehatRouter());
        DcmtkTool echo = DcmtkTool.run(List.of("echoscu", "-v", "-aet", "ECHOER", "-aec", AE, "127.0.0.1",
                Integer.toString(scp.port())));
        assertThat(echo.exitCode()).as(echo.output()).isZero();
        assertThat(echo.output()).contains("Received Echo Response (Success)");
        listener.awaitEnded(1, Duration.ofSeconds(5));
        assertThat(listener.accepted).singleElement().satisfies(a -> {
            assertThat(a.callingAeTitle()).isEqualTo("ECHOER");
            assertThat(a.calledAeTitle()).isEqualTo(AE);
        });
        assertThat(listener.ended).singleElement().extracting(RecordingListener.Ended::released).isEqualTo(true);
        assertThat(listener.stored).isEmpty();
    }

    /** As pynetdicom, the router takes its own first choice, Implicit VR LE, over storescu's Explicit LE. */
    @Test
    void studyInOneAssociationAsTheRouterNegotiatesIt() throws Exception {
        start(AcceptPolicy.satusehatRouter());
        List<Path> study = studyMr3();
        DcmtkTool run = storescu(concat(List.of("-xe", "+C"), study)); // one context, [Explicit LE, Big, Implicit]
        assertThat(run.exitCode()).as(run.output()).isZero();
        listener.awaitEnded(1, Duration.ofSeconds(5));
        assertThat(listener.accepted).hasSize(1);
        assertThat(listener.ended.get(0).released()).isTrue();
        assertThat(listener.stored).hasSize(11)
                .allSatisfy(i -> assertThat(i.transferSyntaxUid()).isEqualTo(Uids.IMPLICIT_VR_LITTLE_ENDIAN));
        assertSameDatasets(study, Uids.IMPLICIT_VR_LITTLE_ENDIAN);
        // the handler was called off the event loop
        assertThat(listener.threads).allSatisfy(t -> assertThat(t).doesNotContain("eventloop"));
    }

    @Test
    void implicitOnlyProposal() throws Exception {
        start(AcceptPolicy.anyStorage());
        List<Path> files = List.of(corpus("MR_small.dcm"), corpus("CT_small.dcm"), corpus("rtplan.dcm"));
        DcmtkTool run = storescu(concat(List.of("-xi"), files));
        assertThat(run.exitCode()).as(run.output()).isZero();
        listener.awaitEnded(1, Duration.ofSeconds(5));
        assertThat(listener.stored).hasSize(3);
        assertSameDatasets(files, Uids.IMPLICIT_VR_LITTLE_ENDIAN);
    }

    @Test
    void explicitLittleFirstTakenAsProposedByAnyStorage() throws Exception {
        start(AcceptPolicy.anyStorage());
        List<Path> files = List.of(corpus("MR_small.dcm"), corpus("MR_small_implicit.dcm"), corpus("waveform_ecg.dcm"));
        DcmtkTool run = storescu(concat(List.of("-xe", "+C"), files));
        assertThat(run.exitCode()).as(run.output()).isZero();
        listener.awaitEnded(1, Duration.ofSeconds(5));
        assertThat(listener.stored).hasSize(3);
        assertSameDatasets(files, Uids.EXPLICIT_VR_LITTLE_ENDIAN);
    }

    /** Explicit VR Big Endian received as such; dcmconv turns it back to little endian to compare. */
    @Test
    void explicitBigEndian() throws Exception {
        start(AcceptPolicy.anyStorage());
        Path file = corpus("MR_small.dcm");
        DcmtkTool run = storescu("-xb", "+C", file.toString()); // one context [Big, Little, Implicit]
        assertThat(run.exitCode()).as(run.output()).isZero();
        listener.awaitEnded(1, Duration.ofSeconds(5));
        ReceivedInstance got = listener.stored.get(0);
        assertThat(got.transferSyntaxUid()).isEqualTo(Uids.EXPLICIT_VR_BIG_ENDIAN);
        Path little = storeDir.resolve("little.dcm");
        DcmtkTool conv = DcmtkTool.run(List.of("dcmconv", "+te", got.file().toString(), little.toString()));
        assertThat(conv.exitCode()).as(conv.output()).isZero();
        same(List.of(file, little), Uids.EXPLICIT_VR_LITTLE_ENDIAN);
    }

    /**
     * Compressed files go in their own syntax (storescu proposes one when told which: -xw JPEG 2000,
     * -xr RLE, -xy JPEG baseline, -xt JPEG-LS lossless); the router policy accepts them for the
     * common classes.
     */
    @Test
    void compressedFilesInTheirOwnSyntax() throws Exception {
        start(AcceptPolicy.satusehatRouter());
        Map<Path, String> files = new java.util.LinkedHashMap<>();
        files.put(corpus("JPEG2000.dcm"), "-xw");
        files.put(corpus("MR_small_RLE.dcm"), "-xr");
        files.put(corpus("SC_rgb_jpeg_dcmtk.dcm"), "-xy");
        files.put(corpus("MR_small_jpeg_ls_lossless.dcm"), "-xt");
        for (Map.Entry<Path, String> e : files.entrySet()) {
            DcmtkTool run = storescu(e.getValue(), e.getKey().toString());
            assertThat(run.exitCode()).as(run.output()).isZero();
        }
        listener.awaitEnded(files.size(), Duration.ofSeconds(5));
        assertThat(listener.stored).hasSize(files.size());
        int i = 0;
        for (Path f : files.keySet()) { // MR_small_RLE and _jpeg_ls share one UID: pair by order
            InstanceHeader h = DicomFiles.scan(f);
            ReceivedInstance got = listener.stored.get(i++);
            assertThat(got.transferSyntaxUid()).as(f.toString()).isEqualTo(h.transferSyntaxUid());
            same(List.of(f, got.file()), h.transferSyntaxUid());
        }
    }

    /** storescu --abort: every instance answered, then A-ABORT instead of A-RELEASE. */
    @Test
    void storescuAbortsAfterSending() throws Exception {
        start(AcceptPolicy.satusehatRouter());
        List<Path> study = studyMr3().subList(0, 3);
        DcmtkTool run = storescu(concat(List.of("--abort"), study));
        assertThat(run.exitCode()).as(run.output()).isZero();
        listener.awaitEnded(1, Duration.ofSeconds(5));
        RecordingListener.Ended end = listener.ended.get(0);
        assertThat(end.released()).isFalse();
        assertThat(end.reason()).contains("peer aborted").contains("service-user");
        assertThat(listener.stored).hasSize(3).allSatisfy(i -> assertThat(i.file()).exists());
    }

    /** Our own SCU sends the file's data set bytes unchanged: the file holds exactly those bytes. */
    @Test
    void storeScuDataSetBytesArriveUnchanged() throws Exception {
        start(AcceptPolicy.anyStorage());
        List<StoreRequest> sent = new ArrayList<>(Corpus.studyMr3());
        for (String name : List.of("CT_small.dcm", "JPEG2000.dcm", "MR_small_RLE.dcm", "image_dfl.dcm",
                "MR_small_bigendian.dcm", "rtstruct.dcm")) {
            sent.add(Corpus.file(name));
        }
        StoreScu scu = new StoreScu(vertx, DimseSettings.defaults());
        List<StoreResult> results = scu.send(new Destination("127.0.0.1", scp.port(), AE, "OURSCU"), sent)
                .collect().asList().await().atMost(Duration.ofSeconds(30));
        assertThat(results).allSatisfy(r -> assertThat(r.outcome()).as(r.message()).isEqualTo(StoreResult.Outcome.STORED));
        listener.awaitEnded(1, Duration.ofSeconds(5));
        assertThat(listener.accepted).hasSize(1);
        // several corpus files are one instance in different syntaxes: pair them by order, as sent
        assertThat(listener.stored).hasSize(sent.size());
        for (int i = 0; i < sent.size(); i++) {
            StoreRequest r = sent.get(i);
            ReceivedInstance got = listener.stored.get(i);
            assertThat(got).as(r.file().toString()).isNotNull();
            byte[] original = Files.readAllBytes(r.file());
            byte[] data = Arrays.copyOfRange(original, (int) r.header().datasetOffset(), original.length);
            byte[] file = Files.readAllBytes(got.file());
            InstanceHeader h = DicomFiles.scan(got.file());
            byte[] received = Arrays.copyOfRange(file, (int) h.datasetOffset(), file.length);
            assertThat(h.sopInstanceUid()).isEqualTo(r.header().sopInstanceUid());
            assertThat(h.transferSyntaxUid()).isEqualTo(got.transferSyntaxUid());
            // a deflated stream of odd length gets one pad byte (see Association.DataSetSender)
            assertThat(received.length - data.length).as(r.file() + " -> " + got.file()).isBetween(0, 1);
            assertThat(Arrays.copyOf(received, data.length)).as(r.file().toString()).isEqualTo(data);
            assertThat(got.bytes()).isEqualTo(received.length);
        }
    }

    /** A non-zero status from the handler is what the sender sees. */
    @Test
    void handlerStatusIsTheCStoreResponseStatus() throws Exception {
        start(AcceptPolicy.satusehatRouter());
        listener.answering(i -> io.smallrye.mutiny.Uni.createFrom().item(0xA700));
        DcmtkTool run = storescu(studyMr3().get(0).toString());
        assertThat(run.output()).contains("Received Store Response (Refused: OutOfResources)");
    }

    /** The file cannot be created (the store dir became a plain file): A700, the association goes on. */
    @Test
    void diskFailureAnswersOutOfResourcesAndTheAssociationGoesOn() throws Exception {
        start(AcceptPolicy.satusehatRouter());
        Files.delete(storeDir);
        Files.writeString(storeDir, "not a directory");
        try {
            List<Path> two = studyMr3().subList(0, 2);
            DcmtkTool run = storescu(concat(List.of("-nh"), two));
            assertThat(run.output()).contains("Received Store Response (Refused: OutOfResources)");
            assertThat(run.output()).contains("Releasing Association");
            listener.awaitEnded(1, Duration.ofSeconds(5));
            assertThat(listener.ended.get(0).released()).isTrue();
            assertThat(listener.stored).isEmpty();
        } finally {
            Files.delete(storeDir);
            Files.createDirectory(storeDir);
        }
    }

    @Test
    void callingAeTitleOutsideTheAllowListIsRejected() throws Exception {
        listener = new RecordingListener();
        scp = StorageScp.start(vertx, ScpSettings.defaults("127.0.0.1", 0, AE, storeDir)
                .withAllowedCallingAeTitles(java.util.Set.of("MODALITY1")), listener).await().atMost(Duration.ofSeconds(10));
        DcmtkTool run = storescu(studyMr3().get(0).toString());
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.output()).contains("Calling AE Title Not Recognized");
        DcmtkTool echo = DcmtkTool.run(List.of("echoscu", "-aet", "MODALITY1", "-aec", AE, "127.0.0.1",
                Integer.toString(scp.port())));
        assertThat(echo.exitCode()).as(echo.output()).isZero();
        DcmtkTool wrongCalled = DcmtkTool.run(List.of("echoscu", "-aet", "MODALITY1", "-aec", "NOTUS", "127.0.0.1",
                Integer.toString(scp.port())));
        assertThat(wrongCalled.output()).contains("Called AE Title Not Recognized");
        assertThat(listener.accepted).hasSize(1);
    }

    private Map<String, ReceivedInstance> bySopInstance() {
        Map<String, ReceivedInstance> out = new HashMap<>();
        for (ReceivedInstance i : listener.stored) {
            out.put(i.sopInstanceUid(), i);
        }
        return out;
    }

    private void assertSameDatasets(List<Path> sent, String expectedTs) throws Exception {
        Map<String, ReceivedInstance> byUid = bySopInstance();
        List<Path> pairs = new ArrayList<>();
        for (Path f : sent) {
            ReceivedInstance got = byUid.get(DicomFiles.scan(f).sopInstanceUid());
            assertThat(got).as("received " + f).isNotNull();
            assertThat(got.file()).startsWith(storeDir.resolve(got.association().id()));
            pairs.add(f);
            pairs.add(got.file());
        }
        same(pairs, expectedTs);
    }

    /** pydicom reads both and finds the same data set (the script of StoreScuStoreScpIT). */
    private static void same(List<Path> pairs, String expectedTs) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3",
                Path.of(StorageScpDcmtkIT.class.getResource("/dimse/same_dataset.py").toURI()).toString(), expectedTs));
        pairs.forEach(p -> command.add(p.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out.strip()).isEqualTo("OK");
    }

    static Path corpus(String name) {
        return Corpus.dir().resolve("files").resolve(name).toAbsolutePath();
    }

    static List<Path> studyMr3() throws IOException {
        try (Stream<Path> s = Files.list(Corpus.dir().resolve("study-mr3"))) {
            return s.filter(p -> p.toString().endsWith(".dcm")).map(Path::toAbsolutePath)
                    .sorted(Comparator.naturalOrder()).toList();
        }
    }

    private static String[] concat(List<String> options, List<Path> files) {
        List<String> out = new ArrayList<>(options);
        files.forEach(f -> out.add(f.toString()));
        return out.toArray(String[]::new);
    }
}
