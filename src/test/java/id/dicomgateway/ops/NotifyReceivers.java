package id.dicomgateway.ops;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import id.dicomgateway.testing.StoreScpProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Two notification receivers: WireMock on a free loopback port answering 204 at /hook, and a port nobody listens on
 * (a receiver that is down), with a secret in its path as a chat webhook's would have. The gateway gets both in
 * GATEWAY_NOTIFY_URL, so every notice goes to both.
 */
public final class NotifyReceivers implements QuarkusTestResourceLifecycleManager {
    static final String SECRET = "s3cr3t-hook-token";
    private WireMockServer server;
    private int deadPort;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        answering();
        try {
            deadPort = StoreScpProcess.freePort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("gateway.notify.url", server.baseUrl() + "/hook," + dead());
    }

    String dead() {
        return "http://127.0.0.1:" + deadPort + "/bot" + SECRET + "/sendMessage";
    }

    int deadPort() {
        return deadPort;
    }

    WireMockServer receiver() {
        return server;
    }

    void answering() {
        server.resetAll();
        server.stubFor(post(urlPathEqualTo("/hook")).willReturn(aResponse().withStatus(204)));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(this, new TestInjector.MatchesType(NotifyReceivers.class));
    }
}
