package id.dicomgateway.demo;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** Demo mode ({@code GATEWAY_DEMO}): on by default in the dev profile, off otherwise unless asked. */
@ConfigMapping(prefix = "gateway.demo")
public interface DemoConfig {

    /** {@code GATEWAY_DEMO} */
    boolean enabled();

    /** {@code PACS_DICOMWEB_URL}, else {@code DCM4CHEE_URL}, as set; empty when neither is. */
    Optional<String> pacsUrl();
}
