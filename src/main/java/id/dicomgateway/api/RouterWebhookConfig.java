package id.dicomgateway.api;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/**
 * The HTTP Basic credentials the SATUSEHAT router's webhook must present (its {@code WEBHOOK_USER}
 * and {@code WEBHOOK_PASSWORD}). Without both the webhook accepts nothing.
 */
@ConfigMapping(prefix = "gateway.router-webhook")
public interface RouterWebhookConfig {
    Optional<String> user();

    Optional<String> password();
}
