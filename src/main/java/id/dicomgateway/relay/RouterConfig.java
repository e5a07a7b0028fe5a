package id.dicomgateway.relay;

import io.smallrye.config.ConfigMapping;

/** The SATUSEHAT DICOM Router: a Storage SCP (DOMAIN.md §4), under the earlier service's environment names. */
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
}
