package id.dicomgateway.receive;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import id.dicomgateway.dicom.DicomFiles;
import id.dicomgateway.dicom.Tag;
import id.dicomgateway.dicom.Uids;
import id.dicomgateway.dimse.CommandSet;
import id.dicomgateway.dimse.pdu.Pdu;
import id.dicomgateway.dimse.pdu.PduItems.PresentationContextRq;
import id.dicomgateway.dimse.pdu.PduItems.UserInformation;
import id.dicomgateway.dimse.pdu.PduWriter;
import id.dicomgateway.testing.OrthancResource;
import id.dicomgateway.testing.Router;
import id.dicomgateway.testing.RouterResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.vertx.core.buffer.Buffer;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The gateway as a Storage SCP, end to end: DCMTK storescu and Orthanc send to it, the relay sends
 * each complete study to the router (storescp) in one association, with the rules of
 * src/test/resources/receive/rules.yaml applied. Short idle and keep times.
 */
@QuarkusTest
@TestProfile(ReceiveIT.Profile.class)
@WithTestResource(OrthancResource.class)
@WithTestResource(RouterResource.class)
@Execution(ExecutionMode.SAME_THREAD) // the Quarkus lane (pom.xml, failsafe)
public class ReceiveIT {
    static final Duration IDLE = Duration.ofMillis(1500);
    static final Duration KEEP = Duration.ofSeconds(6);

    /**
     * The receiving side, and PACS_RETRIEVE=wado-uri for {@code RelayWadoUriIT}, which shares this application (issue 22
     * step 5): receiving never retrieves from the PACS, and that test never receives.
     */
    public static final class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "gateway.receive.port", "0",
                    "gateway.receive.host", "127.0.0.1",
                    "gateway.receive.idle", IDLE.toMillis() + "ms",
                    "gateway.receive.keep", KEEP.toMillis() + "ms",
                    "gateway.receive.max-associations", "24",
                    "gateway.receive.max-association-size", "8M",
                    "gateway.receive.rules", Path.of("src/test/resources/receive/rules.yaml").toAbsolutePath().toString(),
                    "gateway.pacs.retrieve", "wado-uri");
        }
    }

    @Inject
    GatewayScp scp;

    @TempDir
    Path dir;

    int port;

    @BeforeEach
    void setUp() {
        port = scp.port().orElseThrow();
    }

    /** One released association at the router, holding the whole study with the rule's values. */
    @Test
    void aStudyGoesOnInOneAssociationWithTheRulesValues() throws Exception {
        String uid = Senders.newStudyUid();
        List<Path> files = Senders.studyMr3(dir, uid, 11, "(0040,0275)[0].(0040,1001)=RP4711", "(0010,1000)=MRN-12345");
        int before = Router.associations();
        Senders.storescu(port, "RISAE", List.of(), files);
        JsonPath study = awaitForwarded(uid, 1);
        assertThat(study.getString("state")).isIn("KEPT", "FORWARDED");
        assertThat(study.getString("jobState")).isEqualTo("SUCCEEDED");
        assertThat(study.getList("callingAeTitles")).containsExactly("RISAE");
        assertThat(study.getInt("instances")).isEqualTo(11);
        assertThat(study.getString("rule")).isEqualTo("from-request");
        assertThat(study.getString("changes")).contains("AccessionNumber = \"RP4711\"").contains("PatientID = \"12345\"");
        assertThat(Router.associations()).isEqualTo(before + 1);
        assertThat(routerValues(uid)).hasSize(11).allSatisfy(v -> {
            assertThat(v.get(Tag.ACCESSION_NUMBER)).isEqualTo("RP4711");
            assertThat(v.get(Tag.PATIENT_ID)).isEqualTo("12345");
        });
        // The job says which rule applied and what it changed.
        String job = study.getList("jobs", String.class).get(0);
        JsonPath j = given().get("/api/jobs/" + job).then().statusCode(200).extract().jsonPath();
        assertThat(j.getString("checks.find { it.name == 'receive.rule' }.detail"))
                .contains("rule \"from-request\"").contains("RP4711");
        assertThat(j.getString("accessionNumber")).isEqualTo("RP4711");
    }

    /** A PACS splitting a study over three associations: it still goes out as one. */
    @Test
    void aStudySplitOverThreeAssociationsGoesOutAsOne() throws Exception {
        String uid = Senders.newStudyUid();
        List<Path> files = Senders.studyMr3(dir, uid, 11);
        int before = Router.associations();
        Senders.storescu(port, "STORESCU", List.of(), files.subList(0, 4));
        Senders.storescu(port, "STORESCU", List.of("-xi"), files.subList(4, 8));
        Senders.storescu(port, "OTHERPACS", List.of(), files.subList(8, 11));
        JsonPath study = awaitForwarded(uid, 1);
        assertThat(study.getInt("instances")).isEqualTo(11);
        assertThat(study.getList("jobs")).hasSize(1);
        assertThat(study.getList("callingAeTitles")).containsExactly("STORESCU", "OTHERPACS");
        assertThat(study.getString("rule")).isNull(); // no rule for these AEs: unchanged
        assertThat(Router.associations()).isEqualTo(before + 1);
        assertThat(routerValues(uid)).hasSize(11).allSatisfy(v -> assertThat(v.get(Tag.ACCESSION_NUMBER)).isEqualTo("2"));
    }

    /**
     * Orthanc's REST "store to modality" (what its auto-routing does too): one released association at the router,
     * with the values of Orthanc's rule (from-orthanc: AccessionNumber from StudyDescription "Brain-MRA").
     */
    @Test
    void orthancForwardsAStudy() throws Exception {
        String orthanc = ConfigProvider.getConfig().getValue("test.orthanc.url", String.class);
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(orthanc + "/modalities/gateway"))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"AET\":\"DICOMGW\",\"Host\":\"127.0.0.1\",\"Port\":" + port + "}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        String lookup = http.send(HttpRequest.newBuilder(URI.create(orthanc + "/tools/lookup"))
                .POST(HttpRequest.BodyPublishers.ofString(OrthancResource.STUDY_MR3)).build(), HttpResponse.BodyHandlers.ofString()).body();
        String id = JsonPath.from(lookup).getString("find { it.Type == 'Study' }.ID");
        int before = Router.associations();
        HttpResponse<String> store = http.send(HttpRequest.newBuilder(URI.create(orthanc + "/modalities/gateway/store"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"Resources\":[\"" + id + "\"],\"Synchronous\":true}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(store.statusCode()).as(store.body()).isEqualTo(200);
        JsonPath study = awaitForwarded(OrthancResource.STUDY_MR3, 1);
        assertThat(study.getList("callingAeTitles")).containsExactly("TESTPACS");
        assertThat(study.getInt("instances")).isEqualTo(11);
        assertThat(study.getString("rule")).isEqualTo("from-orthanc");
        assertThat(study.getString("jobState")).isEqualTo("SUCCEEDED"); // RouterSender succeeds only after A-RELEASE-RP
        assertThat(Router.associations()).isEqualTo(before + 1);
        assertThat(routerValues(OrthancResource.STUDY_MR3)).hasSize(11)
                .allSatisfy(v -> assertThat(v.get(Tag.ACCESSION_NUMBER)).isEqualTo("MRA"));
    }

    /** storescu proposing different syntaxes, compressed files among them: each study goes on whole. */
    @Test
    void storescuInSeveralSyntaxes() throws Exception {
        Path corpus = OrthancResource.corpus().resolve("files");
        List<Path> uncompressed = List.of(corpus.resolve("MR_small.dcm"), corpus.resolve("MR_small_implicit.dcm"),
                corpus.resolve("MR_small_bigendian.dcm"));
        record Case(String name, List<String> options, List<Path> files) {
            boolean compressed() {
                return !options.get(0).matches("-x[ieb]");
            }
        }
        List<Case> cases = List.of(new Case("implicit only", List.of("-xi"), uncompressed),
                new Case("explicit LE first", List.of("-xe"), uncompressed),
                new Case("big endian first", List.of("-xb"), uncompressed),
                // Compressed: storescu proposes one compressed syntax per option; the data set goes on as received.
                new Case("RLE lossless", List.of("-xr"), List.of(corpus.resolve("MR_small_RLE.dcm"))),
                new Case("JPEG-LS lossless", List.of("-xt"), List.of(corpus.resolve("MR_small_jpeg_ls_lossless.dcm"))),
                new Case("JPEG 2000 lossless", List.of("-xv"), List.of(corpus.resolve("MR_small_jp2klossless.dcm"))),
                new Case("JPEG lossless (dcmcjpeg)", List.of("-xs"), List.of(jpegLossless(dir.resolve("jpeg"), corpus.resolve("MR_small.dcm")))));
        // Every case sent first, then each awaited: the studies' idle times run side by side, not one after another.
        int before = Router.associations();
        Map<Case, String> uids = new java.util.LinkedHashMap<>();
        Map<Case, List<Path>> sent = new java.util.LinkedHashMap<>();
        for (Case c : cases) {
            String uid = Senders.newStudyUid();
            // These corpus files have no Accession Number or Patient ID, which the router needs (else ROUTER_WOULD_DROP).
            List<Path> files = Senders.copies(dir.resolve(Integer.toString(cases.indexOf(c))), c.files(), uid,
                    "(0008,0050)=ACC" + cases.indexOf(c), "(0010,0020)=PID-SYNTAX");
            Senders.storescu(port, "STORESCU", c.options(), files);
            uids.put(c, uid);
            sent.put(c, files);
        }
        for (Case c : cases) {
            String uid = uids.get(c);
            JsonPath study = awaitForwarded(uid, 1);
            assertThat(study.getString("jobState")).as(c.name()).isEqualTo("SUCCEEDED");
            assertThat(study.getList("jobs")).as(c.name()).hasSize(1);
            assertThat(routerValues(uid)).as(c.name()).hasSize(sent.get(c).size());
            if (c.compressed()) {
                // The router (storescp +xa) takes it: it goes on as stored, not decompressed.
                for (Path f : Router.files()) {
                    var h = DicomFiles.scan(f);
                    if (uid.equals(h.studyInstanceUid())) {
                        assertThat(h.transferSyntaxUid()).as(c.name()).isEqualTo(DicomFiles.scan(sent.get(c).get(0)).transferSyntaxUid());
                    }
                }
            }
        }
        // One association per study (each job sends its whole study in one).
        assertThat(Router.associations()).isEqualTo(before + cases.size());
    }

    /** MR_small compressed by DCMTK's dcmcjpeg into JPEG lossless, first-order prediction (1.2.840.10008.1.2.4.70). */
    private static Path jpegLossless(Path dir, Path source) throws Exception {
        Files.createDirectories(dir);
        Path out = dir.resolve("MR_small_jpeg_lossless.dcm");
        Senders.run(List.of("dcmcjpeg", source.toString(), out.toString()));
        return out;
    }

    /** 20 senders at once, each its own study: 20 jobs, each study in its own single association. */
    @Test
    void twentySendersAtOnce() throws Exception {
        List<String> uids = new ArrayList<>();
        List<List<Path>> studies = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String uid = Senders.newStudyUid();
            uids.add(uid);
            studies.add(Senders.studyMr3(dir.resolve("s" + i), uid, 3));
        }
        int before = Router.associations();
        List<Process> senders = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            senders.add(Senders.storescuAsync(port, "SENDER" + i, studies.get(i)));
        }
        for (Process p : senders) {
            p.getInputStream().transferTo(OutputStream.nullOutputStream());
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
        }
        for (String uid : uids) {
            JsonPath study = awaitForwarded(uid, 1);
            assertThat(study.getString("jobState")).isEqualTo("SUCCEEDED");
            assertThat(routerValues(uid)).hasSize(3);
        }
        assertThat(Router.associations()).isEqualTo(before + 20);
    }

    /** skip per SOP class (the rest of the study goes on), skip everything, first match wins, a regex, forward. */
    @Test
    void eachActionAndTheFirstMatch() throws Exception {
        // Every study sent first, then each awaited: their idle times run side by side.
        int before = Router.associations();
        // A Secondary Capture in an MR study: skipped by the first rule, the MR instances go on.
        String mixed = Senders.newStudyUid();
        List<Path> files = new ArrayList<>(Senders.studyMr3(dir.resolve("mixed"), mixed, 3));
        files.addAll(Senders.copies(dir.resolve("sc"), List.of(OrthancResource.corpus().resolve("files/SC_rgb_small_odd.dcm")), mixed));
        Senders.storescu(port, "STORESCU", List.of(), files);
        // Skip: nothing forwarded.
        String skipped = Senders.newStudyUid();
        Senders.storescu(port, "SKIPPER", List.of(), Senders.studyMr3(dir.resolve("skip"), skipped, 2));
        // First match wins: study-id-first, not never-reached (which would take RequestedProcedureID).
        String ordered = Senders.newStudyUid();
        Senders.storescu(port, "ORDERAE", List.of(), Senders.studyMr3(dir.resolve("order"), ordered, 2, "(0040,1001)=RPX"));
        // A regular expression over StudyDescription "Brain-MRA": its group.
        String regex = Senders.newStudyUid();
        Senders.storescu(port, "REGEXAE", List.of(), Senders.studyMr3(dir.resolve("regex"), regex, 2));
        // Forward unchanged, by name.
        String plain = Senders.newStudyUid();
        Senders.storescu(port, "PLAIN", List.of(), Senders.studyMr3(dir.resolve("plain"), plain, 2));

        JsonPath m = awaitForwarded(mixed, 1);
        assertThat(m.getInt("skipped")).isEqualTo(1);
        assertThat(m.getInt("instances")).isEqualTo(3);
        assertThat(routerValues(mixed)).hasSize(3);

        JsonPath o = awaitForwarded(ordered, 1);
        assertThat(o.getString("rule")).isEqualTo("study-id-first");
        assertThat(routerValues(ordered)).allSatisfy(v -> assertThat(v.get(Tag.ACCESSION_NUMBER)).isEqualTo("2"));

        JsonPath r = awaitForwarded(regex, 1);
        assertThat(r.getString("rule")).isEqualTo("description-regex");
        assertThat(routerValues(regex)).allSatisfy(v -> assertThat(v.get(Tag.ACCESSION_NUMBER)).isEqualTo("Brain"));

        JsonPath p = awaitForwarded(plain, 1);
        assertThat(p.getString("rule")).isEqualTo("plain");
        assertThat(routerValues(plain)).allSatisfy(v -> {
            assertThat(v.get(Tag.ACCESSION_NUMBER)).isEqualTo("2");
            assertThat(v.get(Tag.PATIENT_ID)).isEqualTo("98890234");
        });

        // The skipped study (sent before the last of the others) is complete by now or very soon: no job, nothing sent.
        JsonPath s = awaitStudy(skipped, st -> !"ARRIVING".equals(st.getString("state")));
        assertThat(s.getString("state")).isEqualTo("SKIPPED");
        assertThat(s.getInt("skipped")).isEqualTo(2);
        assertThat(s.getList("jobs")).isEmpty();
        assertThat(routerValues(skipped)).isEmpty();
        assertThat(Router.associations()).isEqualTo(before + 4);

        JsonPath rules = given().get("/api/receive/rules").then().statusCode(200).extract().jsonPath();
        assertThat(rules.getList("rules.name")).startsWith("skip-secondary-capture", "skip-all-from-skipper", "from-request");
        assertThat(rules.getBoolean("listening")).isTrue();
    }

    /** Within the keep time a new instance resends the whole study; after it, one is shown as late and not sent. */
    @Test
    void aLateInstanceResendsTheWholeStudyOrIsShownAsLate() throws Exception {
        String uid = Senders.newStudyUid();
        List<Path> files = Senders.studyMr3(dir, uid, 11);
        int before = Router.associations();
        Senders.storescu(port, "STORESCU", List.of(), files.subList(0, 8));
        awaitForwarded(uid, 1);
        Senders.storescu(port, "STORESCU", List.of(), files.subList(8, 10));
        JsonPath again = awaitForwarded(uid, 2);
        assertThat(again.getInt("instances")).isEqualTo(10);
        assertThat(Router.associations()).isEqualTo(before + 2);
        String second = again.getList("jobs", String.class).get(1);
        assertThat(given().get("/api/jobs/" + second).then().extract().jsonPath().getInt("storedInstances")).isEqualTo(10);

        // After the keep time the files are gone: the 11th instance alone is not sent.
        long deadline = System.nanoTime() + KEEP.plusSeconds(10).toNanos();
        while (!"EXPIRED".equals(given().get("/api/receive/studies/" + uid).then().extract().jsonPath().getString("state"))) {
            assertThat(System.nanoTime()).as("study expired").isLessThan(deadline);
            Thread.sleep(200);
        }
        Senders.storescu(port, "STORESCU", List.of(), files.subList(10, 11));
        Thread.sleep(IDLE.toMillis() + 1500);
        JsonPath late = given().get("/api/receive/studies/" + uid).then().extract().jsonPath();
        assertThat(late.getInt("late")).isEqualTo(1);
        assertThat(late.getList("jobs")).hasSize(2);
        assertThat(Router.associations()).isEqualTo(before + 2);
    }

    /** A peer that sends 2 GB of one data set without end: the byte cap (8 MB here) aborts it, nothing goes on. */
    @Test
    void aPeerSendingWithoutEndIsCutByTheByteCapAndNothingIsForwarded() throws Exception {
        int before = Router.associations();
        long sent = 0;
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(PduWriter.encode(new Pdu.AAssociateRq("DICOMGW", "GREEDY", Uids.APPLICATION_CONTEXT,
                    List.of(new PresentationContextRq(1, "1.2.840.10008.5.1.4.1.1.7", List.of(Uids.EXPLICIT_VR_LITTLE_ENDIAN))),
                    new UserInformation(16384, "1.2.3.4", "GREEDY"))).getBytes());
            InputStream in = s.getInputStream();
            assertThat(in.read()).isEqualTo(0x02); // A-ASSOCIATE-AC
            byte[] rest = new byte[5];
            in.readNBytes(rest, 0, 5);
            in.skipNBytes(((rest[1] & 0xFFL) << 24) | ((rest[2] & 0xFF) << 16) | ((rest[3] & 0xFF) << 8) | (rest[4] & 0xFF));
            byte[] cmd = CommandSet.cStoreRq(1, "1.2.840.10008.5.1.4.1.1.7", "1.2.3.4.5.6").encode();
            Buffer c = Buffer.buffer();
            PduWriter.appendPDataHeader(c, 1, true, true, cmd.length);
            out.write(c.appendBytes(cmd).getBytes());
            byte[] chunk = new byte[16000];
            Buffer d = Buffer.buffer();
            PduWriter.appendPDataHeader(d, 1, false, false, chunk.length);
            byte[] pdu = d.appendBytes(chunk).getBytes();
            try {
                while (sent < (2L << 30)) {
                    out.write(pdu);
                    sent += pdu.length;
                }
            } catch (IOException e) {
                // the SCP aborted and closed: expected long before 2 GB
            }
        }
        assertThat(sent).isLessThan(64L << 20);
        Thread.sleep(IDLE.toMillis() + 1500);
        assertThat(Router.associations()).isEqualTo(before);
        given().get("/api/receive/studies").then().statusCode(200);
    }

    /** Verification (C-ECHO) is answered; a called AE title other than ours is rejected. */
    @Test
    void echoIsAnsweredAndAWrongCalledAeRejected() throws Exception {
        Senders.run(List.of("echoscu", "-aet", "ANYONE", "-aec", "DICOMGW", "127.0.0.1", Integer.toString(port)));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Senders.run(List.of("echoscu", "-aet", "ANYONE", "-aec", "NOTUS",
                "127.0.0.1", Integer.toString(port)))).isInstanceOf(AssertionError.class).hasMessageContaining("Called AE Title Not Recognized");
    }

    @Test
    void unknownStudyIsA404AndABadUidA400AndThePageIsServed() {
        given().get("/ui/receive.html").then().statusCode(200);
        given().get("/ui/receive.js").then().statusCode(200);
        given().get("/api/receive/studies/1.2.3.999").then().statusCode(404);
        given().get("/api/receive/studies/..%2F..%2Fetc").then().statusCode(400);
    }

    static JsonPath awaitForwarded(String uid, int jobs) throws InterruptedException {
        return awaitStudy(uid, s -> s.getList("jobs", String.class).size() >= jobs
                && List.of("SUCCEEDED", "FAILED", "PARTLY_FAILED").contains(String.valueOf(s.getString("jobState")))
                && !"ARRIVING".equals(s.getString("state")));
    }

    /** The received study {@code uid} once {@code done} says so (within a minute), as GET /api/receive/studies/{uid} has it. */
    static JsonPath awaitStudy(String uid, java.util.function.Predicate<JsonPath> done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonPath last = null;
        while (System.nanoTime() < deadline) {
            var r = given().get("/api/receive/studies/" + uid);
            if (r.statusCode() == 200) {
                last = r.jsonPath();
                if (done.test(last)) {
                    return last;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("study " + uid + " not as expected: " + (last == null ? "unknown" : last.prettify()));
    }

    /** AccessionNumber and PatientID of each file the router holds for {@code studyUid}. */
    static List<Map<Integer, String>> routerValues(String studyUid) throws IOException {
        List<Map<Integer, String>> out = new ArrayList<>();
        for (Path f : Router.files()) {
            Map<Integer, String> v = DicomFiles.topLevelText(f, Tag.STUDY_INSTANCE_UID, Tag.ACCESSION_NUMBER, Tag.PATIENT_ID);
            if (studyUid.equals(v.get(Tag.STUDY_INSTANCE_UID))) {
                out.add(v);
            }
        }
        return out;
    }
}
