package id.dicomgateway.dimse;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Where and how a {@link StorageScp} listens, and the limits that keep one peer from taking more
 * than its share.
 *
 * @param host                    address to bind (loopback in tests)
 * @param port                    TCP port; 0 picks a free one ({@link StorageScp#port()} tells which)
 * @param aeTitle                 our AE title; an A-ASSOCIATE-RQ calling another is rejected
 *                                (called-AE-title-not-recognized, PS3.8 table 9-21)
 * @param policy                  which presentation contexts are accepted, in which syntax
 * @param maxPduLength            Maximum Length Received that we announce (PS3.8 D.1): the largest
 *                                P-DATA-TF variable field accepted; longer PDUs abort the association
 * @param idleTimeout             ARTIM (PS3.8 9.1.5): from connection to A-ASSOCIATE-RQ and from
 *                                A-RELEASE-RP to the peer's close; and the longest silence of the peer
 *                                inside an association
 * @param associationTimeout      total life of one association, from the TCP connection
 * @param maxBytesPerAssociation  bytes received on one association before it is aborted
 * @param maxAssociations         associations at once; more are rejected transient, local-limit-exceeded
 * @param allowedCallingAeTitles  calling AE titles accepted; empty means anyone
 * @param storeDir                where received instances are written, one directory per association
 * @param allowedAddresses        peer addresses accepted; empty means any. A connection from another
 *                                address is closed as soon as it is accepted, before any PDU is read: it
 *                                costs the peer's TCP handshake and nothing else (no buffer, no timer)
 * @param callingAeAddresses      calling AE titles bound to addresses: such an AE is accepted only from
 *                                one of its addresses, otherwise A-ASSOCIATE-RJ permanent, service-user,
 *                                calling-AE-title-not-recognized (PS3.8 9.3.4, table 9-21). AEs absent
 *                                here may come from any address the other lists allow
 */
public record ScpSettings(String host, int port, String aeTitle, AcceptPolicy policy, int maxPduLength,
                          Duration idleTimeout, Duration associationTimeout, long maxBytesPerAssociation,
                          int maxAssociations, Set<String> allowedCallingAeTitles, Path storeDir,
                          Set<InetAddress> allowedAddresses, Map<String, Set<InetAddress>> callingAeAddresses) {

    /** Below this DCMTK refuses to negotiate and headers would dominate (PS3.8 D.1 allows any). */
    public static final int MIN_PDU_LENGTH = 4096;
    /** The reassembly buffer holds one PDU: this bounds it per association. */
    public static final int MAX_PDU_LENGTH = 16 * 1024 * 1024;

    public ScpSettings {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535: " + port);
        }
        aeTitle = aeTitle(aeTitle, "aeTitle");
        Objects.requireNonNull(policy, "policy");
        if (maxPduLength < MIN_PDU_LENGTH || maxPduLength > MAX_PDU_LENGTH) {
            throw new IllegalArgumentException("maxPduLength must be " + MIN_PDU_LENGTH + ".." + MAX_PDU_LENGTH
                    + ": " + maxPduLength);
        }
        positive(idleTimeout, "idleTimeout");
        positive(associationTimeout, "associationTimeout");
        if (maxBytesPerAssociation <= 0) {
            throw new IllegalArgumentException("maxBytesPerAssociation must be positive");
        }
        if (maxAssociations < 1) {
            throw new IllegalArgumentException("maxAssociations must be at least 1");
        }
        Set<String> allowed = new LinkedHashSet<>();
        for (String ae : Objects.requireNonNull(allowedCallingAeTitles, "allowedCallingAeTitles")) {
            allowed.add(aeTitle(ae, "allowedCallingAeTitles"));
        }
        allowedCallingAeTitles = Set.copyOf(allowed);
        Objects.requireNonNull(storeDir, "storeDir");
        allowedAddresses = Set.copyOf(Objects.requireNonNull(allowedAddresses, "allowedAddresses"));
        Map<String, Set<InetAddress>> bound = new LinkedHashMap<>();
        Objects.requireNonNull(callingAeAddresses, "callingAeAddresses").forEach((ae, addresses) -> {
            if (addresses.isEmpty()) {
                throw new IllegalArgumentException("callingAeAddresses: " + ae + " has no address");
            }
            bound.put(aeTitle(ae, "callingAeAddresses"), Set.copyOf(addresses));
        });
        callingAeAddresses = Map.copyOf(bound);
    }

    /** Whether a connection from {@code address} may go on to an A-ASSOCIATE-RQ. */
    public boolean admitsConnection(InetAddress address) {
        return allowedAddresses.isEmpty() || (address != null && allowedAddresses.contains(address));
    }

    /** Whether {@code callingAeTitle} (stripped) may associate from {@code address}. */
    public boolean admitsCallingAe(String callingAeTitle, InetAddress address) {
        if (!allowedCallingAeTitles.isEmpty() && !allowedCallingAeTitles.contains(callingAeTitle)) {
            return false;
        }
        Set<InetAddress> bound = callingAeAddresses.get(callingAeTitle);
        return bound == null || (address != null && bound.contains(address));
    }

    /**
     * Negotiating as the SATUSEHAT router, 256 KiB PDUs, 30 s ARTIM/idle, 1 h per association,
     * 16 GiB per association, 16 associations, any calling AE from any address.
     */
    public static ScpSettings defaults(String host, int port, String aeTitle, Path storeDir) {
        return new ScpSettings(host, port, aeTitle, AcceptPolicy.satusehatRouter(), 256 * 1024,
                Duration.ofSeconds(30), Duration.ofHours(1), 16L << 30, 16, Set.of(), storeDir, Set.of(), Map.of());
    }

    public ScpSettings withPolicy(AcceptPolicy p) {
        return new ScpSettings(host, port, aeTitle, p, maxPduLength, idleTimeout, associationTimeout,
                maxBytesPerAssociation, maxAssociations, allowedCallingAeTitles, storeDir, allowedAddresses,
                callingAeAddresses);
    }

    public ScpSettings withTimeouts(Duration idle, Duration association) {
        return new ScpSettings(host, port, aeTitle, policy, maxPduLength, idle, association,
                maxBytesPerAssociation, maxAssociations, allowedCallingAeTitles, storeDir, allowedAddresses,
                callingAeAddresses);
    }

    public ScpSettings withLimits(int pduLength, long bytesPerAssociation, int associations) {
        return new ScpSettings(host, port, aeTitle, policy, pduLength, idleTimeout, associationTimeout,
                bytesPerAssociation, associations, allowedCallingAeTitles, storeDir, allowedAddresses, callingAeAddresses);
    }

    public ScpSettings withAllowedCallingAeTitles(Set<String> allowed) {
        return new ScpSettings(host, port, aeTitle, policy, maxPduLength, idleTimeout, associationTimeout,
                maxBytesPerAssociation, maxAssociations, allowed, storeDir, allowedAddresses, callingAeAddresses);
    }

    /** Peer addresses allowed to connect, and calling AE titles bound to addresses (see the record's parameters). */
    public ScpSettings withAllowedPeers(Set<InetAddress> addresses, Map<String, Set<InetAddress>> aeAddresses) {
        return new ScpSettings(host, port, aeTitle, policy, maxPduLength, idleTimeout, associationTimeout,
                maxBytesPerAssociation, maxAssociations, allowedCallingAeTitles, storeDir, addresses, aeAddresses);
    }

    /** PS3.5 table 6.2-1 AE: 1..16 characters, no backslash or control characters; spaces not significant. */
    private static String aeTitle(String ae, String name) {
        Objects.requireNonNull(ae, name);
        String s = ae.strip();
        if (s.isEmpty() || s.length() > 16) {
            throw new IllegalArgumentException(name + ": an AE title has 1..16 characters: \"" + ae + "\"");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7E || c == '\\') {
                throw new IllegalArgumentException(name + ": an AE title has no backslash or control characters");
            }
        }
        return s;
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    /** The peer's address as an {@link InetAddress}, from the literal Vert.x gives (no name lookup); null if none. */
    static InetAddress address(io.vertx.core.net.SocketAddress remote) {
        if (remote == null || remote.hostAddress() == null || remote.hostAddress().isEmpty()) {
            return null;
        }
        String literal = remote.hostAddress();
        // An IPv4 literal or anything with a colon (IPv6) is parsed, never looked up.
        if (!literal.contains(":") && !literal.matches("[0-9.]+")) {
            return null;
        }
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
