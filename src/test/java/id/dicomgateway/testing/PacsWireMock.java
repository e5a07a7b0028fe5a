package id.dicomgateway.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

/**
 * A PACS stand-in for health tests: WireMock on a free loopback port answering the DICOMweb
 * study search with an empty result. Orthanc would do too, but readiness only needs "answers".
 * Also caches readiness probes for 2 s instead of 10, so tests can watch a change.
 */
public final class PacsWireMock implements QuarkusTestResourceLifecycleManager {

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectPacs {
    }

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        healthy(server);
        return Map.of(
                "gateway.pacs.dicomweb-url", server.baseUrl() + "/dicom-web",
                "gateway.pacs.wado-uri-url", server.baseUrl() + "/wado",
                "gateway.health.cache-for", "2s",
                "gateway.health.timeout", "3s");
    }

    public static void healthy(WireMockServer server) {
        server.resetAll();
        server.stubFor(get(urlPathEqualTo("/dicom-web/studies")).atPriority(5)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/dicom+json").withBody("[]")));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(server, new TestInjector.AnnotatedAndMatchesType(InjectPacs.class, WireMockServer.class));
    }
}
