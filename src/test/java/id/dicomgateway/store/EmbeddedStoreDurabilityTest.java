package id.dicomgateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What the embedded store has committed survives the process being killed at once (SIGKILL, an
 * OOM kill, a node lost): a 202 is answered only after the job's record is committed, so a commit
 * must be on disk, not waiting for H2's background writer (its default write delay is 500 ms, and
 * a batch restart once lost the last row's SUCCEEDED that way). The test opens the store with the
 * URL the application ships, in a second JVM that commits rows and halts without closing anything.
 */
class EmbeddedStoreDurabilityTest {

    @Test
    void rowsCommittedJustBeforeAHardKillAreStillThere() throws Exception {
        Path dir = Files.createTempDirectory("store-durability-");
        String url = shippedUrl().replace("${gateway.store.data-dir}", dir.toString());
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CommitThenHalt.class.getName(), url)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as("the child halts after its commits").isEqualTo(CommitThenHalt.HALTED);

        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM committed_rows")) {
            rs.next();
            assertThat(rs.getInt(1)).as("rows committed before the kill").isEqualTo(CommitThenHalt.ROWS);
        }
    }

    private static String shippedUrl() throws Exception {
        Properties p = new Properties();
        try (InputStream in = EmbeddedStoreDurabilityTest.class.getResourceAsStream("/application.properties")) {
            p.load(in);
        }
        String url = p.getProperty("quarkus.datasource.embedded.jdbc.url");
        assertThat(url).startsWith("jdbc:h2:file:");
        return url;
    }

    /** Commits {@link #ROWS} rows one transaction each, then halts the JVM: no close, no shutdown hook. */
    public static final class CommitThenHalt {
        static final int ROWS = 5;
        static final int HALTED = 9;

        public static void main(String[] args) throws Exception {
            Connection c = DriverManager.getConnection(args[0]);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE committed_rows (i INT)");
                for (int i = 0; i < ROWS; i++) {
                    s.execute("INSERT INTO committed_rows VALUES (" + i + ")");
                }
            }
            Runtime.getRuntime().halt(HALTED);
        }
    }
}
