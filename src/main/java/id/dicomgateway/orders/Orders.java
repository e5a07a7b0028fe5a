package id.dicomgateway.orders;

import com.fasterxml.jackson.databind.JsonNode;
import id.dicomgateway.store.JdbcJobStore;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Singleton;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The orders use case (issue 24): an order posted as the gateway's JSON or as a FHIR ServiceRequest is
 * checked whole, then stored once per Accession Number; lists, one order, cancel; the worklist's
 * candidates; retention. Every call returns a {@link Uni} whose database work runs on a worker, never on the
 * event loop. Patient names are stored and answered, never logged.
 */
@Singleton
public class Orders {
    private static final Logger LOG = Logger.getLogger(Orders.class);
    public static final String FHIR_JSON = "application/fhir+json";
    /** The job check where a study without an Accession Number records which order it was matched or assigned to, or why none. */
    public static final String RECONCILE_CHECK = "orders.reconcile";

    private final JdbcOrders store;
    private final OrdersConfig config;
    private final String organizationId;
    /** How to read a job's outcome; null until the receive side gives it ({@link #followJobs}). */
    private volatile Function<String, Optional<JobOutcome>> jobs;

    /** What SATUSEHAT is asked: the ServiceRequest of each order, the Patient a ServiceRequest names by reference. */
    private final OrderChecks checks;

    /** How an order posted without an Accession Number is numbered; null: it is required (GATEWAY_ORDERS_ACSN_PATTERN). */
    private final AccessionPattern numbering;

    /** On the job store's database and in its transactions, whichever database store.StoreProducer chose. */
    @jakarta.inject.Inject
    Orders(JdbcJobStore jobStore, OrdersConfig config,
            @ConfigProperty(name = "satusehat.org-id") java.util.Optional<String> organizationId, OrderLookups satusehat) {
        this.store = new JdbcOrders(jobStore);
        this.config = config;
        this.organizationId = organizationId.orElse("");
        this.checks = new OrderChecks(store, satusehat);
        this.numbering = config.acsnPattern().filter(p -> !p.isBlank()).map(AccessionPattern::of).orElse(null);
    }

    /** Without SATUSEHAT: nothing is asked, every ServiceRequest stays UNKNOWN. */
    Orders(JdbcJobStore jobStore, OrdersConfig config, java.util.Optional<String> organizationId) {
        this(jobStore, config, organizationId, OrderLookups.NONE);
    }

    /**
     * Posts one order: application/fhir+json, or any body with a resourceType, is a ServiceRequest; anything else the JSON
     * shape. SATUSEHAT is asked for its ServiceRequest after the answer ({@link OrderChecks}), never before it.
     */
    public Uni<Posted> post(String body, String contentType) {
        return blocking(() -> {
            JsonNode json = OrderInput.parse(body);
            // A ServiceRequest posted as plain application/json (as integrations written for the router's worklist may) is FHIR too.
            boolean fhir = isFhir(contentType) || json.has("resourceType");
            NewOrder order = fhir ? checks.read(json, organizationId) : OrderInput.fromJson(json, numbering != null);
            Posted posted = order.accessionNumber() == null ? store.create(order, numbering) : store.upsert(order);
            LOG.infof("Order %s %s: ACSN %s%s, %s on %s, station %s (%s)", posted.order().id(), posted.created() ? "created" : "updated",
                    posted.order().accessionNumber(), order.accessionNumber() == null ? " (numbered by the gateway)" : "",
                    order.modality(), posted.order().scheduledDate(),
                    order.stationAeTitle() == null ? "any" : order.stationAeTitle(), order.source());
            return posted;
        }).invoke(posted -> checks.askLater(posted.order()));
    }

    /** One order, blocking (for a caller already on a worker); empty when unknown. */
    Optional<Order> find(String id) {
        return store.find(id);
    }

    public Uni<Order> get(String id) {
        return blocking(() -> store.find(id).orElseThrow(() -> OrderException.notFound(id)));
    }

    /**
     * One page of orders by scheduled start. The filters as the query gives them: {@code day} YYYY-MM-DD or
     * "today", {@code state} one or several separated by commas; a bad one is an INVALID {@link OrderException}.
     * {@code limit} (at most {@link #MAX_LIMIT}) and {@code offset} are the resource's to read.
     */
    public Uni<OrderPage> list(String day, String modality, String station, String state, String acsn, int limit, int offset) {
        return blocking(() -> {
            OrderFilter filter = new OrderFilter(blank(day) ? null : day(day), blank(modality) ? null : OrderFields.modality("modality", modality),
                    blank(station) ? null : OrderFields.aeTitle("station", station), states(state),
                    blank(acsn) ? null : OrderFields.accessionNumber("acsn", acsn));
            return store.list(filter, limit, offset);
        });
    }

    /** The largest page of orders. */
    public static final int MAX_LIMIT = 1000;

    private static java.util.Set<OrderState> states(String value) {
        java.util.Set<OrderState> out = java.util.EnumSet.noneOf(OrderState.class);
        if (blank(value)) {
            return out;
        }
        for (String part : value.split(",", -1)) {
            try {
                out.add(OrderState.valueOf(part.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw OrderException.invalid("state", "one or more of " + java.util.Arrays.toString(OrderState.values())
                        + " separated by commas");
            }
        }
        return out;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    public Uni<Order> cancel(String id) {
        return blocking(() -> {
            Order o = store.cancel(id).orElseThrow(() -> OrderException.notFound(id));
            LOG.infof("Order %s cancelled (ACSN %s)", o.id(), o.accessionNumber());
            return o;
        });
    }

    /** Worklist candidates (see {@link JdbcOrders#candidates}); blocking, for a caller already on a worker. */
    public List<Order> candidates(String fromDay, String toDay, String modality) {
        return store.candidates(fromDay, toDay, modality, config.worklistMax());
    }

    // --- reconciliation (issue 24 item 3): blocking, for a caller already on a worker ---------------------

    /**
     * The open orders a received study without an Accession Number may belong to: same PatientID, one of its
     * modalities, scheduled on its StudyDate on the hospital's clock ({@code gateway.orders.zone}).
     */
    public OrderMatch match(String patientId, java.util.Set<String> modalities, LocalDate studyDate) {
        if (patientId == null || patientId.isBlank() || modalities.isEmpty() || studyDate == null) {
            return new OrderMatch(List.of());
        }
        ZoneId zone = zone();
        List<Order> open = store.open(patientId.strip(), studyDate.atStartOfDay(zone).toInstant(),
                studyDate.plusDays(1).atStartOfDay(zone).toInstant());
        return OrderMatch.decide(open, patientId, modalities, studyDate, zone);
    }

    /**
     * Whether a received study of {@code studyDate} (null: not known, today is asked) that no single open order matches
     * waits for a person to assign it ({@code gateway.orders.unmatched}); with {@code auto}, when any order is scheduled
     * that day: a gateway that holds no orders forwards such a study as it always did.
     */
    public boolean unmatchedWaits(LocalDate studyDate) {
        return switch (config.unmatched()) {
            case WAIT -> true;
            case FORWARD -> false;
            case AUTO -> {
                ZoneId zone = zone();
                LocalDate day = studyDate != null ? studyDate : LocalDate.now(zone);
                yield store.anyScheduled(day.atStartOfDay(zone).toInstant(), day.plusDays(1).atStartOfDay(zone).toInstant());
            }
        };
    }

    /**
     * Whether a study without an Accession Number can be stamped or held at all: {@code wait}, or any order stored. Lets a
     * send path skip asking the PACS about a study for a hospital that posts no orders.
     */
    public boolean inUse() {
        return config.unmatched() == OrdersConfig.Unmatched.WAIT
                || store.anyScheduled(java.time.Instant.EPOCH, java.time.Instant.parse("9999-12-31T00:00:00Z"));
    }

    /** The order's images went out in job {@code jobId}: IMAGES_RECEIVED with that job; empty when the order is no longer open. */
    public Optional<Order> received(String orderId, String jobId) {
        Optional<Order> o = store.received(orderId, jobId);
        o.ifPresent(order -> LOG.infof("Order %s: images received, ACSN %s, job %s", order.id(), order.accessionNumber(), jobId));
        return o;
    }

    /**
     * Follows the job of every order whose images are on their way, through {@code jobs} (a job's state as the
     * job store has it), on this use case's timer ({@code gateway.orders.follow-interval}). The store is the
     * truth: every replica looks, each move is a compare-and-set on the order's state and job, so it does not
     * matter which replica ran the job, whether one was down when it ended, or whether the job ended before
     * the order recorded it.
     */
    public void followJobs(Function<String, Optional<JobOutcome>> jobs) {
        this.jobs = jobs;
    }

    /** One pass of {@link #followJobs}; how many orders moved. */
    public int follow() {
        Function<String, Optional<JobOutcome>> lookup = jobs;
        if (lookup == null) {
            return 0;
        }
        int moved = 0;
        for (Order o : store.following(java.time.Instant.now().minus(java.time.Duration.ofDays(1)), FOLLOW_MAX)) {
            Optional<JobOutcome> outcome = lookup.apply(o.jobId());
            outcome.map(JobOutcome::serviceRequest).ifPresent(c -> checks.fromJob(o, c));
            Optional<OrderState> next = outcome.flatMap(out -> out.next(o.state()));
            if (next.isPresent() && store.advance(o.id(), o.jobId(), o.state(), next.get())) {
                moved++;
                LOG.infof("Order %s: %s -> %s (job %s, ACSN %s)", o.id(), o.state(), next.get(), o.jobId(), o.accessionNumber());
            }
        }
        return moved;
    }

    static final int FOLLOW_MAX = 500;

    private void followQuietly() {
        try {
            follow();
        } catch (RuntimeException e) {
            LOG.warnf("Orders: could not follow the orders' jobs: %s", e.getMessage());
        }
    }

    private ZoneId zone() {
        return config.zone().filter(z -> !z.isBlank()).map(ZoneId::of).orElse(ZoneId.systemDefault());
    }

    /** "today" on the hospital's clock, or a day YYYY-MM-DD. */
    public LocalDate day(String value) {
        if ("today".equals(value.strip().toLowerCase(Locale.ROOT))) {
            return LocalDate.now(zone());
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (java.time.format.DateTimeParseException e) {
            throw OrderException.invalid("day", "a day like 2026-12-05 (YYYY-MM-DD) or today");
        }
    }

    static boolean isFhir(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith(FHIR_JSON);
    }

    private static <T> Uni<T> blocking(Supplier<T> work) {
        return Uni.createFrom().item(work).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    // --- timers (quarkus-scheduler, issue 22 step 4): every replica runs them, which is harmless ----------

    /** Retention (gateway.orders.retention), once an hour by default. */
    @Scheduled(every = "${gateway.orders.retention-interval:1h}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, identity = "orders-retention")
    void retentionPass() {
        purge();
    }

    /** The orders whose images are on their way look at their job in the store (gateway.orders.follow-interval). */
    @Scheduled(every = "${gateway.orders.follow-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            identity = "orders-follow")
    void followPass() {
        followQuietly();
    }

    /** Orders whose ServiceRequest SATUSEHAT did not have (or could not be asked for) ask again (gateway.orders.service-request-interval). */
    @Scheduled(every = "${gateway.orders.service-request-interval:5m}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, identity = "orders-service-request")
    void serviceRequestPass() {
        checks.askDue(config.serviceRequestInterval());
    }

    /** Deletes orders scheduled more than the retention ago; how many. */
    public int purge() {
        try {
            int n = store.purge(java.time.Instant.now().minus(config.retention()));
            if (n > 0) {
                LOG.infof("Orders: retention deleted %d order(s) scheduled more than %s ago", n, config.retention());
            }
            return n;
        } catch (OrderException e) {
            LOG.warnf("Orders: retention could not run: %s", e.getMessage());
            return 0;
        }
    }
}
