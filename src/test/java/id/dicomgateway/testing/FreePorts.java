package id.dicomgateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * Free loopback ports for tests (JDK only, no peer): the one place the unit tests, the peer fixtures
 * (StoreScpProcess, OrthancResource, PostgresProcess) and the ITs take a port from.
 */
public final class FreePorts {

    private FreePorts() {
    }

    /** A port that was free a moment ago on loopback. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A free loopback port below Linux's ephemeral range (32768-60999). A port from {@link #freePort()} that the
     * application binds only later can meanwhile be handed to another bind(0) of the same JVM (Quarkus's own
     * random HTTP port was seen taking the demo receiver's port this way).
     */
    public static int freePortOutsideEphemeralRange() throws IOException {
        Random random = new Random();
        for (int tries = 0; tries < 200; tries++) {
            int candidate = 20000 + random.nextInt(10000);
            try (ServerSocket socket = new ServerSocket(candidate, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no free port in 20000-29999");
    }

    /**
     * Looks for a listening socket in /proc/net/tcp{,6} (state 0A) rather than connecting: a probe
     * connection would show up in a DICOM peer's log as an association attempt. Usable for any local
     * server a test starts.
     */
    public static boolean listening(int port) throws IOException {
        String hexPort = String.format(":%04X ", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Path.of(table);
            if (!Files.exists(path)) {
                continue;
            }
            for (String line : Files.readAllLines(path)) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 3 && (f[1] + " ").endsWith(hexPort) && f[3].equals("0A")) {
                    return true;
                }
            }
        }
        return false;
    }
}
