package id.dicomgateway.orders;

import static org.assertj.core.api.Assertions.assertThat;

import id.dicomgateway.store.JdbcJobStore;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 24 item 3, the one decision the receive side and the send paths share: a study without an Accession Number takes
 * the values of exactly one open order of its PatientID, modality and day; none or several are never guessed between, and
 * wait only when the orders are in use (GATEWAY_ORDERS_UNMATCHED). Checked on the embedded store.
 */
class ReconciliationTest {
    private static final String DAY = "20310702";
    private JdbcJobStore db;

    @BeforeEach
    void database() {
        db = UnmatchedModeTest.h2("reconcile");
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void exactlyOneOpenOrderGivesItsAccessionNumberAndPatientId() {
        String id = schedule("RT-1", "P-RT", "CR", "2031-07-02T08:00:00+07:00");
        schedule("RT-2", "P-RT", "CT", "2031-07-02T08:00:00+07:00"); // another modality
        schedule("RT-3", "P-RT", "CR", "2031-07-03T08:00:00+07:00"); // another day
        Reconciliation.Decision d = decide(OrdersConfig.Unmatched.AUTO, study(null, "P-RT", "CR", DAY), null);
        assertThat(d.order().id()).isEqualTo(id);
        assertThat(d.order().accessionNumber()).isEqualTo("RT-1");
        assertThat(d.waits()).isFalse();
        assertThat(d.note()).startsWith("ACSN from order " + id).contains("RT-1", "P-RT").doesNotContain("Santoso");
    }

    @Test
    void twoOrdersAreNeverGuessedBetweenAndTheStudyWaitsWhenOrdersAreInUse() {
        String a = schedule("RT-11", "P-RT", "CR", "2031-07-02T08:00:00+07:00");
        String b = schedule("RT-12", "P-RT", "CR", "2031-07-02T13:00:00+07:00");
        Reconciliation.Decision d = decide(OrdersConfig.Unmatched.AUTO, study(null, "P-RT", "CR", DAY), null);
        assertThat(d.order()).isNull();
        assertThat(d.waits()).isTrue();
        assertThat(d.reason()).contains("2 open orders", a, b, "ambiguous, none chosen", "P-RT", "2031-07-02");
        assertThat(d.note()).contains("waits for a person", "/api/jobs/{id}/assign");

        Reconciliation.Decision forward = decide(OrdersConfig.Unmatched.FORWARD, study(null, "P-RT", "CR", DAY), null);
        assertThat(forward.waits()).isFalse();
        assertThat(forward.order()).isNull();
        assertThat(forward.note()).endsWith("; sent as it is");
    }

    @Test
    void noOrderWaitsOnADayWithOrdersAndGoesOnAsItIsOnADayWithout() {
        schedule("RT-21", "P-OTHER", "CR", "2031-07-02T08:00:00+07:00");
        Reconciliation.Decision d = decide(OrdersConfig.Unmatched.AUTO, study(null, "P-RT", "CR", DAY), null);
        assertThat(d.waits()).isTrue();
        assertThat(d.reason()).startsWith("no open order for PatientID \"P-RT\"");

        Reconciliation.Decision other = decide(OrdersConfig.Unmatched.AUTO, study(null, "P-RT", "CR", "20310709"), null);
        assertThat(other.waits()).as("a hospital that posts no orders that day: as before issue 24").isFalse();
        assertThat(other.order()).isNull();
    }

    @Test
    void aStudyWithAnAccessionNumberIsNotReconciled() {
        schedule("RT-31", "P-RT", "CR", "2031-07-02T08:00:00+07:00");
        Reconciliation.Decision d = decide(OrdersConfig.Unmatched.WAIT, StudyFacts.of(List.of(
                new StudyFacts.Values(null, "P-RT", "CR", DAY), new StudyFacts.Values("OWN-1", "P-RT", "CR", DAY))), null);
        assertThat(d).isEqualTo(Reconciliation.Decision.NOT_NEEDED);
        assertThat(d.needed()).isFalse();
    }

    @Test
    void aGivenPatientIdIsTheOneMatched() {
        String id = schedule("RT-41", "P-GIVEN", "MR", "2031-07-02T08:00:00+07:00");
        Reconciliation.Decision d = decide(OrdersConfig.Unmatched.AUTO, study(null, "P-IN-FILE", "mr", DAY), " P-GIVEN ");
        assertThat(d.order().id()).isEqualTo(id);
    }

    @Test
    void missingOrDisagreeingKeysAreTheReason() {
        assertThat(decide(OrdersConfig.Unmatched.WAIT, study(null, null, "CR", DAY), null).reason()).isEqualTo("no PatientID");
        assertThat(decide(OrdersConfig.Unmatched.WAIT, StudyFacts.of(List.of(new StudyFacts.Values(null, "P1", "CR", DAY),
                new StudyFacts.Values(null, "P2", "CR", DAY))), null).reason()).isEqualTo("several PatientIDs in its instances");
        assertThat(decide(OrdersConfig.Unmatched.WAIT, study(null, "P1", "CR", null), null).reason()).isEqualTo("no StudyDate");
        assertThat(decide(OrdersConfig.Unmatched.WAIT, study(null, "P1", "CR", "2031-07-02"), null).reason())
                .isEqualTo("no single readable StudyDate");
        Reconciliation.Decision noModality = decide(OrdersConfig.Unmatched.WAIT, study(null, "P1", " ", DAY), null);
        assertThat(noModality.reason()).isEqualTo("no Modality");
        assertThat(noModality.waits()).isTrue();
    }

    /** process and direct-dcm ask the PACS about a study only when reconciliation can change anything. */
    @Test
    void inUseOnlyWithAnOrderStoredOrWait() {
        assertThat(new Reconciliation(UnmatchedModeTest.orders(db, OrdersConfig.Unmatched.AUTO), null).inUse())
                .as("a hospital that posts no orders").isFalse();
        assertThat(new Reconciliation(UnmatchedModeTest.orders(db, OrdersConfig.Unmatched.WAIT), null).inUse()).isTrue();
        schedule("RT-51", "P-RT", "CR", "2020-01-01T08:00:00+07:00");
        assertThat(new Reconciliation(UnmatchedModeTest.orders(db, OrdersConfig.Unmatched.FORWARD), null).inUse())
                .as("forward still stamps a study its one order matches").isTrue();
    }

    private Reconciliation.Decision decide(OrdersConfig.Unmatched mode, StudyFacts facts, String patientId) {
        return new Reconciliation(UnmatchedModeTest.orders(db, mode), null).decide("Test: study 1.2.3", facts, patientId, "sent as it is",
                true);
    }

    private static StudyFacts study(String acsn, String patientId, String modality, String date) {
        return StudyFacts.of(List.of(new StudyFacts.Values(acsn, patientId, modality, date)));
    }

    private String schedule(String acsn, String patientId, String modality, String start) {
        return new JdbcOrders(db).upsert(new NewOrder(acsn, patientId, "Santoso^Budi", null, null, modality, OffsetDateTime.parse(start),
                null, null, null, null, null, "json")).order().id();
    }
}
