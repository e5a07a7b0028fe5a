package id.dicomgateway.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The router for tests: DCMTK storescp ({@link StoreScpProcess}) accepting every transfer syntax,
 * on a free loopback port, the gateway pointed at it. Tests find its files and log through the
 * {@code test.router.*} properties. Also gives the run its own TEMP_DIR, so concurrent test runs of
 * other worktrees never sweep each other's request directories.
 */
public class RouterResource implements QuarkusTestResourceLifecycleManager {
    private StoreScpProcess scp;

    /** storescp's syntax options: every transfer syntax (+xa). */
    protected String[] options() {
        return new String[] {"+xa"};
    }

    @Override
    public Map<String, String> start() {
        try {
            scp = StoreScpProcess.start(options());
            return Map.of(
                    "gateway.router.host", "127.0.0.1",
                    "gateway.router.port", Integer.toString(scp.port()),
                    "gateway.router.ae-title", scp.aeTitle(),
                    "test.router.received", scp.outputDir().toString(),
                    "test.router.log", scp.outputDir().getParent().resolve("storescp.log").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (scp != null) {
            try {
                scp.close();
            } catch (IOException e) {
                // leftovers in /tmp are not worth failing the run for
            }
        }
    }
}
