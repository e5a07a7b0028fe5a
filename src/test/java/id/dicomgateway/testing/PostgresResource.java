package id.dicomgateway.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** A real PostgreSQL for a @QuarkusTest: the gateway's job store on it, as GATEWAY_DB_* point it. */
public final class PostgresResource implements QuarkusTestResourceLifecycleManager {
    /** Seconds pgjdbc waits for the database to answer on a connection before it calls the connection broken. */
    public static final int SOCKET_TIMEOUT_SECONDS = 3;
    private static volatile PostgresProcess current;
    private static volatile String url;

    /** The running server, so a test can stop and start it. */
    public static PostgresProcess server() {
        return current;
    }

    public static String url() {
        return url;
    }

    @Override
    public Map<String, String> start() {
        current = PostgresProcess.start();
        url = current.jdbcUrl(current.createDatabase());
        // A parameter of the URL, as an operator would change the shipped 30 s: a hung database is noticed in 3.
        return Map.of("GATEWAY_DB_URL", url + "?socketTimeout=" + SOCKET_TIMEOUT_SECONDS, "GATEWAY_DB_USER", PostgresProcess.USER, "GATEWAY_DB_PASSWORD", current.password());
    }

    @Override
    public void stop() {
        if (current != null) {
            current.close();
            current = null;
        }
    }
}
