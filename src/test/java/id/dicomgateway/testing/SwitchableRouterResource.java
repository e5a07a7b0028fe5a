package id.dicomgateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The router for tests that need receivers of different kinds at one address: DCMTK storescp,
 * replaced by another storescp with other options on the same port ({@link #become}), as a
 * hospital replaces a router version. Starts as {@code storescp +xa} (every syntax). Used from a
 * test profile ({@link #start()} gives its config overrides, which win over the global
 * RouterResource's), stopped by the test's {@code @AfterAll}.
 */
public final class SwitchableRouterResource {
    private static volatile StoreScpProcess scp;
    private static int port;

    public static synchronized Map<String, String> start() {
        try {
            if (scp != null) {
                scp.close();
            }
            scp = StoreScpProcess.start("+xa");
            port = scp.port();
            // the profile may be read by more than one class loader: whatever this copy started goes with the JVM
            StoreScpProcess started = scp;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException e) {
                    // leftovers in /tmp are not worth failing the run for
                }
            }));
            return Map.of("gateway.router.host", "127.0.0.1", "gateway.router.port", Integer.toString(port),
                    "gateway.router.ae-title", scp.aeTitle());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The running receiver. */
    public static StoreScpProcess current() {
        return scp;
    }

    /** Replaces the receiver by {@code storescp OPTIONS} on the same port. */
    public static synchronized StoreScpProcess become(String... options) throws IOException {
        scp.close();
        scp = StoreScpProcess.startOn(port, options);
        StoreScpProcess started = scp;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                started.close();
            } catch (IOException e) {
                // as above
            }
        }));
        return scp;
    }

    public static synchronized void stop() {
        try {
            if (scp != null) {
                scp.close();
            }
        } catch (IOException e) {
            // leftovers in /tmp are not worth failing the run for
        }
    }
}
