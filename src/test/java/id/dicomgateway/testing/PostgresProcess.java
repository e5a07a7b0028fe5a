package id.dicomgateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL for tests (Debian's postgresql 15), in a temporary directory on a free loopback
 * port, as {@link OrthancResource} runs Orthanc. PostgreSQL refuses to run as root, and CI runs as
 * root: then the cluster belongs to the {@code postgres} system user and every command runs as it.
 */
public final class PostgresProcess implements AutoCloseable {
    private static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
    public static final String USER = "gateway";

    private final Path dir;
    private final Path data;
    private final int port;
    private final String password = UUID.randomUUID().toString();
    private final boolean asPostgres;
    private final Thread cleanup;

    private PostgresProcess() throws IOException {
        asPostgres = "root".equals(System.getProperty("user.name"));
        dir = Files.createTempDirectory("postgres-test-");
        data = dir.resolve("data");
        port = OrthancResource.freePort();
        Path pwfile = dir.resolve("pw");
        Files.writeString(pwfile, password + "\n");
        if (asPostgres) {
            UserPrincipal postgres = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            Files.setOwner(dir, postgres);
            Files.setOwner(pwfile, postgres);
        }
        run(List.of(BIN.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "--pwfile=" + pwfile,
                "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--no-sync", "--no-instructions"));
        Files.delete(pwfile);
        // A run that dies before close() must not leave a server behind.
        cleanup = new Thread(() -> pgCtl("immediate"));
        Runtime.getRuntime().addShutdownHook(cleanup);
    }

    /** Creates a cluster and starts it. */
    public static PostgresProcess start() {
        try {
            PostgresProcess pg = new PostgresProcess();
            pg.startServer();
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public String password() {
        return password;
    }

    public int port() {
        return port;
    }

    /** A new empty database, so that each test class starts from nothing. */
    public String createDatabase() {
        String name = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), USER, password); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name, e);
        }
        return name;
    }

    /** Starts the server on the same port and data directory (after {@link #stopServer()}). */
    public void startServer() throws IOException {
        run(List.of(BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("postgres.log").toString(),
                "-w", "-t", "30", "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off "
                        + "-c max_connections=200", "start"));
    }

    /** Stops the server as an operator would (fast: connections are cut, work in flight rolled back). */
    public void stopServer() {
        pgCtl("fast");
    }

    /**
     * Stops every process of the server with SIGSTOP, as a database host that hangs would look: connections stay open
     * and nothing answers on them. {@link #thaw()} lets it go on.
     */
    public void freeze() throws IOException {
        signal("STOP");
    }

    public void thaw() throws IOException {
        signal("CONT");
    }

    private void signal(String name) throws IOException {
        // postmaster.pid (PostgreSQL's own file): its first line is the postmaster's process id.
        long pid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
        List<String> command = new ArrayList<>(List.of("kill", "-" + name, Long.toString(pid)));
        ProcessHandle.of(pid).ifPresent(p -> p.descendants().forEach(d -> command.add(Long.toString(d.pid()))));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + new String(p.getInputStream().readAllBytes()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private void pgCtl(String mode) {
        try {
            run(List.of(BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", mode, "-w", "-t", "30", "stop"));
        } catch (IOException e) {
            // not running
        }
    }

    private void run(List<String> command) throws IOException {
        List<String> full = new ArrayList<>();
        if (asPostgres) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Path log = Files.createTempFile("pg-cmd-", ".log");
        try {
            Process p = new ProcessBuilder(full).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + command);
            }
            if (p.exitValue() != 0) {
                throw new IOException(command.get(0) + " exited " + p.exitValue() + ": " + Files.readString(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    @Override
    public void close() {
        pgCtl("fast");
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException e) {
            // already shutting down
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp dir is not worth failing the run for
        }
    }
}
