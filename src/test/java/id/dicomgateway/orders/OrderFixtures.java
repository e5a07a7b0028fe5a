package id.dicomgateway.orders;

import id.dicomgateway.store.Dialect;
import id.dicomgateway.store.JdbcJobStore;
import id.dicomgateway.store.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;

/** Bodies and settings the orders' tests share (here and in api.orders). */
public final class OrderFixtures {
    private OrderFixtures() {
    }

    /** A fresh in-memory H2 job store with the shipped migrations; the caller closes it. */
    static JdbcJobStore h2Store(String name) {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + name + "-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        JdbcOrdersContract.migrate(h2, false);
        return new JdbcJobStore(h2, Dialect.H2, RetryPolicy.defaults(), Duration.ofSeconds(30), Clock.systemUTC(), Duration.ofSeconds(5))
                .start();
    }

    /** The gateway's JSON shape of an order. */
    public static String json(String acsn, String patientId, String scheduledStart) {
        return """
                {"accessionNumber":"%s","patientId":"%s","patientName":"Budi Santoso","patientBirthDate":"1980-01-02",
                 "patientSex":"M","modality":"CR","scheduledStart":"%s"}""".formatted(acsn, patientId, scheduledStart);
    }

    /**
     * A FHIR ServiceRequest as a SIMRS sends it to SATUSEHAT, naming its patient only by reference.
     *
     * @param display the patient's name as {@code subject.display}, or null for none
     */
    public static String subjectOnly(String acsnSystem, String acsn, String patientId, String display, String scheduledStart) {
        return """
                {"resourceType":"ServiceRequest","id":"ce124594-0000-0000-0000-000000000001",
                 "identifier":[{"system":"%s","value":"%s"}],
                 "code":{"coding":[{"system":"http://loinc.org","code":"24648-8","display":"XR Chest PA upright"}]},
                 "orderDetail":[{"coding":[{"system":"http://dicom.nema.org/resources/ontology/DCM","code":"DX"}]}],
                 "subject":{"reference":"Patient/%s"%s},
                 "occurrenceDateTime":"%s"}""".formatted(acsnSystem, acsn, patientId,
                display == null ? "" : ",\"display\":\"" + display + "\"", scheduledStart);
    }

    /** gateway.orders.* at their defaults, with the hospital's clock in Jakarta and {@code unmatched} as given. */
    static OrdersConfig config(OrdersConfig.Unmatched unmatched) {
        return config(unmatched, null);
    }

    /** As {@link #config(OrdersConfig.Unmatched)}, numbering orders without an Accession Number by {@code acsnPattern}. */
    static OrdersConfig config(OrdersConfig.Unmatched unmatched, String acsnPattern) {
        return new OrdersConfig() {
            @Override
            public Duration retention() {
                return Duration.ofDays(90);
            }

            @Override
            public Duration retentionInterval() {
                return Duration.ofHours(1);
            }

            @Override
            public Optional<String> zone() {
                return Optional.of("Asia/Jakarta");
            }

            @Override
            public Duration followInterval() {
                return Duration.ofSeconds(5);
            }

            @Override
            public Unmatched unmatched() {
                return unmatched;
            }

            @Override
            public Duration serviceRequestInterval() {
                return Duration.ofMinutes(5);
            }

            @Override
            public Optional<String> acsnPattern() {
                return Optional.ofNullable(acsnPattern);
            }

            @Override
            public int worklistMax() {
                return 2000;
            }
        };
    }
}
