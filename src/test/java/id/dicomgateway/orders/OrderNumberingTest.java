package id.dicomgateway.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import id.dicomgateway.store.JdbcJobStore;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 24 item 6 through the use case: with GATEWAY_ORDERS_ACSN_PATTERN set, an order posted without accessionNumber
 * is numbered and the answer carries the number (so the SIMRS can put it on its ServiceRequest); one posted with it
 * keeps it; without the pattern, accessionNumber stays required.
 */
class OrderNumberingTest {
    private static final String NO_ACSN = """
            {"patientId":"P-NUM","patientName":"Budi Santoso","modality":"DX","scheduledStart":"2031-08-09T08:00:00+07:00"}""";
    private JdbcJobStore db;

    @BeforeEach
    void database() {
        db = OrderFixtures.h2Store("numbering");
    }

    @AfterEach
    void close() {
        db.close();
    }

    private Orders orders(String pattern) {
        return new Orders(db, OrderFixtures.config(OrdersConfig.Unmatched.AUTO, pattern), Optional.empty());
    }

    @Test
    void anOrderWithoutAccessionNumberIsNumberedAndTheAnswerSaysWhich() {
        Orders orders = orders("{MODALITY}{YYYYMMDD}{SEQ}");
        Posted first = orders.post(NO_ACSN, "application/json").await().atMost(Duration.ofSeconds(10));
        Posted second = orders.post(NO_ACSN, "application/json").await().atMost(Duration.ofSeconds(10));
        assertThat(first.created()).isTrue();
        assertThat(first.order().accessionNumber()).isEqualTo("DX203108090001");
        assertThat(second.order().accessionNumber()).isEqualTo("DX203108090002");
        assertThat(second.order().id()).isNotEqualTo(first.order().id());
        // Given, it is kept: the pattern only numbers what comes without one.
        Posted given = orders.post(OrderFixtures.json("RS-42", "P-NUM", "2031-08-09T09:00:00+07:00"), "application/json")
                .await().atMost(Duration.ofSeconds(10));
        assertThat(given.order().accessionNumber()).isEqualTo("RS-42");
    }

    @Test
    void withoutAPatternTheAccessionNumberIsRequired() {
        assertThatThrownBy(() -> orders(null).post(NO_ACSN, "application/json").await().atMost(Duration.ofSeconds(10)))
                .isInstanceOf(OrderException.class).hasMessageContaining("accessionNumber");
    }

    @Test
    void theGatewayDoesNotStartWithAPatternItCannotUse() {
        assertThatThrownBy(() -> orders("{MODALITY}{YYYYMMDD}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("GATEWAY_ORDERS_ACSN_PATTERN");
    }
}
