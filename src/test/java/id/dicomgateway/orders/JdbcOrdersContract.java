package id.dicomgateway.orders;

import static org.assertj.core.api.Assertions.assertThat;

import id.dicomgateway.store.Dialect;
import id.dicomgateway.store.JdbcJobStore;
import id.dicomgateway.store.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What {@link JdbcOrders} does on either database (V9__orders.sql): the same tests for H2 and PostgreSQL. */
abstract class JdbcOrdersContract {
    abstract DataSource dataSource();

    abstract Dialect dialect();

    private final List<JdbcJobStore> opened = new ArrayList<>();

    @AfterEach
    void closeStores() {
        opened.forEach(JdbcJobStore::close);
    }

    static void migrate(DataSource ds, boolean postgres) {
        String[] locations = postgres ? new String[] {"classpath:db/migration/common", "classpath:db/migration/postgresql"}
                : new String[] {"classpath:db/migration/common"};
        Flyway.configure().dataSource(ds).locations(locations).load().migrate();
    }

    JdbcOrders orders() {
        JdbcJobStore db = new JdbcJobStore(dataSource(), dialect(), RetryPolicy.defaults(), Duration.ofSeconds(30), Clock.systemUTC(),
                Duration.ofSeconds(5)).start();
        opened.add(db);
        return new JdbcOrders(db);
    }

    static NewOrder order(String acsn, String modality, String start, String uid) {
        return new NewOrder(acsn, "P1", "Santoso^Budi", LocalDate.of(1980, 1, 2), "M", modality, OffsetDateTime.parse(start), "CRROOM1",
                "THORAX", null, null, uid, "json");
    }

    @Test
    void createThenUpdateKeepsTheIdAndTheGeneratedUid() {
        JdbcOrders store = orders();
        Posted a = store.upsert(order("JO-1", "CR", "2030-03-04T23:30:00+07:00", null));
        assertThat(a.created()).isTrue();
        Order o = a.order();
        assertThat(o.scheduledDate()).isEqualTo("20300304");
        assertThat(o.scheduledTime()).isEqualTo("233000");
        assertThat(o.scheduledStart()).isEqualTo(OffsetDateTime.parse("2030-03-04T23:30:00+07:00"));
        assertThat(o.studyInstanceUid()).startsWith("2.25.");
        Posted b = store.upsert(order("JO-1", "DX", "2030-03-05T08:00:00+08:00", null));
        assertThat(b.created()).isFalse();
        assertThat(b.order().id()).isEqualTo(o.id());
        assertThat(b.order().studyInstanceUid()).isEqualTo(o.studyInstanceUid());
        assertThat(b.order().modality()).isEqualTo("DX");
        assertThat(b.order().version()).isEqualTo(2);
        assertThat(store.upsert(order("JO-1", "DX", "2030-03-05T08:00:00+08:00", "1.2.3")).order().studyInstanceUid()).isEqualTo("1.2.3");
    }

    @Test
    void theSameAccessionNumberAtOnceIsOneOrder() throws Exception {
        JdbcOrders store = orders();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Posted>> posts = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                posts.add(() -> store.upsert(order("JO-2", "CR", "2030-03-06T08:00:00+07:00", null)));
            }
            List<Posted> results = new ArrayList<>();
            for (Future<Posted> f : pool.invokeAll(posts)) {
                results.add(f.get());
            }
            assertThat(results.stream().filter(Posted::created).count()).isEqualTo(1);
            assertThat(results.stream().map(p -> p.order().id()).distinct().count()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.list(new OrderFilter(null, null, null, Set.of(), "JO-2"), 10, 0).total()).isEqualTo(1);
    }

    /** Issue 24 item 6: orders posted without an Accession Number, numbered per modality and day, never twice. */
    @Test
    void ordersWithoutAccessionNumberAreNumberedPerModalityAndDayUniquelyAtOnce() throws Exception {
        JdbcOrders store = orders();
        AccessionPattern pattern = AccessionPattern.of("{MODALITY}{YYYYMMDD}{SEQ}");
        assertThat(store.create(order(null, "NM", "2031-05-06T07:00:00+07:00", null), pattern).order().accessionNumber())
                .isEqualTo("NM203105060001");
        assertThat(store.create(order(null, "NM", "2031-05-06T09:00:00+07:00", null), pattern).order().accessionNumber())
                .isEqualTo("NM203105060002");
        // Another modality or day counts on its own; one posted with a number of the pattern is counted past.
        assertThat(store.create(order(null, "PT", "2031-05-06T07:00:00+07:00", null), pattern).order().accessionNumber())
                .isEqualTo("PT203105060001");
        assertThat(store.create(order(null, "NM", "2031-05-07T07:00:00+07:00", null), pattern).order().accessionNumber())
                .isEqualTo("NM203105070001");
        store.upsert(order("NM203105060007", "NM", "2031-05-06T10:00:00+07:00", null));
        store.upsert(order("NM20310506XY", "NM", "2031-05-06T10:00:00+07:00", null)); // not one of its numbers
        assertThat(store.create(order(null, "NM", "2031-05-06T11:00:00+07:00", null), pattern).order().accessionNumber())
                .isEqualTo("NM203105060008");

        // Posted at once (as from several replicas): every order stored, each under its own number.
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<String> numbers = new ArrayList<>();
        try {
            List<Callable<Posted>> posts = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                posts.add(() -> store.create(order(null, "OT", "2031-05-06T08:00:00+07:00", null), pattern));
            }
            for (Future<Posted> f : pool.invokeAll(posts)) {
                assertThat(f.get().created()).isTrue();
                numbers.add(f.get().order().accessionNumber());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(numbers).doesNotHaveDuplicates().hasSize(12).allMatch(n -> n.matches("OT20310506\\d{4}"));
        assertThat(store.list(new OrderFilter(null, "OT", null, Set.of(), null), 50, 0).total()).isEqualTo(12);
    }

    @Test
    void listsCandidatesCancelAndRetention() {
        JdbcOrders store = orders();
        String cr = store.upsert(order("JO-3", "CR", "2030-04-01T08:00:00+07:00", null)).order().id();
        store.upsert(order("JO-4", "CT", "2030-04-01T09:00:00+07:00", null));
        store.upsert(order("JO-5", "CR", "2030-04-02T09:00:00+07:00", null));
        OrderPage day = store.list(new OrderFilter(LocalDate.of(2030, 4, 1), null, null, Set.of(), null), 10, 0);
        assertThat(day.orders()).extracting(Order::accessionNumber).containsExactly("JO-3", "JO-4");
        assertThat(store.candidates("20300401", "20300402", "CR", 100)).extracting(Order::accessionNumber).containsExactly("JO-3", "JO-5");
        assertThat(store.candidates(null, "20300401", null, 100)).extracting(Order::accessionNumber).contains("JO-3", "JO-4")
                .doesNotContain("JO-5");
        assertThat(store.cancel(cr).orElseThrow().state()).isEqualTo(OrderState.CANCELLED);
        assertThat(store.candidates("20300401", "20300401", "CR", 100)).isEmpty();
        assertThat(store.list(new OrderFilter(null, "CR", "CRROOM1", Set.of(OrderState.CANCELLED), null), 10, 0).orders())
                .extracting(Order::accessionNumber).containsExactly("JO-3");
        assertThat(store.cancel("no-such-id")).isEmpty();
        assertThat(store.purge(Instant.parse("2030-04-02T00:00:00Z"))).isGreaterThanOrEqualTo(2);
        assertThat(store.list(new OrderFilter(null, null, null, Set.of(), "JO-5"), 10, 0).total()).isEqualTo(1);
    }

    /** Reconciliation (V10): a patient's open orders of one day, the job recorded, the order moved on only from where it was. */
    @Test
    void anOrderTakesItsJobAndFollowsIt() {
        JdbcOrders store = orders();
        Order a = store.upsert(order("JR-1", "CT", "2031-06-01T09:00:00+07:00", null)).order();
        Order b = store.upsert(order("JR-2", "CT", "2031-06-02T09:00:00+07:00", null)).order();
        Order c = store.upsert(order("JR-3", "CT", "2031-06-01T10:00:00+07:00", null)).order();
        store.cancel(c.id());
        Instant from = Instant.parse("2031-05-31T17:00:00Z");
        Instant to = Instant.parse("2031-06-01T17:00:00Z");
        assertThat(store.open("P1", from, to)).extracting(Order::id).containsExactly(a.id()); // not the other day's, not the cancelled
        assertThat(store.open("P2", from, to)).isEmpty();

        Order received = store.received(a.id(), "job-1").orElseThrow();
        assertThat(received.state()).isEqualTo(OrderState.IMAGES_RECEIVED);
        assertThat(received.jobId()).isEqualTo("job-1");
        assertThat(store.open("P1", from, to)).extracting(Order::id).containsExactly(a.id()); // still open: a resend finds it
        assertThat(store.received(a.id(), "job-2").orElseThrow().jobId()).isEqualTo("job-2");
        assertThat(store.received(c.id(), "job-3")).isEmpty(); // cancelled: not taken
        assertThat(store.following(Instant.EPOCH, 10)).extracting(Order::id).containsExactly(a.id());

        assertThat(store.advance(a.id(), "job-1", OrderState.IMAGES_RECEIVED, OrderState.SENT)).isFalse(); // an older job
        assertThat(store.advance(a.id(), "job-2", OrderState.IMAGES_RECEIVED, OrderState.SENT)).isTrue();
        assertThat(store.advance(a.id(), "job-2", OrderState.IMAGES_RECEIVED, OrderState.SENT)).isFalse(); // another replica was first
        assertThat(store.find(a.id()).orElseThrow().state()).isEqualTo(OrderState.SENT);
        assertThat(store.following(Instant.EPOCH, 10)).extracting(Order::id).containsExactly(a.id()); // SENT: for CONFIRMED
        assertThat(store.following(Instant.now().plusSeconds(3600), 10)).isEmpty();
        assertThat(store.advance(a.id(), "job-2", OrderState.SENT, OrderState.CONFIRMED)).isTrue();
        assertThat(store.following(Instant.EPOCH, 10)).isEmpty();
        assertThat(b.state()).isEqualTo(OrderState.SCHEDULED);

        // Its job cancelled by a person, the order is given back: SCHEDULED, without the job, and matched again.
        assertThat(store.received(b.id(), "job-4")).isPresent();
        assertThat(store.advance(b.id(), "job-4", OrderState.IMAGES_RECEIVED, OrderState.SCHEDULED)).isTrue();
        Order back = store.find(b.id()).orElseThrow();
        assertThat(back.state()).isEqualTo(OrderState.SCHEDULED);
        assertThat(back.jobId()).isNull();
        assertThat(store.following(Instant.EPOCH, 10)).isEmpty();
    }

    @Test
    void aDayWithAnyOrderIsADayTheOrdersAreInUse() {
        JdbcOrders store = orders();
        Instant from = Instant.parse("2031-07-01T17:00:00Z");
        Instant to = Instant.parse("2031-07-02T17:00:00Z");
        assertThat(store.anyScheduled(from, to)).isFalse();
        Order o = store.upsert(order("AD-1", "MR", "2031-07-02T09:00:00+07:00", null)).order();
        assertThat(store.anyScheduled(from, to)).isTrue();
        store.cancel(o.id());
        assertThat(store.anyScheduled(from, to)).as("in any state").isTrue();
        assertThat(store.anyScheduled(to, to.plusSeconds(86_400))).isFalse();
    }

    /** V11: what SATUSEHAT said of the ServiceRequest; a later answer wins, UNKNOWN never over an answer; not a change of the order. */
    @Test
    void theServiceRequestStatusIsRecordedAndAskedAgainWhileNotFound() {
        JdbcOrders store = orders();
        Instant now = Instant.now();
        Order o = store.upsert(order("JO-SR1", "CR", OffsetDateTime.now().plusHours(1).toString(), null)).order();
        Order other = store.upsert(order("JO-SR2", "CR", OffsetDateTime.now().plusHours(2).toString(), null)).order();
        assertThat(o.serviceRequest()).isEqualTo(ServiceRequestCheck.NOT_CHECKED);
        assertThat(store.serviceRequestDue(now.minusSeconds(86_400), now, 10)).extracting(Order::id).containsExactly(o.id(), other.id());

        Instant t = now.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        assertThat(store.serviceRequest(o.id(), ServiceRequestCheck.found("sr-9", t, "asked"))).isTrue();
        assertThat(store.serviceRequest(o.id(), ServiceRequestCheck.unknown(t.plusSeconds(1), "down"))).isFalse();
        assertThat(store.serviceRequest(o.id(), ServiceRequestCheck.notFound(t.minusSeconds(5), "older"))).as("older").isFalse();
        Order found = store.find(o.id()).orElseThrow();
        assertThat(found.serviceRequest()).isEqualTo(ServiceRequestCheck.found("sr-9", t, "asked"));
        assertThat(found.version()).as("not a change of the order").isEqualTo(o.version());
        assertThat(store.serviceRequestDue(now.minusSeconds(86_400), now.plusSeconds(60), 10)).as("FOUND is not asked again")
                .extracting(Order::id).containsExactly(other.id());

        assertThat(store.serviceRequest(o.id(), ServiceRequestCheck.notFound(t.plusSeconds(2), "newer"))).isTrue();
        assertThat(store.find(o.id()).orElseThrow().serviceRequest().status()).isEqualTo(ServiceRequestStatus.NOT_FOUND);
        assertThat(store.find(o.id()).orElseThrow().serviceRequest().id()).isNull();
        assertThat(store.serviceRequest(other.id(), ServiceRequestCheck.unknown(t, "down"))).as("UNKNOWN over UNKNOWN").isTrue();
        assertThat(store.serviceRequestDue(now.minusSeconds(86_400), t, 10)).as("asked just now").extracting(Order::id)
                .isEmpty();
    }
}
