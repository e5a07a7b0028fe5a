package id.dicomgateway.receive;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import id.dicomgateway.dicom.DicomFiles;
import id.dicomgateway.dicom.InstanceHeader;
import id.dicomgateway.dicom.TransferSyntax;
import id.dicomgateway.testing.OrthancResource;
import id.dicomgateway.testing.Router;
import id.dicomgateway.testing.RouterResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Compressed studies sent to the gateway when the router does NOT take compressed syntaxes
 * (storescp {@code +xe}: uncompressed only). The gateway decodes no pixels and has no PACS to ask:
 * a sender that can transcode is steered to send uncompressed and the study goes on; one that offers
 * only the compressed syntax gets it accepted and the study reported, each instance named, nothing
 * sent. (The router-accepts case, compressed going on as stored, is in {@link ReceiveIT}.)
 */
@QuarkusTest
@TestProfile(ReceiveCompressedIT.Profile.class)
@WithTestResource(OrthancResource.class)
// Restricted: a test resource is otherwise started for every Quarkus test, and this router would replace theirs.
@QuarkusTestResource(value = ReceiveCompressedIT.UncompressedOnlyRouter.class, restrictToAnnotatedClass = true)
@Execution(ExecutionMode.SAME_THREAD) // the Quarkus lane (pom.xml, failsafe)
class ReceiveCompressedIT {
    static final String JPEG_LS_LOSSLESS = "1.2.840.10008.1.2.4.80";

    public static final class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.receive.port", "0", "gateway.receive.host", "127.0.0.1",
                    "gateway.receive.idle", ReceiveIT.IDLE.toMillis() + "ms", "gateway.receive.keep", "30s");
        }
    }

    /**
     * The router of RouterResource, but taking only uncompressed syntaxes. RouterResource, declared by other classes,
     * is global and starts too: this one starts after it ({@link #order}), so its router settings win.
     */
    public static final class UncompressedOnlyRouter extends RouterResource {
        @Override
        public int order() {
            return 100;
        }

        @Override
        protected String[] options() {
            return new String[] {"+xe"};
        }
    }

    @Inject
    GatewayScp scp;

    @TempDir
    Path dir;

    /** A sender offering only JPEG-LS: received, every instance named, job RECEIVER_REFUSES_SYNTAX, nothing at the router. */
    @Test
    void aSenderOfferingOnlyTheCompressedSyntaxGetsTheStudyReportedInstanceByInstance() throws Exception {
        String uid = Senders.newStudyUid();
        Path jls = OrthancResource.corpus().resolve("files/MR_small_jpeg_ls_lossless.dcm");
        List<Path> files = Senders.copies(dir, List.of(jls, jls), uid, "(0008,0050)=ACCJLS", "(0010,0020)=PID-JLS");
        // storescu's association configuration file: one context, MR in JPEG-LS lossless and nothing else.
        Path cfg = Files.writeString(dir.resolve("only-jpeg-ls.cfg"), """
                [[TransferSyntaxes]]
                [JLS]
                TransferSyntax1 = JPEGLSLossless
                [[PresentationContexts]]
                [OnlyJls]
                PresentationContext1 = MRImageStorage\\JLS
                [[Profiles]]
                [OnlyJls]
                PresentationContexts = OnlyJls
                """);
        Senders.storescu(scp.port().orElseThrow(), "JLSSENDER", List.of("-xf", cfg.toString(), "OnlyJls"), files);

        JsonPath study = ReceiveIT.awaitForwarded(uid, 1);
        assertThat(study.getInt("instances")).isEqualTo(2);
        List<String> expected = new ArrayList<>();
        for (Path f : files) {
            expected.add(DicomFiles.scan(f).sopInstanceUid() + " in " + TransferSyntax.of(JPEG_LS_LOSSLESS).name() + " (" + JPEG_LS_LOSSLESS + ")");
        }
        assertThat(study.getList("notTakenByRouter", String.class)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(study.getString("jobState")).isEqualTo("FAILED");
        JsonPath job = given().get("/api/jobs/" + study.getList("jobs", String.class).get(0)).then().statusCode(200).extract().jsonPath();
        assertThat(job.getString("errorCode")).isEqualTo("RECEIVER_REFUSES_SYNTAX");
        assertThat(job.getString("message")).contains("JPEG-LS").contains("does not take").contains("Nothing was sent");
        assertThat(ReceiveIT.routerValues(uid)).isEmpty();
    }

    /**
     * Orthanc proposes the stored JPEG-LS and uncompressed; the gateway refuses the JPEG-LS context since the router
     * does not take it, Orthanc transcodes, and the study goes on uncompressed in one association.
     */
    @Test
    void orthancIsSteeredToDecompressAndTheStudyGoesOn() throws Exception {
        String uid = Senders.newStudyUid();
        Path jls = OrthancResource.corpus().resolve("files/MR_small_jpeg_ls_lossless.dcm");
        List<Path> files = Senders.copies(dir, List.of(jls, jls), uid, "(0008,0050)=ACCJLS2", "(0010,0020)=PID-JLS");
        Senders.toOrthanc(files);
        String orthanc = ConfigProvider.getConfig().getValue("test.orthanc.url", String.class);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(); // Orthanc: no h2c upgrade
        int port = scp.port().orElseThrow();
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(orthanc + "/modalities/gateway"))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"AET\":\"DICOMGW\",\"Host\":\"127.0.0.1\",\"Port\":" + port + "}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        String lookup = http.send(HttpRequest.newBuilder(URI.create(orthanc + "/tools/lookup"))
                .POST(HttpRequest.BodyPublishers.ofString(uid)).build(), HttpResponse.BodyHandlers.ofString()).body();
        String id = JsonPath.from(lookup).getString("find { it.Type == 'Study' }.ID");
        HttpResponse<String> store = http.send(HttpRequest.newBuilder(URI.create(orthanc + "/modalities/gateway/store"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"Resources\":[\"" + id + "\"],\"Synchronous\":true}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(store.statusCode()).as(store.body()).isEqualTo(200);

        JsonPath study = ReceiveIT.awaitForwarded(uid, 1);
        assertThat(study.getString("jobState")).as(study.prettify()).isEqualTo("SUCCEEDED");
        assertThat(study.getList("notTakenByRouter")).isEmpty();
        assertThat(ReceiveIT.routerValues(uid)).hasSize(2);
        for (Path f : Router.files()) {
            InstanceHeader h = DicomFiles.scan(f);
            if (uid.equals(h.studyInstanceUid())) {
                assertThat(h.transferSyntax().isUncompressed()).as(h.transferSyntaxUid()).isTrue();
            }
        }
    }
}
