package id.dicomgateway.relay.router;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The SATUSEHAT DICOM Router: a Storage SCP (docs/architecture.md §5), under the earlier service's environment names. */
@ConfigMapping(prefix = "gateway.router")
public interface RouterConfig {
    /** {@code ROUTER_IP} */
    String host();

    /** {@code ROUTER_PORT}, 11112 by default */
    int port();

    /** {@code ROUTER_AET}: the called AE title, DCMROUTER by default */
    String aeTitle();

    /** {@code GATEWAY_AET}: our calling AE title */
    String callingAeTitle();

    /** TCP connect to the router. */
    @WithDefault("5s")
    Duration connectTimeout();

    /** Longest wait for one C-STORE response; the router may be slow to write a large instance. */
    @WithDefault("30s")
    Duration dimseTimeout();

    /**
     * Longest wait for the router's A-RELEASE-RP once every instance is answered. The router files the study at
     * the release; a router that never answers it has taken the study all the same, so the job ends as sent.
     */
    @WithDefault("10s")
    Duration releaseTimeout();

    /** Studies sent to the router at once; further sends wait their turn. */
    @WithDefault("2")
    int maxAssociations();
}
