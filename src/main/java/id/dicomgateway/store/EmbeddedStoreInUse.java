package id.dicomgateway.store;

import io.quarkus.flyway.FlywayConfigurationCustomizer;
import io.quarkus.flyway.FlywayDataSource;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * Before the embedded store is migrated at start: its H2 file open in another process is said as what it most likely
 * is, another gateway on the same directory, with what to do. H2's own words ("Database may be already in use ...
 * Possible solutions: close all other connection(s); use the server mode") point an operator at H2's server mode,
 * which would let two gateways claim the same jobs.
 */
@Singleton
@FlywayDataSource("embedded")
final class EmbeddedStoreInUse implements FlywayConfigurationCustomizer {
    /** H2's DATABASE_ALREADY_OPEN_1: the file is locked by another process. */
    private static final int ALREADY_OPEN = 90020;

    @ConfigProperty(name = "gateway.store.data-dir")
    String dataDir;

    @Override
    public void customize(FluentConfiguration configuration) {
        // The embedded datasource, which Quarkus has set on the configuration before it asks the customizers.
        try (Connection ignored = configuration.getDataSource().getConnection()) {
            // opened: this process is the store's only one
        } catch (SQLException e) {
            if (alreadyOpen(e)) {
                throw new IllegalStateException("The embedded job store in " + Path.of(dataDir).toAbsolutePath()
                        + " is open in another process, most likely another gateway with the same TEMP_DIR (or "
                        + "GATEWAY_DATA_DIR). An embedded store serves one gateway: give this one a directory of its own, "
                        + "or let the gateways share a PostgreSQL (GATEWAY_DB_URL, docs/job-store.md)");
            }
            // Anything else is Flyway's to say, as it always has.
        }
    }

    private static boolean alreadyOpen(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getErrorCode() == ALREADY_OPEN) {
                return true;
            }
        }
        return false;
    }
}
