package id.dicomgateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Free loopback ports for tests (JDK only, no peer): the one place the unit tests, the peer fixtures
 * (StoreScpProcess, OrthancResource, PostgresProcess) and the ITs take a port from.
 */
public final class FreePorts {

    private FreePorts() {
    }

    /** Ports handed out by this JVM: never handed out twice, though a test may leave one unbound for a while. */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();
    private static final int FIRST = 15000;

    /**
     * A free loopback port below the kernel's ephemeral range, never handed out before in this JVM. A test often
     * takes a port and binds it only later, or leaves it unbound on purpose (a router that is down). A port from the
     * ephemeral range can meanwhile be given to any bind(0) of the same JVM: Quarkus's random HTTP port took the demo
     * receiver's port this way, and the mock OIDC server of a parallel test class took a stopped router's port, whose
     * jobs then met HTTP instead of DICOM ("unrecognized PDU type 48H"). Below that range only an explicit bind takes it.
     */
    public static int freePort() {
        int below = ephemeralStart();
        Random random = new Random();
        for (int tries = 0; tries < 500; tries++) {
            int candidate = FIRST + random.nextInt(below - FIRST);
            if (!HANDED_OUT.add(candidate)) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket(candidate, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // in use by another process: try another
            }
        }
        throw new UncheckedIOException(new IOException("no free loopback port in " + FIRST + "-" + (below - 1)));
    }

    /** Kept for the callers that name it: every port is outside the ephemeral range now ({@link #freePort()}). */
    public static int freePortOutsideEphemeralRange() throws IOException {
        return freePort();
    }

    /** The first port of Linux's ephemeral range (ip_local_port_range), 32768 where it cannot be read. */
    private static int ephemeralStart() {
        try {
            int start = Integer.parseInt(Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+")[0]);
            return start > FIRST + 1000 ? start : 32768;
        } catch (IOException | RuntimeException e) {
            return 32768;
        }
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
