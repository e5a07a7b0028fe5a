package id.dicomgateway.orders;

import static org.assertj.core.api.Assertions.assertThat;

import id.dicomgateway.store.JdbcJobStore;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * GATEWAY_ORDERS_UNMATCHED: whether a received study without ACSN that no single open order matches waits for a
 * person. {@code wait} always, {@code forward} never, {@code auto} only on a day the gateway holds an order for.
 */
class UnmatchedModeTest {
    private static final LocalDate DAY = LocalDate.of(2031, 7, 2);
    private JdbcJobStore db;

    @BeforeEach
    void database() {
        db = h2("unmatched");
    }

    /** A migrated in-memory store of its own (also for ReconciliationTest). */
    static JdbcJobStore h2(String name) {
        return OrderFixtures.h2Store(name);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void waitAlwaysWaitsAndForwardNeverDoesWhateverTheOrders() {
        assertThat(orders(OrdersConfig.Unmatched.WAIT).unmatchedWaits(DAY)).isTrue();
        assertThat(orders(OrdersConfig.Unmatched.WAIT).unmatchedWaits(null)).isTrue();
        schedule("UM-1", "2031-07-02T09:00:00+07:00");
        assertThat(orders(OrdersConfig.Unmatched.FORWARD).unmatchedWaits(DAY)).isFalse();
    }

    @Test
    void autoWaitsOnlyOnADayWithAnOrderInTheHospitalsZone() {
        Orders auto = orders(OrdersConfig.Unmatched.AUTO);
        assertThat(auto.unmatchedWaits(DAY)).as("no order at all: the hospital does not use orders").isFalse();
        schedule("UM-2", "2031-07-02T23:30:00+07:00"); // 16:30 UTC, still 2 July in Jakarta
        assertThat(auto.unmatchedWaits(DAY)).isTrue();
        assertThat(auto.unmatchedWaits(DAY.plusDays(1))).as("another day").isFalse();
    }

    private void schedule(String acsn, String start) {
        new JdbcOrders(db).upsert(JdbcOrdersContract.order(acsn, "CR", start, null));
    }

    private Orders orders(OrdersConfig.Unmatched mode) {
        return orders(db, mode);
    }

    /** The orders use case on {@code db}, on Jakarta's clock, with {@code mode} (also for ReconciliationTest). */
    static Orders orders(JdbcJobStore db, OrdersConfig.Unmatched mode) {
        return new Orders(db, OrderFixtures.config(mode), Optional.empty());
    }
}
