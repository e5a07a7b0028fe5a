package id.dicomgateway.pacs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import id.dicomgateway.testing.OrthancResource;
import id.dicomgateway.testing.Pause;
import id.dicomgateway.testing.RouterResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The PACS client against Orthanc (both retrieval modes) and against misbehaving fake servers. The router is never
 * used; it is there so that this class shares the relay ITs' application (issue 22 step 5).
 */
@QuarkusTest
@WithTestResource(OrthancResource.class)
@WithTestResource(RouterResource.class)
@Execution(ExecutionMode.SAME_THREAD) // the Quarkus lane (pom.xml, failsafe)
class PacsClientIT {
    private static final String STUDY = OrthancResource.STUDY_MR3;

    @Inject
    PacsConfig config;

    private PacsClient client(PacsConfig.Retrieve mode, String dicomweb, String wado, Duration readTimeout) {
        return new PacsClient(new PacsConfig() {
            public String dicomwebUrl() {
                return dicomweb;
            }

            public String wadoUriUrl() {
                return wado;
            }

            public Retrieve retrieve() {
                return mode;
            }

            public Duration connectTimeout() {
                return Duration.ofSeconds(2);
            }

            public Duration readTimeout() {
                return readTimeout;
            }
        });
    }

    private PacsClient orthanc(PacsConfig.Retrieve mode) {
        return client(mode, config.dicomwebUrl(), config.wadoUriUrl(), Duration.ofSeconds(10));
    }

    private static Set<String> digests(PacsClient client, List<InstanceRef> refs) throws IOException {
        Set<String> result = new TreeSet<>();
        client.retrieve(STUDY, refs, (index, body) -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            body.copyTo(out);
            assertThat(new String(out.toByteArray(), 128, 4, StandardCharsets.ISO_8859_1)).isEqualTo("DICM");
            try {
                result.add(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(out.toByteArray())));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        });
        return result;
    }

    /**
     * After a study failed to come decompressed, each instance is asked for alone: Orthanc without
     * orthanc-gdcm cannot convert the corpus's JPEG 2000 instance (500), by WADO-RS and by WADO-URI;
     * an uncompressed study has none it cannot send.
     */
    @Test
    void theInstancesThePacsCannotDecompressAreNamedInBothModes() {
        String jpeg2000Study = "1.3.6.1.4.1.5962.1.2.8.20040826185059.5457";
        String explicit = "1.2.840.10008.1.2.1";
        for (PacsConfig.Retrieve mode : PacsConfig.Retrieve.values()) {
            PacsClient client = orthanc(mode);
            assertThat(client.instancesNotAvailableIn(jpeg2000Study, explicit)).as(mode.name())
                    .containsExactly("1.3.6.1.4.1.5962.1.1.8.1.3.20040826185059.5457");
            assertThat(client.instancesNotAvailableIn(STUDY, explicit)).as(mode.name()).isEmpty();
        }
    }

    @Test
    void metadataListsTheElevenInstancesInThreeSeries() {
        List<InstanceRef> refs = orthanc(PacsConfig.Retrieve.WADO_RS).studyInstances(STUDY);
        assertThat(refs).hasSize(11).allMatch(r -> r.studyInstanceUid().equals(STUDY));
        assertThat(refs.stream().map(InstanceRef::seriesInstanceUid).distinct()).hasSize(3);
        assertThat(refs.stream().map(InstanceRef::sopInstanceUid).distinct()).hasSize(11);
    }

    @Test
    void wadoRsAndWadoUriBringTheSameElevenInstances() throws IOException {
        List<InstanceRef> refs = orthanc(PacsConfig.Retrieve.WADO_RS).studyInstances(STUDY);
        Set<String> rs = digests(orthanc(PacsConfig.Retrieve.WADO_RS), refs);
        Set<String> uri = digests(orthanc(PacsConfig.Retrieve.WADO_URI), refs);
        assertThat(rs).hasSize(11).isEqualTo(uri);
    }

    @Test
    void theStudySearchCountsTheElevenInstances() {
        PacsClient pacs = orthanc(PacsConfig.Retrieve.WADO_RS);
        assertThat(pacs.studyInstanceCount(STUDY)).hasValue(11);
        assertThat(pacs.studyInstanceCount("1.2.826.0.1.3680043.99.3")).isEmpty();
    }

    /** The count only sizes a progress bar: whatever the PACS answers, it never fails the caller. */
    @Test
    void aCountThePacsCannotGiveIsUnknown() throws IOException {
        withFake(exchange -> respond(exchange, 200, "application/dicom+json", "[{\"00201208\":{\"vr\":\"IS\",\"Value\":[\"7\"]}}]"),
                url -> assertThat(client(PacsConfig.Retrieve.WADO_RS, url, url, Duration.ofSeconds(2)).studyInstanceCount(STUDY)).hasValue(7));
        for (String body : List.of("[]", "[{}]", "{\"not\":\"an array\"}", "[{\"00201208\":{\"vr\":\"IS\",\"Value\":[\"many\"]}}]", "[{")) {
            withFake(exchange -> respond(exchange, 200, "application/dicom+json", body),
                    url -> assertThat(client(PacsConfig.Retrieve.WADO_RS, url, url, Duration.ofSeconds(2)).studyInstanceCount(STUDY))
                            .as(body).isEmpty());
        }
        withFake(exchange -> respond(exchange, 500, "text/plain", "no"),
                url -> assertThat(client(PacsConfig.Retrieve.WADO_RS, url, url, Duration.ofSeconds(2)).studyInstanceCount(STUDY)).isEmpty());
        int port = OrthancResource.freePort();
        assertThat(client(PacsConfig.Retrieve.WADO_RS, "http://127.0.0.1:" + port + "/dicom-web", "http://127.0.0.1:" + port + "/wado",
                Duration.ofSeconds(2)).studyInstanceCount(STUDY)).isEmpty();
    }

    @Test
    void pingAnswersWhenThePacsIsUp() {
        orthanc(PacsConfig.Retrieve.WADO_RS).ping().await().atMost(Duration.ofSeconds(10));
    }

    @Test
    void anUnknownStudyIsNotFound() {
        assertCode(() -> orthanc(PacsConfig.Retrieve.WADO_RS).studyInstances("1.2.826.0.1.3680043.99.3"), PacsException.Reason.STUDY_NOT_FOUND);
    }

    @Test
    void aClosedPortIsUnreachable() throws IOException {
        int port = OrthancResource.freePort();
        PacsClient client = client(PacsConfig.Retrieve.WADO_RS, "http://127.0.0.1:" + port + "/dicom-web", "http://127.0.0.1:" + port + "/wado", Duration.ofSeconds(2));
        assertCode(() -> client.studyInstances(STUDY), PacsException.Reason.PACS_UNREACHABLE);
        assertThatThrownBy(() -> client.ping().await().atMost(Duration.ofSeconds(10))).isInstanceOf(PacsException.class);
    }

    @Test
    void aPacsThatNeverAnswersTimesOut() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept()); // accept, read nothing, answer nothing
                    }
                } catch (IOException e) {
                    // closed
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            String url = "http://127.0.0.1:" + silent.getLocalPort();
            PacsClient client = client(PacsConfig.Retrieve.WADO_RS, url + "/dicom-web", url + "/wado", Duration.ofMillis(500));
            long start = System.nanoTime();
            assertCode(() -> client.studyInstances(STUDY), PacsException.Reason.PACS_UNREACHABLE);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void aBodyThatStallsHalfwayTimesOut() throws IOException {
        withFake(exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=b");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write("--b\r\nContent-Type: application/dicom\r\n\r\nDICM-partial".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            Pause.millis(2000); // then nothing: the client must give up on its own
        }, url -> {
            PacsClient client = client(PacsConfig.Retrieve.WADO_RS, url, url, Duration.ofMillis(500));
            long start = System.nanoTime();
            assertCode(() -> client.retrieve(STUDY, List.of(), (i, b) -> b.copyTo(OutputStream.nullOutputStream())), PacsException.Reason.PACS_UNREACHABLE);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1800));
        });
    }

    @Test
    void emptyAnswersMeanNotFound() throws IOException {
        withFake(exchange -> exchange.sendResponseHeaders(204, -1),
                url -> assertCode(() -> client(PacsConfig.Retrieve.WADO_RS, url, url, Duration.ofSeconds(2)).studyInstances(STUDY), PacsException.Reason.STUDY_NOT_FOUND));
        withFake(exchange -> respond(exchange, 200, "application/dicom+json", "[]"),
                url -> assertCode(() -> client(PacsConfig.Retrieve.WADO_RS, url, url, Duration.ofSeconds(2)).studyInstances(STUDY), PacsException.Reason.STUDY_NOT_FOUND));
    }

    @Test
    void serverErrorsAndNonsenseArePacsErrors() throws IOException {
        withFake(exchange -> respond(exchange, 503, "text/plain", "busy"),
                url -> assertCode(() -> client(PacsConfig.Retrieve.WADO_RS, url, url, Duration.ofSeconds(2)).studyInstances(STUDY), PacsException.Reason.PACS_ERROR));
        withFake(exchange -> respond(exchange, 200, "application/json", "{\"not\":\"an array\"}"),
                url -> assertCode(() -> client(PacsConfig.Retrieve.WADO_RS, url, url, Duration.ofSeconds(2)).studyInstances(STUDY), PacsException.Reason.PACS_ERROR));
        withFake(exchange -> respond(exchange, 200, "application/json", "[{\"0020000E\":{\"vr\":\"UI\",\"Value\":[\"1.2\"]},"),
                url -> assertCode(() -> client(PacsConfig.Retrieve.WADO_RS, url, url, Duration.ofSeconds(2)).studyInstances(STUDY), PacsException.Reason.PACS_ERROR));
        withFake(exchange -> respond(exchange, 200, "application/dicom", "DICM"),
                url -> assertCode(() -> client(PacsConfig.Retrieve.WADO_RS, url, url, Duration.ofSeconds(2))
                        .retrieve(STUDY, List.of(), (i, b) -> b.copyTo(OutputStream.nullOutputStream())), PacsException.Reason.PACS_ERROR));
        withFake(exchange -> respond(exchange, 200, "multipart/related; boundary=zz", "--zz\r\n\r\nDICM and then the connection ends"),
                url -> assertCode(() -> client(PacsConfig.Retrieve.WADO_RS, url, url, Duration.ofSeconds(2))
                        .retrieve(STUDY, List.of(), (i, b) -> b.copyTo(OutputStream.nullOutputStream())), PacsException.Reason.PACS_ERROR));
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private interface Handler {
        void handle(com.sun.net.httpserver.HttpExchange exchange) throws IOException;
    }

    private static void withFake(Handler handler, Consumer<String> test) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try {
                handler.handle(exchange);
            } finally {
                exchange.close();
            }
        });
        server.start();
        try {
            test.accept("http://127.0.0.1:" + server.getAddress().getPort());
        } finally {
            server.stop(0);
        }
    }

    private static void assertCode(ThrowingCallable call, PacsException.Reason code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(PacsException.class, e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(code));
    }
}
