package id.dicomgateway.relay.search;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The study search and its per-study status (gateway.search.*). */
@ConfigMapping(prefix = "gateway.search")
public interface SearchConfig {

    /** How long a SATUSEHAT answer for an Accession Number is reused by the status of search results. */
    @WithDefault("30s")
    Duration statusCacheTtl();

    /** SATUSEHAT searches in flight at once for study statuses; the rest wait their turn. */
    @WithDefault("3")
    int satusehatConcurrency();
}
