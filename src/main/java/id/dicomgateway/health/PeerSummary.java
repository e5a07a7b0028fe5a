package id.dicomgateway.health;

import io.smallrye.health.SmallRyeHealthReporter;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;

/**
 * The readiness checks reduced to what a person at the dashboard may see: each check's name,
 * whether it is up and whether its peer is configured at all. Readiness itself (with the
 * error text and the peers' addresses) stays on the management port; this is the public
 * port's view of it, for the dashboard's health strip.
 */
@Singleton
public final class PeerSummary {

    /** One readiness check as the dashboard shows it: no error text, no address. */
    public record Check(String name, boolean up, boolean configured) {
    }

    @Inject
    SmallRyeHealthReporter reporter;

    /** The readiness checks now (each peer probe is cached, see {@link CachedProbe}). */
    public Uni<List<Check>> checks() {
        return reporter.getReadinessAsync().map(health -> checks(health.getPayload()));
    }

    static List<Check> checks(JsonObject payload) {
        return payload.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .map(c -> new Check(c.getString("name"), "UP".equals(c.getString("status", "DOWN")), configured(c)))
                .toList();
    }

    private static boolean configured(JsonObject check) {
        JsonObject data = check.getJsonObject("data");
        return data == null || !data.containsKey("configured") || data.get("configured") != JsonValue.FALSE;
    }
}
