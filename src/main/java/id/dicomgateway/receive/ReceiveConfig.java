package id.dicomgateway.receive;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The gateway as a Storage SCP ({@code GATEWAY_SCP_PORT}, off when unset) and what it does with
 * what arrives: studies complete after {@link #idle()}, files kept for {@link #keep()}, rules from
 * {@link #rules()}.
 */
@ConfigMapping(prefix = "gateway.receive")
public interface ReceiveConfig {

    /** TCP port of the SCP; absent: the gateway does not listen for DICOM at all. */
    OptionalInt port();

    /** Address to bind. */
    @WithDefault("0.0.0.0")
    String host();

    /** Our AE title (called AE of the peers); the same as the calling AE towards the router. */
    @WithDefault("DICOMGW")
    String aeTitle();

    /**
     * Calling AE titles accepted, each {@code AE} (from any allowed address) or {@code AE@address} (only
     * from that IP literal; repeat the entry for each address); absent: any. Others get A-ASSOCIATE-RJ
     * permanent, calling-AE-title-not-recognized (PS3.8 9.3.4).
     */
    Optional<List<String>> allowedAeTitles();

    /**
     * Peer addresses (IP literals) that may connect at all; absent: any. A connection from another is
     * closed at once, before any PDU is read.
     */
    Optional<List<String>> allowedAddresses();

    /**
     * GATEWAY_SCP_ALLOW_ANY: with neither allow list, accept any AE from any address. Only for a network
     * where nothing but the PACS can reach the port; without it such a gateway refuses to start in production.
     */
    @WithDefault("false")
    boolean allowAny();

    @WithDefault("16")
    int maxAssociations();

    @WithDefault("256K")
    MemorySize maxPduLength();

    @WithDefault("16G")
    MemorySize maxAssociationSize();

    /** Longest silence of a peer inside an association (and ARTIM). */
    @WithDefault("30s")
    Duration peerTimeout();

    /** Longest life of one association. */
    @WithDefault("1h")
    Duration associationTimeout();

    /** A study is complete when this passes without a new instance of it in any association. */
    @WithDefault("30s")
    Duration idle();

    /** How long a forwarded study's files stay, so that a late instance resends the whole study. */
    @WithDefault("1h")
    Duration keep();

    /** The rules file (JSON); absent: everything is forwarded unchanged. */
    Optional<Path> rules();

    /** Studies shown on the dashboard (forgotten oldest first once their files are gone). */
    @WithDefault("500")
    int history();
}
