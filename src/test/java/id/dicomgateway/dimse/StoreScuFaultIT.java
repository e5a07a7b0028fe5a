package id.dicomgateway.dimse;

import id.dicomgateway.dicom.InstanceHeader;
import id.dicomgateway.dicom.TransferSyntax;
import id.dicomgateway.dimse.pdu.Pdu;
import id.dicomgateway.dimse.pdu.PduItems.Pdv;
import id.dicomgateway.dimse.pdu.PduItems.PresentationContextAc;
import id.dicomgateway.dimse.pdu.PduItems.PresentationContextRq;
import id.dicomgateway.dimse.pdu.PduItems.UserInformation;
import id.dicomgateway.dimse.pdu.PduWriter;
import id.dicomgateway.testing.FakeScp;
import id.dicomgateway.testing.StoreScpProcess;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faults, each with a named cause and the exact list of what was stored: against storescp's own
 * fault options where it has one, else against {@link FakeScp}.
 */
class StoreScuFaultIT {

    static final Duration WAIT = Duration.ofSeconds(30);
    static Vertx vertx;
    static StoreScu scu;
    static List<StoreRequest> study;

    @BeforeAll
    static void setUp() throws IOException {
        vertx = Vertx.vertx();
        scu = new StoreScu(vertx, DimseSettings.defaults());
        study = Corpus.studyMr3();
    }

    @AfterAll
    static void tearDown() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    static List<StoreResult> send(StoreScu scu, Destination d, List<StoreRequest> requests) {
        List<StoreResult> results = scu.send(d, requests).collect().asList().await().atMost(WAIT);
        assertThat(results).extracting(StoreResult::sopInstanceUid)
                .containsExactlyElementsOf(requests.stream().map(r -> r.header().sopInstanceUid()).toList());
        return results;
    }

    static List<String> uids(List<StoreRequest> requests, int from, int to) {
        return requests.subList(from, to).stream().map(r -> r.header().sopInstanceUid()).toList();
    }

    static List<String> storedUids(List<StoreResult> results) {
        return results.stream().filter(StoreResult::stored).map(StoreResult::sopInstanceUid).toList();
    }

    static void assertFailedFrom(List<StoreResult> results, int from, FailureCause cause) {
        assertThat(results.subList(from, results.size())).allSatisfy(r -> {
            assertThat(r.outcome()).isEqualTo(StoreResult.Outcome.FAILED);
            assertThat(r.cause()).isEqualTo(cause);
            assertThat(r.message()).isNotBlank();
        });
    }

    @Test
    void nothingListening() throws Exception {
        Destination nowhere = new Destination("127.0.0.1", StoreScpProcess.freePort(), "NOBODY", "GATEWAY");
        List<StoreResult> results = send(scu, nowhere, study);
        assertThat(storedUids(results)).isEmpty();
        assertFailedFrom(results, 0, FailureCause.CONNECT_FAILED);
        assertThat(results.get(0).message()).contains("cannot connect to NOBODY@127.0.0.1");
        assertThat(echoFailure(scu, nowhere).cause()).isEqualTo(FailureCause.CONNECT_FAILED);
    }

    @Test
    void refusedByStorescp() throws Exception {
        try (StoreScpProcess scp = StoreScpProcess.start("--refuse")) {
            Destination d = new Destination("127.0.0.1", scp.port(), scp.aeTitle(), "GATEWAY");
            List<StoreResult> results = send(scu, d, study);
            assertThat(storedUids(results)).isEmpty();
            assertFailedFrom(results, 0, FailureCause.ASSOCIATION_REJECTED);
            assertThat(results.get(0).message()).contains("rejected the association").contains("rejected-permanent");
        }
    }

    @Test
    void wrongCalledAeTitleRejected() throws Exception {
        try (FakeScp fake = new FakeScp()) {
            // A peer that checks its AE title, as PS3.8 table 9-21 reason 7 describes.
            fake.onAssociate = rq -> rq.calledAeTitle().equals(FakeScp.AE_TITLE) ? FakeScp.acceptAll(rq)
                    : new Pdu.AAssociateRj(1, 1, 7);
            Destination wrong = new Destination("127.0.0.1", fake.port(), "NOT_ME", "GATEWAY");
            List<StoreResult> results = send(scu, wrong, study);
            assertThat(storedUids(results)).isEmpty();
            assertFailedFrom(results, 0, FailureCause.ASSOCIATION_REJECTED);
            assertThat(results.get(0).message()).contains("called-AE-title-not-recognized");
            assertThat(echoFailure(scu, wrong).cause()).isEqualTo(FailureCause.ASSOCIATION_REJECTED);
            // and the right title works
            assertThat(scu.echo(fake.destination()).await().atMost(WAIT)).isPositive();
        }
    }

    @Test
    void peerAbortsInTheMiddle() throws Exception {
        try (FakeScp fake = new FakeScp()) {
            fake.onStore = n -> n == 4 ? new FakeScp.Abort() : FakeScp.success();
            List<StoreResult> results = send(scu, fake.destination(), study);
            assertThat(storedUids(results)).containsExactlyElementsOf(uids(study, 0, 4));
            assertThat(fake.stored).containsExactlyElementsOf(uids(study, 0, 4));
            assertFailedFrom(results, 4, FailureCause.ASSOCIATION_ABORTED);
            assertThat(results.get(4).message()).contains("aborted the association");
        }
    }

    @Test
    void storescpAbortsAfterTheFirstRequest() throws Exception {
        try (StoreScpProcess scp = StoreScpProcess.start("--abort-after")) {
            Destination d = new Destination("127.0.0.1", scp.port(), scp.aeTitle(), "GATEWAY");
            List<StoreResult> results = send(scu, d, study);
            assertThat(storedUids(results)).isEmpty();
            assertFailedFrom(results, 0, FailureCause.ASSOCIATION_ABORTED);
        }
    }

    @Test
    void peerClosesWithoutAbort() throws Exception {
        try (FakeScp fake = new FakeScp()) {
            fake.onStore = n -> n == 2 ? new FakeScp.Close() : FakeScp.success();
            List<StoreResult> results = send(scu, fake.destination(), study);
            assertThat(storedUids(results)).containsExactlyElementsOf(uids(study, 0, 2));
            assertFailedFrom(results, 2, FailureCause.CONNECTION_LOST);
        }
    }

    @Test
    void failureStatusOnOneInstanceWarningOnAnotherAssociationGoesOn() throws Exception {
        try (FakeScp fake = new FakeScp()) {
            fake.onStore = n -> switch (n) {
                case 2 -> new FakeScp.Respond(0xA700, "disk full");
                case 3 -> new FakeScp.Respond(0xB000, null);
                case 5 -> new FakeScp.Respond(0xC123, null);
                case 6 -> new FakeScp.Respond(0xB007, "mismatch");
                default -> FakeScp.success();
            };
            List<StoreResult> results = send(scu, fake.destination(), study);
            List<String> expectedStored = new ArrayList<>(uids(study, 0, study.size()));
            expectedStored.remove(5);
            expectedStored.remove(2);
            assertThat(storedUids(results)).containsExactlyElementsOf(expectedStored);
            StoreResult a700 = results.get(2);
            assertThat(a700.outcome()).isEqualTo(StoreResult.Outcome.FAILED);
            assertThat(a700.cause()).isEqualTo(FailureCause.STATUS_FAILURE);
            assertThat(a700.status()).isEqualTo(0xA700);
            assertThat(a700.message()).contains("A700 Refused: Out of Resources: disk full");
            assertThat(results.get(3).outcome()).isEqualTo(StoreResult.Outcome.STORED_WITH_WARNING);
            assertThat(results.get(3).message()).contains("B000");
            assertThat(results.get(5).cause()).isEqualTo(FailureCause.STATUS_FAILURE);
            assertThat(results.get(5).status()).isEqualTo(0xC123);
            assertThat(results.get(6).outcome()).isEqualTo(StoreResult.Outcome.STORED_WITH_WARNING);
            assertThat(results.get(6).message()).contains("B007").contains("mismatch");
            assertThat(results.get(0).outcome()).isEqualTo(StoreResult.Outcome.STORED);
            assertThat(results.get(0).bytes()).isPositive();
            awaitEvent(fake, "A-RELEASE-RQ");
            assertThat(fake.associations.get()).isEqualTo(1);
        }
    }

    @Test
    void peerStopsAnswering() throws Exception {
        StoreScu quick = new StoreScu(vertx, DimseSettings.defaults().withDimseTimeout(Duration.ofMillis(500)));
        try (FakeScp fake = new FakeScp()) {
            fake.onStore = n -> n >= 5 ? new FakeScp.Silent() : FakeScp.success();
            List<StoreResult> results = send(quick, fake.destination(), study);
            assertThat(storedUids(results)).containsExactlyElementsOf(uids(study, 0, 5));
            assertFailedFrom(results, 5, FailureCause.TIMEOUT);
            assertThat(results.get(5).message()).contains("no DIMSE response");
            awaitEvent(fake, "A-ABORT"); // we abort so the peer frees the association
        }
    }

    @Test
    void storescpSleepsLongerThanOurTimeout() throws Exception {
        StoreScu quick = new StoreScu(vertx, DimseSettings.defaults().withDimseTimeout(Duration.ofMillis(700)));
        try (StoreScpProcess scp = StoreScpProcess.start("--sleep-during", "5")) {
            Destination d = new Destination("127.0.0.1", scp.port(), scp.aeTitle(), "GATEWAY");
            List<StoreResult> results = send(quick, d, study);
            assertThat(storedUids(results)).isEmpty();
            assertFailedFrom(results, 0, FailureCause.TIMEOUT);
        }
    }

    @Test
    void noAnswerToAssociateRequest() throws Exception {
        DimseSettings s = DimseSettings.defaults();
        StoreScu quick = new StoreScu(vertx, new DimseSettings(s.connectTimeout(), Duration.ofMillis(400),
                s.dimseTimeout(), s.releaseTimeout(), s.maxPduLength(), 2));
        try (FakeScp fake = new FakeScp()) {
            fake.ignoreAssociate = true;
            List<StoreResult> results = send(quick, fake.destination(), study);
            assertFailedFrom(results, 0, FailureCause.TIMEOUT);
            assertThat(results.get(0).message()).contains("no A-ASSOCIATE response");
        }
    }

    @Test
    void peerStopsReadingOurData(@TempDir Path tmp) throws Exception {
        // A data set far larger than socket buffers, so our write queue fills and stays full.
        Path big = tmp.resolve("big.dcm");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(64L << 20);
        }
        StoreRequest bigOne = new StoreRequest(big, new InstanceHeader("1.2.840.10008.5.1.4.1.1.7", "1.2.3.999",
                TransferSyntax.EXPLICIT_VR_LE.uid(), "1.2.3", "1.2.3.1", false, 0));
        List<StoreRequest> requests = List.of(study.get(0), bigOne, study.get(1));
        StoreScu quick = new StoreScu(vertx, DimseSettings.defaults().withDimseTimeout(Duration.ofMillis(800)));
        try (FakeScp fake = new FakeScp()) {
            fake.stopReadingAtStore = 1;
            List<StoreResult> results = send(quick, fake.destination(), requests);
            assertThat(storedUids(results)).containsExactly(study.get(0).header().sopInstanceUid());
            assertFailedFrom(results, 1, FailureCause.TIMEOUT);
            assertThat(results.get(1).message()).contains("stopped reading our data");
        }
    }

    /** PS3.8 9.3.5: a PDV on a presentation context the association did not accept; we abort (service-provider, unexpected-PDU-parameter). */
    @Test
    void aResponseOnAContextNotAcceptedAbortsTheAssociation() throws Exception {
        byte[] response = CommandSet.cStoreRq(1, "1.2.840.10008.5.1.4.1.1.7", "1.2.3").encode();
        byte[] onContext99 = PduWriter.encode(new Pdu.PDataTf(List.of(new Pdv(99, true, true, response)))).getBytes();
        try (FakeScp fake = new FakeScp()) {
            fake.onStore = n -> n == 1 ? new FakeScp.Raw(onContext99) : FakeScp.success();
            List<StoreResult> results = send(scu, fake.destination(), study);
            assertThat(storedUids(results)).containsExactlyElementsOf(uids(study, 0, 1));
            assertFailedFrom(results, 1, FailureCause.PROTOCOL_ERROR);
            assertThat(results.get(1).message()).contains("presentation context 99, which is not accepted");
            awaitEvent(fake, "A-ABORT service-provider, unexpected-PDU-parameter");
        }
    }

    @Test
    void garbageFromPeerIsAProtocolError() throws Exception {
        try (FakeScp fake = new FakeScp()) {
            fake.onStore = n -> n == 1 ? new FakeScp.Raw(new byte[] {0x09, 0, 0, 0, 0, 0}) : FakeScp.success();
            List<StoreResult> results = send(scu, fake.destination(), study);
            assertThat(storedUids(results)).containsExactlyElementsOf(uids(study, 0, 1));
            assertFailedFrom(results, 1, FailureCause.PROTOCOL_ERROR);
            assertThat(results.get(1).message()).contains("unrecognized PDU type 09H");
            awaitEvent(fake, "A-ABORT");
        }
    }

    @Test
    void unreadableFileFailsAloneOthersGo(@TempDir Path tmp) throws Exception {
        Path gone = tmp.resolve("gone.dcm");
        Files.copy(study.get(3).file(), gone);
        List<StoreRequest> requests = new ArrayList<>(study);
        requests.set(3, new StoreRequest(gone, study.get(3).header()));
        Files.delete(gone);
        try (FakeScp fake = new FakeScp()) {
            List<StoreResult> results = send(scu, fake.destination(), requests);
            List<String> expected = new ArrayList<>(uids(study, 0, study.size()));
            expected.remove(3);
            assertThat(storedUids(results)).containsExactlyElementsOf(expected);
            assertThat(results.get(3).cause()).isEqualTo(FailureCause.READ_ERROR);
            assertThat(results.get(3).message()).contains("gone.dcm");
            assertThat(fake.associations.get()).isEqualTo(1);
        }
    }

    @Test
    void refusedSopClassFailsAloneWithItsReason() throws Exception {
        try (FakeScp fake = new FakeScp()) {
            fake.onAssociate = rq -> {
                List<PresentationContextAc> pcs = new ArrayList<>();
                for (PresentationContextRq pc : rq.presentationContexts()) {
                    boolean mr = pc.abstractSyntax().equals("1.2.840.10008.5.1.4.1.1.4");
                    pcs.add(new PresentationContextAc(pc.id(), mr ? 0 : 3, mr ? pc.transferSyntaxes().get(0) : ""));
                }
                return new Pdu.AAssociateAc(rq.calledAeTitle(), rq.callingAeTitle(), rq.applicationContext(), pcs,
                        new UserInformation(0, "1.2.3", null));
            };
            List<StoreRequest> requests = new ArrayList<>(study.subList(0, 3));
            requests.add(1, Corpus.file("CT_small.dcm"));
            List<StoreResult> results = send(scu, fake.destination(), requests);
            assertThat(storedUids(results)).containsExactlyElementsOf(uids(study, 0, 3));
            StoreResult ct = results.get(1);
            assertThat(ct.cause()).isEqualTo(FailureCause.NO_PRESENTATION_CONTEXT);
            assertThat(ct.message()).contains("1.2.840.10008.5.1.4.1.1.2").contains("abstract-syntax-not-supported")
                    .contains("1.2.840.10008.1.2.1");
        }
    }

    @Test
    void concurrencyPerDestinationIsBounded() throws Exception {
        try (FakeScp fake = new FakeScp()) {
            fake.onStore = n -> {
                sleep(30); // keep associations overlapping
                return FakeScp.success();
            };
            List<Uni<List<StoreResult>>> sends = IntStream.range(0, 5)
                    .mapToObj(i -> scu.send(fake.destination(), study.subList(0, 3)).collect().asList()).toList();
            List<List<StoreResult>> all = Uni.join().all(sends).andFailFast().await().atMost(WAIT);
            assertThat(all).allSatisfy(r -> assertThat(r).hasSize(3).allMatch(StoreResult::stored));
            assertThat(fake.associations.get()).isEqualTo(5);
            assertThat(fake.maxConcurrent.get()).isEqualTo(2);
        }
    }

    @Test
    void cancellingAbortsAndFreesThePermit() throws Exception {
        StoreScu one = new StoreScu(vertx, DimseSettings.defaults().withMaxAssociationsPerDestination(1));
        try (FakeScp fake = new FakeScp()) {
            fake.onStore = n -> n >= 2 ? new FakeScp.Silent() : FakeScp.success();
            Multi<StoreResult> stream = one.send(fake.destination(), study);
            List<StoreResult> firstTwo = stream.select().first(2).collect().asList().await().atMost(WAIT);
            assertThat(firstTwo).allMatch(StoreResult::stored);
            awaitEvent(fake, "A-ABORT");
            fake.onStore = n -> FakeScp.success();
            // the single permit is free again
            assertThat(send(one, fake.destination(), study.subList(0, 2))).allMatch(StoreResult::stored);
        }
    }

    /**
     * The release gate says no (the job was cancelled while its last instance was answered): every
     * instance was stored, yet the association is aborted, never released, so the router files none
     * of it; the stream fails saying why. Said yes, later and from another thread, the send releases.
     */
    @Test
    void aGateThatSaysNoAbortsInsteadOfReleasing() throws Exception {
        try (FakeScp fake = new FakeScp()) {
            List<StoreResult> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
            Throwable failure = scu.sendStudy(fake.destination(), study, () -> io.smallrye.mutiny.Uni.createFrom().item(false))
                    .invoke(seen::add).collect().asList().map(r -> (Throwable) null).onFailure().recoverWithItem(e -> e)
                    .await().atMost(WAIT);
            assertThat(seen).hasSize(study.size()).allMatch(StoreResult::stored);
            assertThat(failure).isInstanceOfSatisfying(DimseException.class, e -> {
                assertThat(e.cause()).isEqualTo(FailureCause.ASSOCIATION_ABORTED);
                assertThat(e.getMessage()).contains("stopped before its release");
            });
            awaitEvent(fake, "A-ABORT");
            assertThat(fake.events).doesNotContain("A-RELEASE-RQ");
        }
        try (FakeScp fake = new FakeScp()) {
            ReleaseGate later = () -> io.smallrye.mutiny.Uni.createFrom().item(true)
                    .onItem().delayIt().by(java.time.Duration.ofMillis(200));
            List<StoreResult> results = scu.sendStudy(fake.destination(), study, later).collect().asList().await().atMost(WAIT);
            assertThat(results).hasSize(study.size()).allMatch(StoreResult::stored);
            awaitEvent(fake, "A-RELEASE-RQ");
            assertThat(fake.events).doesNotContain("A-ABORT");
        }
    }

    static DimseException echoFailure(StoreScu scu, Destination d) {
        Throwable t = scu.echo(d).map(ok -> (Throwable) null).onFailure().recoverWithItem(e -> e).await().atMost(WAIT);
        assertThat(t).isInstanceOf(DimseException.class);
        return (DimseException) t;
    }

    static void awaitEvent(FakeScp fake, String event) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!fake.events.contains(event)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + event + " at the fake SCP; events: " + fake.events);
            }
            Thread.sleep(10);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        }
    }

    /** What goes on the wire is the file's own data set, byte for byte, split to the peer's max PDU. */
    @Test
    void dataSetBytesAreTheFilesOwnSplitToPeerMaxPdu() throws Exception {
        try (FakeScp fake = new FakeScp()) {
            fake.maxPduLength = 4096;
            List<StoreRequest> requests = new ArrayList<>(study);
            for (String name : List.of("CT_small.dcm", "JPEG2000.dcm", "rtstruct.dcm", "image_dfl.dcm",
                    "MR_small_bigendian.dcm")) {
                requests.add(Corpus.file(name));
            }
            List<StoreResult> results = send(scu, fake.destination(), requests);
            assertThat(results).allMatch(StoreResult::stored);
            assertThat(fake.largestPData.get()).isEqualTo(4096);
            for (StoreRequest r : requests) {
                byte[] file = Files.readAllBytes(r.file());
                byte[] expected = java.util.Arrays.copyOfRange(file, (int) r.header().datasetOffset(), file.length);
                byte[] got = fake.datasets.get(r.header().sopInstanceUid());
                if (expected.length % 2 == 1) {
                    // the deflated data set is odd: one NUL pad byte keeps fragments even
                    assertThat(got).hasSize(expected.length + 1);
                    assertThat(got[expected.length]).isZero();
                    got = java.util.Arrays.copyOf(got, expected.length);
                }
                assertThat(got).as(r.file().toString()).isEqualTo(expected);
            }
        }
    }

    /** Converted instances go through a temporary file in the given directory, deleted afterwards. */
    @Test
    void conversionsUseTheTempDirAndLeaveNothing(@TempDir Path tmp) throws Exception {
        StoreScu withTemp = new StoreScu(vertx, DimseSettings.defaults(), tmp);
        try (FakeScp fake = new FakeScp()) {
            fake.onAssociate = rq -> {
                List<PresentationContextAc> pcs = new ArrayList<>();
                for (PresentationContextRq pc : rq.presentationContexts()) {
                    boolean implicit = pc.transferSyntaxes().contains(TransferSyntax.IMPLICIT_VR_LE.uid());
                    pcs.add(new PresentationContextAc(pc.id(), implicit ? 0 : 4, implicit ? TransferSyntax.IMPLICIT_VR_LE.uid() : ""));
                }
                return new Pdu.AAssociateAc(rq.calledAeTitle(), rq.callingAeTitle(), rq.applicationContext(), pcs,
                        new UserInformation(16384, "1.2.3", null));
            };
            List<StoreRequest> requests = new ArrayList<>(study.subList(0, 3));
            requests.add(Corpus.file("MR_small_bigendian.dcm"));
            requests.add(Corpus.file("image_dfl.dcm"));
            requests.add(Corpus.file("JPEG2000.dcm"));
            List<StoreResult> results = send(withTemp, fake.destination(), requests);
            assertThat(results.subList(0, 5)).allMatch(StoreResult::stored);
            assertThat(results.get(5).cause()).isEqualTo(FailureCause.NO_PRESENTATION_CONTEXT);
            // the converted data sets differ from the files' own bytes, and are implicit VR LE
            for (StoreRequest r : requests.subList(0, 5)) {
                byte[] got = fake.datasets.get(r.header().sopInstanceUid());
                assertThat(got).isNotNull();
                assertThat(got.length % 2).isZero();
                // implicit VR: the first element (0008,0005) or (0008,0008)... has a 4-byte length right after the tag
                assertThat(got[0]).isEqualTo((byte) 0x08);
                assertThat(new String(got, 4, 2, java.nio.charset.StandardCharsets.US_ASCII)).isNotIn("CS", "UI", "SH", "DA");
            }
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (true) {
                try (var files = Files.list(tmp)) {
                    if (files.findAny().isEmpty()) {
                        break;
                    }
                }
                assertThat(System.nanoTime()).as("temporary files left in " + tmp).isLessThan(deadline);
                Thread.sleep(10);
            }
        }
    }

    /** Every instance was confirmed; a release that is never answered must not hang the stream. */
    @Test
    void unansweredReleaseStillCompletesWithTheConfirmedResults() throws Exception {
        DimseSettings d = DimseSettings.defaults();
        StoreScu quick = new StoreScu(vertx, new DimseSettings(d.connectTimeout(), d.associateTimeout(),
                d.dimseTimeout(), Duration.ofMillis(300), d.maxPduLength(), 1));
        try (FakeScp fake = new FakeScp()) {
            fake.ignoreRelease = true;
            List<StoreResult> results = send(quick, fake.destination(), study);
            assertThat(results).allMatch(StoreResult::stored);
            awaitEvent(fake, "A-ABORT"); // after the release timeout we abort
            // and the permit came back: a second send to the same destination runs
            fake.ignoreRelease = false;
            assertThat(send(quick, fake.destination(), study.subList(0, 1))).allMatch(StoreResult::stored);
        }
    }

    /** Thousands of instances failing alone without I/O are passed in a loop, not by recursion. */
    @Test
    void manyRefusedInstancesInOneSend() throws Exception {
        try (FakeScp fake = new FakeScp()) {
            fake.onAssociate = rq -> {
                List<PresentationContextAc> pcs = new ArrayList<>();
                for (PresentationContextRq pc : rq.presentationContexts()) {
                    boolean mr = pc.abstractSyntax().equals("1.2.840.10008.5.1.4.1.1.4");
                    pcs.add(new PresentationContextAc(pc.id(), mr ? 0 : 3, mr ? pc.transferSyntaxes().get(0) : ""));
                }
                return new Pdu.AAssociateAc(rq.calledAeTitle(), rq.callingAeTitle(), rq.applicationContext(), pcs,
                        new UserInformation(16384, "1.2.3", null));
            };
            StoreRequest ct = Corpus.file("CT_small.dcm");
            List<StoreRequest> requests = new ArrayList<>(java.util.Collections.nCopies(20_000, ct));
            requests.add(study.get(0));
            List<StoreResult> results = scu.send(fake.destination(), requests).collect().asList().await().atMost(WAIT);
            assertThat(results).hasSize(20_001);
            assertThat(results.subList(0, 20_000)).allMatch(r -> r.cause() == FailureCause.NO_PRESENTATION_CONTEXT);
            assertThat(results.get(20_000).stored()).isTrue();
            awaitEvent(fake, "A-RELEASE-RQ");
        }
    }
}
