package id.dicomgateway.dimse;

import static org.assertj.core.api.Assertions.assertThat;

import id.dicomgateway.dicom.DicomFiles;
import io.vertx.core.Vertx;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Orthanc, a real PACS, sends a study to StorageScp over C-STORE (REST /modalities/{id}/store). */
class StorageScpOrthancIT {

    @TempDir
    Path storeDir;

    @Test
    void orthancStoresAStudyInOneAssociation() throws Exception {
        Vertx vertx = Vertx.vertx();
        RecordingListener listener = new RecordingListener();
        try (OrthancProcess orthanc = OrthancProcess.start();
             StorageScp scp = StorageScp.start(vertx, ScpSettings.defaults("127.0.0.1", 0, "GATEWAY", storeDir)
                     .withAllowedCallingAeTitles(Set.of(OrthancProcess.AE_TITLE)), listener)
                     .await().atMost(Duration.ofSeconds(10))) {
            List<Path> study = StorageScpDcmtkIT.studyMr3();
            List<String> ids = new ArrayList<>();
            Pattern id = Pattern.compile("\"ID\"\\s*:\\s*\"([^\"]+)\"");
            for (Path f : study) {
                HttpResponse<String> r = orthanc.send("POST", "/instances", HttpRequest.BodyPublishers.ofFile(f));
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                Matcher m = id.matcher(r.body());
                assertThat(m.find()).isTrue();
                ids.add(m.group(1));
            }
            HttpResponse<String> modality = orthanc.send("PUT", "/modalities/gateway", HttpRequest.BodyPublishers.ofString(
                    "{\"AET\":\"GATEWAY\",\"Host\":\"127.0.0.1\",\"Port\":" + scp.port() + "}"));
            assertThat(modality.statusCode()).as(modality.body()).isEqualTo(200);
            HttpResponse<String> echo = orthanc.send("POST", "/modalities/gateway/echo", HttpRequest.BodyPublishers.ofString("{}"));
            assertThat(echo.statusCode()).as(echo.body()).isEqualTo(200);
            String body = ids.stream().map(s -> "\"" + s + "\"").collect(Collectors.joining(",", "[", "]"));
            HttpResponse<String> store = orthanc.send("POST", "/modalities/gateway/store",
                    HttpRequest.BodyPublishers.ofString(body));
            assertThat(store.statusCode()).as(store.body()).isEqualTo(200);
            listener.awaitEnded(2, Duration.ofSeconds(10)); // the echo, then the store
            assertThat(listener.accepted).extracting(AssociationInfo::callingAeTitle).containsOnly(OrthancProcess.AE_TITLE);
            assertThat(listener.ended).allMatch(RecordingListener.Ended::released);
            assertThat(listener.stored).hasSize(11);
            assertThat(listener.stored.stream().map(i -> i.association().id()).distinct()).hasSize(1);
            Set<String> sent = new java.util.HashSet<>();
            for (Path f : study) {
                sent.add(DicomFiles.scan(f).sopInstanceUid());
            }
            for (ReceivedInstance i : listener.stored) {
                assertThat(DicomFiles.scan(i.file()).sopInstanceUid()).isEqualTo(i.sopInstanceUid());
            }
            assertThat(listener.stored).extracting(ReceivedInstance::sopInstanceUid).containsExactlyInAnyOrderElementsOf(sent);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }
}
