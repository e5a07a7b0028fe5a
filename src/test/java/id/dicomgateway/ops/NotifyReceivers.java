package id.dicomgateway.ops;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import id.dicomgateway.testing.FreePorts;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Three notification receivers: WireMock on a free loopback port answering 204 at /hook; a port nobody listens on (a
 * receiver that is down), with a secret in its path as a chat webhook's would have; and one that takes the connection
 * and never answers (a receiver that hangs). The gateway gets all three in GATEWAY_NOTIFY_URL, so every notice goes
 * to each.
 */
public final class NotifyReceivers implements QuarkusTestResourceLifecycleManager {
    static final String SECRET = "s3cr3t-hook-token";
    private WireMockServer server;
    private int deadPort;
    private ServerSocket silent;
    private final List<Socket> held = new CopyOnWriteArrayList<>();

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        answering();
        deadPort = FreePorts.freePort();
        try {
            silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread accepting = new Thread(() -> {
            while (!silent.isClosed()) {
                try {
                    held.add(silent.accept()); // read nothing, answer nothing
                } catch (IOException closed) {
                    return;
                }
            }
        }, "silent-receiver");
        accepting.setDaemon(true);
        accepting.start();
        return Map.of("gateway.notify.url", server.baseUrl() + "/hook," + dead() + ",http://127.0.0.1:" + silent.getLocalPort() + "/silent");
    }

    /** Connections the receiver that never answers took. */
    int silentConnections() {
        return held.size();
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
        try {
            if (silent != null) {
                silent.close();
            }
            for (Socket s : held) {
                s.close();
            }
        } catch (IOException e) {
            // gone with the JVM anyway
        }
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(this, new TestInjector.MatchesType(NotifyReceivers.class));
    }
}
