package id.dicomgateway.store;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.AgroalConnectionPoolConfiguration;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.exceptionsorter.PostgreSQLExceptionSorter;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import org.flywaydb.core.Flyway;

/**
 * Pools and schemas for the store's tests, built as Quarkus builds the application's: an Agroal
 * pool that drops a connection once it fails as broken (PostgreSQL's exception sorter, which
 * quarkus-jdbc-postgresql sets too) without validating each borrow, and the schema from the
 * application's own migrations.
 */
final class StoreDatabases {
    private StoreDatabases() {
    }

    static AgroalDataSource pool(String url, String user, String password) {
        AgroalDataSourceConfigurationSupplier config = new AgroalDataSourceConfigurationSupplier()
                .connectionPoolConfiguration(pool -> pool.maxSize(8).acquisitionTimeout(Duration.ofSeconds(5))
                        .connectionValidator(AgroalConnectionPoolConfiguration.ConnectionValidator.defaultValidator())
                        .exceptionSorter(url.startsWith("jdbc:postgresql:") ? new PostgreSQLExceptionSorter()
                                : AgroalConnectionPoolConfiguration.ExceptionSorter.defaultExceptionSorter())
                        .connectionFactoryConfiguration(f -> {
                            f.jdbcUrl(url);
                            if (user != null) {
                                f.principal(new NamePrincipal(user)).credential(new SimplePassword(password));
                            }
                            return f;
                        }));
        try {
            return AgroalDataSource.from(config);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static void migrate(AgroalDataSource ds, Dialect dialect) {
        String[] locations = dialect == Dialect.POSTGRESQL
                ? new String[] {"classpath:db/migration/common", "classpath:db/migration/postgresql"}
                : new String[] {"classpath:db/migration/common"};
        Flyway.configure().dataSource(ds).locations(locations).load().migrate();
    }

    static String h2Url(Path dir) {
        return "jdbc:h2:file:" + dir.resolve("jobs").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
    }
}
