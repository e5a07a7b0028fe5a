package id.dicomgateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import id.dicomgateway.relay.StudyRelay;
import id.dicomgateway.relay.router.ReceiverSyntaxes;
import id.dicomgateway.testing.OrthancResource;
import id.dicomgateway.testing.StoreScpProcess;
import id.dicomgateway.testing.SwitchableRouterResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Compressed studies made with DCMTK (dcmcjpeg lossless and baseline, dcmcjpls, dcmcrle; three
 * instances each) in Orthanc, relayed to storescp: with {@code +xa} they go as stored, the
 * encapsulated Pixel Data byte-identical; without it the PACS decompresses them on request, and
 * the pixels equal DCMTK's own decompression. JPEG 2000 from an Orthanc without orthanc-gdcm:
 * PACS_CANNOT_DECOMPRESS, nothing sent.
 */
@QuarkusTest
@WithTestResource(OrthancResource.class)
@TestProfile(CompressedStudiesIT.SwitchableRouter.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Execution(ExecutionMode.SAME_THREAD) // the Quarkus lane (pom.xml, failsafe)
class CompressedStudiesIT {

    /** The gateway pointed at a receiver the test can replace ({@link SwitchableRouterResource}). */
    public static final class SwitchableRouter implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return SwitchableRouterResource.start();
        }
    }

    @AfterAll
    static void stopRouter() {
        SwitchableRouterResource.stop();
    }

    static final String JPEG2000_STUDY = "1.3.6.1.4.1.5962.1.2.8.20040826185059.5457";
    /** codec tool, its options, the matching decompressor, the syntax it writes. */
    record Kind(String name, List<String> compress, String decompress, String syntax) {
    }

    static final List<Kind> KINDS = List.of(
            new Kind("jpeg-lossless", List.of("dcmcjpeg"), "dcmdjpeg", "1.2.840.10008.1.2.4.70"),
            new Kind("jpeg-baseline", List.of("dcmcjpeg", "+eb", "+un"), "dcmdjpeg", "1.2.840.10008.1.2.4.50"),
            new Kind("jpeg-ls", List.of("dcmcjpls"), "dcmdjpls", "1.2.840.10008.1.2.4.80"),
            new Kind("rle", List.of("dcmcrle"), "dcmdrle", "1.2.840.10008.1.2.5"));

    /** study UID per kind, and the stored (compressed) files by SOP Instance UID. */
    static final Map<Kind, String> STUDIES = new LinkedHashMap<>();
    static final Map<String, Path> STORED = new LinkedHashMap<>();
    static Path work;
    /** Two Explicit VR instances, then one JPEG-LS (Orthanc answers in the order it was given them). */
    static String mixedStudy;
    /** The same the other way round: the JPEG-LS instance first. */
    static String mixedFirstStudy;
    /** JPEG-LS (decompressible), Explicit VR, and two JPEG 2000 instances (not without orthanc-gdcm). */
    static String jpeg2000MixStudy;
    static final List<String> JPEG2000_MIX_UNDECOMPRESSIBLE = new ArrayList<>();
    static final String MR = "1.2.840.10008.5.1.4.1.1.4";
    static final String JPEG_LS = "1.2.840.10008.1.2.4.80";

    @Inject
    ReceiverSyntaxes receiver;

    @BeforeAll
    static void makeAndLoadStudies() throws Exception {
        work = Files.createTempDirectory("compressed-studies-");
        String orthanc = ConfigProvider.getConfig().getValue("test.orthanc.url", String.class);
        HttpClient http = HttpClient.newHttpClient();
        Path mr = OrthancResource.corpus().resolve("study-mr3");
        int k = 0;
        for (Kind kind : KINDS) {
            k++;
            String study = "1.2.826.0.1.3680043.8.498.777." + k + "." + (System.nanoTime() % 1_000_000);
            STUDIES.put(kind, study);
            for (int i = 1; i <= 3; i++) {
                Path plain = work.resolve(kind.name() + i + "-plain.dcm");
                Files.copy(mr.resolve(String.format("IM%02d.dcm", i)), plain);
                String sop = study + "." + i;
                run("dcmodify", "-nb", "-m", "(0020,000D)=" + study, "-m", "(0020,000E)=" + study + ".0",
                        "-m", "(0008,0018)=" + sop, plain.toString());
                Path compressed = work.resolve(kind.name() + i + ".dcm");
                List<String> cmd = new ArrayList<>(kind.compress());
                cmd.add(plain.toString());
                cmd.add(compressed.toString());
                run(cmd.toArray(String[]::new));
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(orthanc + "/instances"))
                        .POST(HttpRequest.BodyPublishers.ofFile(compressed)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                STORED.put(sop, compressed);
            }
        }
        mixedStudy = makeMixedStudy(http, orthanc, "778", 3);
        mixedFirstStudy = makeMixedStudy(http, orthanc, "779", 1);
        makeJpeg2000Mix(http, orthanc);
    }

    /**
     * Three MR instances, the {@code jpegLs}-th (1-based, in the order Orthanc is given them and so
     * answers them: checked) compressed with dcmcjpls, the others Explicit VR LE.
     */
    static String makeMixedStudy(HttpClient http, String orthanc, String tag, int jpegLs) throws Exception {
        String study = "1.2.826.0.1.3680043.8.498." + tag + "." + (System.nanoTime() % 1_000_000);
        Path mr = OrthancResource.corpus().resolve("study-mr3");
        List<String> order = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            Path f = work.resolve("mixed" + tag + "-" + i + ".dcm");
            Files.copy(mr.resolve(String.format("IM%02d.dcm", i)), f);
            run("dcmodify", "-nb", "-m", "(0020,000D)=" + study, "-m", "(0020,000E)=" + study + ".0",
                    "-m", "(0008,0018)=" + study + "." + i, "-m", "(0020,0013)=" + i, f.toString());
            if (i == jpegLs) {
                Path c = work.resolve("mixed" + tag + "-" + i + "-jpls.dcm");
                run("dcmcjpls", f.toString(), c.toString());
                f = c;
            }
            post(http, orthanc, f);
            order.add(study + "." + i);
        }
        assertThat(wadoRsOrder(http, orthanc, study, order)).as("Orthanc's WADO-RS order").isEqualTo(order);
        return study;
    }

    /** JPEG-LS MR, Explicit VR MR, and the corpus's two JPEG 2000 files (new UIDs) in one study. */
    static void makeJpeg2000Mix(HttpClient http, String orthanc) throws Exception {
        jpeg2000MixStudy = "1.2.826.0.1.3680043.8.498.780." + (System.nanoTime() % 1_000_000);
        Path mr = OrthancResource.corpus().resolve("study-mr3");
        List<Path> sources = List.of(mr.resolve("IM01.dcm"), mr.resolve("IM02.dcm"),
                OrthancResource.corpus().resolve("files/JPEG2000.dcm"), OrthancResource.corpus().resolve("files/MR_small_jp2klossless.dcm"));
        for (int i = 0; i < sources.size(); i++) {
            Path f = work.resolve("j2kmix" + i + ".dcm");
            Files.copy(sources.get(i), f);
            String sop = jpeg2000MixStudy + "." + (i + 1);
            // one patient too: Orthanc files a study under Patient ID and Study Instance UID together
            run("dcmodify", "-nb", "-m", "(0020,000D)=" + jpeg2000MixStudy, "-m", "(0020,000E)=" + jpeg2000MixStudy + ".0",
                    "-m", "(0008,0018)=" + sop, "-m", "(0010,0020)=J2KMIX", "-m", "(0010,0010)=MIX^J2K", f.toString());
            if (i == 0) {
                Path c = work.resolve("j2kmix0-jpls.dcm");
                run("dcmcjpls", f.toString(), c.toString());
                f = c;
            }
            if (i >= 2) {
                JPEG2000_MIX_UNDECOMPRESSIBLE.add(sop);
            }
            post(http, orthanc, f);
        }
    }

    static void post(HttpClient http, String orthanc, Path f) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(orthanc + "/instances"))
                .POST(HttpRequest.BodyPublishers.ofFile(f)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    /** The SOP Instance UIDs of {@code sops} in the order they appear in Orthanc's WADO-RS answer for the study. */
    static List<String> wadoRsOrder(HttpClient http, String orthanc, String study, List<String> sops) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(orthanc + "/dicom-web/studies/" + study))
                .header("Accept", "multipart/related; type=\"application/dicom\"; transfer-syntax=*").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        String body = new String(r.body(), StandardCharsets.ISO_8859_1);
        Map<Integer, String> at = new java.util.TreeMap<>();
        for (String sop : sops) {
            // a UI value is padded with NUL to even length (PS3.5 6.2), then the next element's tag follows
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(sop) + "(?![0-9.])").matcher(body);
            assertThat(m.find()).as(sop).isTrue();
            at.put(m.start(), sop);
        }
        return List.copyOf(at.values());
    }

    static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
        return out;
    }

    /** pydicom: each pair (expected, received) has the same transfer syntax as given and the same Pixel Data bytes. */
    static void assertPixels(String expectedSyntax, List<Path[]> pairs) throws Exception {
        Path script = work.resolve("pixels.py");
        Files.writeString(script, """
                import sys, pydicom
                ts = sys.argv[1]; bad = []
                args = sys.argv[2:]
                for a, b in zip(args[0::2], args[1::2]):
                    x = pydicom.dcmread(a); y = pydicom.dcmread(b)
                    if str(y.file_meta.TransferSyntaxUID) != ts: bad.append(f"{b}: syntax {y.file_meta.TransferSyntaxUID}")
                    if x.PixelData != y.PixelData: bad.append(f"{b}: Pixel Data differs ({len(x.PixelData)} vs {len(y.PixelData)} bytes)")
                print("\\n".join(bad) if bad else "OK")
                """);
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", script.toString(), expectedSyntax));
        for (Path[] p : pairs) {
            cmd.add(p[0].toString());
            cmd.add(p[1].toString());
        }
        assertThat(run(cmd.toArray(String[]::new)).strip()).isEqualTo("OK");
    }

    /**
     * pydicom, element by element (sequences included): each pair (expected, received) has the same
     * data set but for the top-level tags in {@code except} (8 hex digits each); the File Meta
     * Information is the transfer syntax's and is not compared.
     */
    static void assertSameElements(List<String> except, List<Path[]> pairs) throws Exception {
        Path script = work.resolve("same.py");
        Files.writeString(script, """
                import sys, pydicom
                from pydicom.tag import Tag
                skip = {Tag(int(t, 16)) for t in sys.argv[1].split(",") if t}
                bad = []
                args = sys.argv[2:]
                for a, b in zip(args[0::2], args[1::2]):
                    x = pydicom.dcmread(a); y = pydicom.dcmread(b)
                    tags = (set(x.keys()) | set(y.keys())) - skip
                    for t in sorted(tags):
                        if t not in x or t not in y:
                            bad.append(f"{b}: {t} only in {'received' if t in y else 'expected'}")
                        elif x[t] != y[t]:
                            bad.append(f"{b}: {t} {x[t].keyword} differs")
                    if len(tags) < 20: bad.append(f"{b}: only {len(tags)} elements compared")
                print("\\n".join(bad) if bad else "OK")
                """);
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", script.toString(), String.join(",", except)));
        for (Path[] p : pairs) {
            cmd.add(p[0].toString());
            cmd.add(p[1].toString());
        }
        assertThat(run(cmd.toArray(String[]::new)).strip()).isEqualTo("OK");
    }

    /** Lossy Image Compression (0028,2110), its ratio (0028,2112) and method (0028,2114), as dcmdump prints them. */
    static String lossyElements(Path file) throws Exception {
        return run("dcmdump", "+P", "0028,2110", "+P", "0028,2112", "+P", "0028,2114", file.toString()).strip();
    }

    /** The PACS's own decompression of one instance: WADO-RS at instance level, Explicit VR LE, the one part of the answer. */
    static Path pacsRendition(String study, String sop) throws Exception {
        String orthanc = ConfigProvider.getConfig().getValue("test.orthanc.url", String.class);
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(orthanc
                        + "/dicom-web/studies/" + study + "/series/" + study + ".0/instances/" + sop))
                .header("Accept", "multipart/related; type=\"application/dicom\"; transfer-syntax=1.2.840.10008.1.2.1").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        String contentType = r.headers().firstValue("Content-Type").orElseThrow();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("boundary=\"?([^\";]+)").matcher(contentType);
        assertThat(m.find()).as(contentType).isTrue();
        String body = new String(r.body(), StandardCharsets.ISO_8859_1);
        int start = body.indexOf("\r\n\r\n", body.indexOf("--" + m.group(1))) + 4;
        int end = body.indexOf("\r\n--" + m.group(1), start);
        Path out = work.resolve(sop + "-pacs.dcm");
        Files.write(out, java.util.Arrays.copyOfRange(r.body(), start, end));
        return out;
    }

    static Map<String, Path> receivedBySop(StoreScpProcess scp) throws Exception {
        Map<String, Path> out = new LinkedHashMap<>();
        for (Path f : scp.receivedFiles()) {
            String name = f.getFileName().toString();
            out.put(name.substring(name.indexOf('.') + 1), f);
        }
        return out;
    }

    @Test
    @Order(1)
    void toAReceiverThatTakesThemTheyGoAsStoredPixelDataByteIdentical() throws Exception {
        StoreScpProcess scp = SwitchableRouterResource.become("+xa");
        receiver.refresh().await().atMost(Duration.ofSeconds(20));
        for (Kind kind : KINDS) {
            given().contentType(ContentType.JSON).body("{\"study\":\"" + STUDIES.get(kind) + "\"}")
                    .post("/api/dicom/direct-dcm").then().statusCode(200).body("sent", equalTo(3));
        }
        scp.awaitCount("Association Release", 1 + KINDS.size(), Duration.ofSeconds(10));
        Map<String, Path> received = receivedBySop(scp);
        for (Kind kind : KINDS) {
            List<Path[]> pairs = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                String sop = STUDIES.get(kind) + "." + i;
                assertThat(received).as(kind.name()).containsKey(sop);
                pairs.add(new Path[] {STORED.get(sop), received.get(sop)});
            }
            assertPixels(kind.syntax(), pairs);
            assertSameElements(List.of(), pairs); // relayed unchanged: every element as stored
            if (kind.name().equals("jpeg-baseline")) {
                for (Path[] p : pairs) {
                    // PS3.3 C.7.6.1.1.5: a lossy-compressed image says so, with its ratio and method
                    assertThat(lossyElements(p[1])).contains("(0028,2110) CS [01]").contains("ISO_10918_1")
                            .isEqualTo(lossyElements(p[0]));
                }
            }
        }
    }

    @Test
    @Order(2)
    void toAReceiverThatRefusesThemThePacsDecompressesInOneAssociation() throws Exception {
        StoreScpProcess scp = SwitchableRouterResource.become(); // storescp's default: uncompressed only
        receiver.refresh().await().atMost(Duration.ofSeconds(20));
        for (Kind kind : KINDS) {
            int before = scp.associationCount();
            String jobId = given().contentType(ContentType.JSON)
                    .body("{\"study\":\"" + STUDIES.get(kind) + "\",\"patientid\":\"PID-7\",\"acc\":\"ACC7\"}")
                    .post("/api/dicom/process").then().statusCode(200).body("sent", equalTo(3))
                    .extract().path("jobId");
            scp.awaitCount("Association Release", before + 1, Duration.ofSeconds(10));
            assertThat(scp.associationCount() - before).as("associations for " + kind.name()).isEqualTo(1);
            given().get("/api/jobs/" + jobId).then().statusCode(200)
                    .body("checks.find { it.name == '" + StudyRelay.SYNTAX_CHECK + "' }.status", equalTo("PASSED"))
                    .body("checks.find { it.name == '" + StudyRelay.SYNTAX_CHECK + "' }.detail", containsString("decompressed by the PACS"));
        }
        Map<String, Path> received = receivedBySop(scp);
        for (Kind kind : KINDS) {
            List<Path[]> pairs = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                String sop = STUDIES.get(kind) + "." + i;
                Path dcmtk = work.resolve(kind.name() + i + "-dcmtk.dcm");
                run(kind.decompress(), STORED.get(sop).toString(), dcmtk.toString());
                assertThat(received).as(kind.name()).containsKey(sop);
                pairs.add(new Path[] {dcmtk, received.get(sop)});
            }
            assertPixels("1.2.840.10008.1.2.1", pairs);
            List<Path[]> againstPacs = new ArrayList<>();
            List<Path[]> againstStored = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                String sop = STUDIES.get(kind) + "." + i;
                againstPacs.add(new Path[] {pacsRendition(STUDIES.get(kind), sop), received.get(sop)});
                againstStored.add(new Path[] {STORED.get(sop), received.get(sop)});
            }
            // what the PACS decompressed, element by element, but the two edits
            assertSameElements(List.of("00100020", "00080050"), againstPacs);
            // and what it stores, but the edits and the Pixel Data (encapsulated there, native here)
            assertSameElements(List.of("00100020", "00080050", "7FE00010"), againstStored);
            for (Path[] p : pairs) {
                assertThat(run("dcmdump", "+P", "0008,0050", "+P", "0010,0020", p[1].toString())).contains("[ACC7]").contains("[PID-7]");
            }
            if (kind.name().equals("jpeg-baseline")) {
                for (Path[] p : againstStored) {
                    // PS3.3 C.7.6.1.1.5: once lossy compressed, 01 for good, even decompressed; ratio and method kept
                    assertThat(lossyElements(p[1])).contains("(0028,2110) CS [01]").contains("ISO_10918_1")
                            .isEqualTo(lossyElements(p[0]));
                }
            }
        }
    }

    @Test
    @Order(3)
    void jpeg2000WithoutGdcmIsPacsCannotDecompressAndNothingIsSent() throws Exception {
        StoreScpProcess scp = SwitchableRouterResource.current();
        int files = scp.receivedFiles().size();
        String sop = run("dcmdump", "+P", "0008,0018", OrthancResource.corpus().resolve("files/JPEG2000.dcm").toString())
                .replaceAll("(?s).*\\[([0-9.]+)\\].*", "$1");
        given().contentType(ContentType.JSON).body("{\"study\":\"" + JPEG2000_STUDY + "\"}")
                .post("/api/dicom/direct-dcm").then().statusCode(500)
                .body("code", equalTo("PACS_CANNOT_DECOMPRESS"))
                .body("message", containsString("JPEG 2000"))
                .body("message", containsString("1.2.840.10008.1.2.4.91"))
                .body("message", containsString("these 1 instance(s) in Explicit VR Little Endian: " + sop + "."))
                .body("message", containsString("Nothing was sent"));
        assertThat(scp.receivedFiles()).hasSize(files);
        assertThat(scp.count("Received Store Request")).isEqualTo(files);
    }

    /**
     * A study with JPEG-LS and Explicit VR instances (the PACS decompresses or sends those) and two
     * JPEG 2000 ones (it cannot; Orthanc streams the first two, then breaks its answer off): the
     * failure names each JPEG 2000 instance, and only those; the router files nothing (no release).
     */
    @Test
    @Order(4)
    void pacsCannotDecompressNamesEveryInstanceItCannotDecompressAndNoOther() throws Exception {
        StoreScpProcess scp = SwitchableRouterResource.current();
        int released = scp.count("Association Release");
        String message = given().contentType(ContentType.JSON).body("{\"study\":\"" + jpeg2000MixStudy + "\"}")
                .post("/api/dicom/direct-dcm").then().statusCode(500)
                .body("code", equalTo("PACS_CANNOT_DECOMPRESS"))
                .extract().path("message");
        java.util.regex.Matcher named = java.util.regex.Pattern.compile("cannot send these (\\d+) instance\\(s\\) in "
                + "Explicit VR Little Endian: ([0-9., ]+)\\. ").matcher(message);
        assertThat(named.find()).as(message).isTrue();
        assertThat(named.group(1)).isEqualTo("2");
        assertThat(List.of(named.group(2).split(", "))).as(message).containsExactlyElementsOf(JPEG2000_MIX_UNDECOMPRESSIBLE);
        assertThat(message).containsAnyOf("Nothing was sent", "aborted, not released, so it files none");
        Thread.sleep(200);
        assertThat(scp.count("Association Release")).isEqualTo(released);
    }

    /** An upload the receiver cannot take: refused before anything is sent, naming the file, its syntax, what is taken and the fix. */
    @Test
    @Order(5)
    void anUploadInASyntaxTheReceiverRefusesIs422() throws Exception {
        StoreScpProcess scp = SwitchableRouterResource.current();
        int files = scp.receivedFiles().size();
        Path stored = STORED.values().stream().filter(p -> p.getFileName().toString().startsWith("jpeg-ls")).findFirst().orElseThrow();
        given().multiPart("file", stored.toFile(), "application/dicom")
                .multiPart("file", OrthancResource.corpus().resolve("study-mr3/IM05.dcm").toFile(), "application/dicom")
                .post("/api/dicom/upload").then().statusCode(422)
                .body("code", equalTo("RECEIVER_REFUSES_SYNTAX"))
                .body("message", containsString(stored.getFileName().toString()))
                .body("message", containsString("1.2.840.10008.1.2.4.80"))
                .body("message", containsString("only uncompressed"))
                .body("message", containsString("dcmdjpls"));
        assertThat(scp.receivedFiles()).hasSize(files);
    }

    /**
     * A refused syntax anywhere in the study, whatever the cache says: the JPEG-LS instance last
     * (in the full run it was there when the contexts were proposed, its context refused, and it
     * failed alone in a released association: ROUTER_FAILED, sent=2, failed=1) or first; the cache
     * fresh (refused) or stale (a probe of an earlier router that took it, as when a router is
     * replaced within the cache's ten minutes). Each time: no release before the study is whole,
     * then all of it decompressed by the PACS in one released association.
     */
    @Test
    @Order(6)
    void aRefusedSyntaxAnywhereInTheStudyGoesDecompressedInOneReleasedAssociationWhateverTheCache() throws Exception {
        for (String study : List.of(mixedStudy, mixedFirstStudy)) {
            for (boolean stale : List.of(true, false)) {
                String what = (study.equals(mixedStudy) ? "JPEG-LS last" : "JPEG-LS first") + (stale ? ", stale cache" : ", fresh cache");
                StoreScpProcess scp;
                if (stale) {
                    SwitchableRouterResource.become("+xa");
                    receiver.refresh().await().atMost(Duration.ofSeconds(20));
                    scp = SwitchableRouterResource.become(); // replaced by one that refuses it; the cache still says taken
                } else {
                    scp = SwitchableRouterResource.become(); // a clean output directory; the probe learns it refuses
                    receiver.refresh().await().atMost(Duration.ofSeconds(20));
                }
                assertThat(receiver.takes(MR, JPEG_LS).await().atMost(Duration.ofSeconds(20))).as(what).isEqualTo(stale);
                int released = scp.count("Association Release");
                String jobId = given().contentType(ContentType.JSON).body("{\"study\":\"" + study + "\"}")
                        .post("/api/dicom/direct-dcm").then().statusCode(200).body("sent", equalTo(3)).extract().path("jobId");
                scp.awaitCount("Association Release", released + 1, Duration.ofSeconds(10));
                Thread.sleep(200); // a second release would show by now
                assertThat(scp.count("Association Release") - released).as(what).isEqualTo(1);
                // the job counts the released association only, not what went in the aborted one
                given().get("/api/jobs/" + jobId).then().statusCode(200)
                        .body("state", equalTo("SUCCEEDED")).body("storedInstances", equalTo(3)).body("failedInstances", equalTo(0))
                        .body("checks.find { it.name == '" + StudyRelay.SYNTAX_CHECK + "' }.detail", containsString("decompressed by the PACS"));
                Map<String, Path> received = receivedBySop(scp);
                for (int i = 1; i <= 3; i++) {
                    assertThat(run("dcmdump", "+P", "0002,0010", received.get(study + "." + i).toString())).as(what)
                            .contains("=LittleEndianExplicit");
                }
                // the refusal the association gave is remembered: the next study asks for decompression at once
                assertThat(receiver.takes(MR, JPEG_LS).await().atMost(Duration.ofSeconds(20))).as(what).isFalse();
            }
        }
    }

    /**
     * An upload whose file is in a syntax the cache still says the router takes (a router replaced
     * within the cache's time): its association is aborted before anything is stored, never released
     * without that file, and the answer names the instance; the refusal is remembered.
     */
    @Test
    @Order(7)
    void anUploadRefusedDespiteAStaleCacheIsAbortedNotReleasedWithoutIt() throws Exception {
        SwitchableRouterResource.become("+xa");
        receiver.refresh().await().atMost(Duration.ofSeconds(20));
        StoreScpProcess scp = SwitchableRouterResource.become(); // refuses JPEG-LS; the cache still says taken
        assertThat(receiver.takes(MR, JPEG_LS).await().atMost(Duration.ofSeconds(20))).isTrue();
        Path stored = STORED.values().stream().filter(p -> p.getFileName().toString().startsWith("jpeg-ls")).findFirst().orElseThrow();
        given().multiPart("file", stored.toFile(), "application/dicom")
                .post("/api/dicom/upload").then().statusCode(422)
                .body("code", equalTo("RECEIVER_REFUSES_SYNTAX"))
                .body("message", containsString("1.2.840.10008.1.2.4.80"))
                .body("message", containsString("aborted"));
        Thread.sleep(200);
        assertThat(scp.receivedFiles()).as("aborted before any C-STORE").isEmpty();
        assertThat(receiver.takes(MR, JPEG_LS).await().atMost(Duration.ofSeconds(20))).isFalse();
    }
}
