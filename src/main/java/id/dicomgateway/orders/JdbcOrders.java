package id.dicomgateway.orders;

import id.dicomgateway.job.StoreException;
import id.dicomgateway.store.JdbcJobStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Orders on the job store's database ({@code V9__orders.sql}), the same SQL on PostgreSQL and H2, so every
 * replica reads and answers the same worklist. One order per Accession Number: {@link #upsert} locks the row
 * of that number, or inserts it; two replicas inserting the same number at once meet at the unique index, and
 * the loser runs again as an update.
 */
public final class JdbcOrders {
    private static final String COLUMNS = "id, accession_number, patient_id, patient_name, patient_birth_date, patient_sex, "
            + "modality, scheduled_at, scheduled_date, scheduled_time, station_ae_title, procedure_description, "
            + "requested_procedure_id, service_request_id, study_instance_uid, state, source, job_id, created_at, updated_at, version";
    /** What is read: the columns written on posting, and what SATUSEHAT last said of the ServiceRequest (V11). */
    private static final String READ = COLUMNS + ", service_request_status, service_request_found_id, service_request_checked_at, "
            + "service_request_note";
    private static final DateTimeFormatter DA = DateTimeFormatter.ofPattern("uuuuMMdd");
    private static final DateTimeFormatter TM = DateTimeFormatter.ofPattern("HHmmss");

    private final JdbcJobStore db;

    public JdbcOrders(JdbcJobStore db) {
        this.db = db;
    }

    /** Creates the order of this Accession Number, or updates the one there is. */
    public Posted upsert(NewOrder o) {
        for (int attempt = 0; ; attempt++) {
            try {
                return tx("store an order", tx -> upsert(tx, o));
            } catch (OrderException e) {
                if (attempt == 0 && duplicateKey(e)) {
                    continue; // another replica inserted the same number just now: update its row
                }
                throw e;
            }
        }
    }

    private Posted upsert(JdbcJobStore.Tx tx, NewOrder o) throws SQLException {
        Instant now = db.now();
        List<Order> existing = tx.query("SELECT " + READ + " FROM gateway_order WHERE accession_number = ? FOR UPDATE", JdbcOrders::row,
                o.accessionNumber());
        String date = o.scheduledStart().format(DA);
        String time = o.scheduledStart().format(TM);
        Instant at = o.scheduledStart().toInstant();
        if (existing.isEmpty()) {
            return insert(tx, o, now);
        }
        Order old = existing.get(0);
        String uid = o.studyInstanceUid() != null ? o.studyInstanceUid() : old.studyInstanceUid();
        OrderState state = old.state().reschedulable() ? OrderState.SCHEDULED : old.state();
        tx.update("UPDATE gateway_order SET patient_id = ?, patient_name = ?, patient_birth_date = ?, patient_sex = ?, modality = ?, "
                + "scheduled_at = ?, scheduled_date = ?, scheduled_time = ?, station_ae_title = ?, procedure_description = ?, "
                + "requested_procedure_id = ?, service_request_id = ?, study_instance_uid = ?, state = ?, source = ?, updated_at = ?, "
                + "version = version + 1 WHERE id = ?",
                o.patientId(), o.patientName(), da(o.patientBirthDate()), o.patientSex(), o.modality(), at, date, time,
                o.stationAeTitle(), o.procedureDescription(), o.requestedProcedureId(), o.serviceRequestId(), uid, state.name(),
                o.source(), now, old.id());
        return new Posted(find(tx, old.id()).orElseThrow(), false);
    }

    private Posted insert(JdbcJobStore.Tx tx, NewOrder o, Instant now) throws SQLException {
        String id = UUID.randomUUID().toString();
        String uid = o.studyInstanceUid() != null ? o.studyInstanceUid() : OrderFields.newUid();
        tx.update("INSERT INTO gateway_order (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                id, o.accessionNumber(), o.patientId(), o.patientName(), da(o.patientBirthDate()), o.patientSex(), o.modality(),
                o.scheduledStart().toInstant(), o.scheduledStart().format(DA), o.scheduledStart().format(TM), o.stationAeTitle(),
                o.procedureDescription(), o.requestedProcedureId(), o.serviceRequestId(), uid, OrderState.SCHEDULED.name(), o.source(),
                null, now, now, 1L);
        return new Posted(find(tx, id).orElseThrow(), true);
    }

    /**
     * Stores a new order posted without an Accession Number under the next number {@code pattern} gives its modality and
     * scheduled day (as posted): one more than the highest of that prefix stored. Never an update: when another replica
     * took the same number meanwhile (the unique index says so), the next one is taken.
     */
    public Posted create(NewOrder o, AccessionPattern pattern) {
        String prefix = pattern.prefix(o.modality(), o.scheduledStart().toLocalDate());
        for (int attempt = 0; ; attempt++) {
            try {
                return tx("number and store an order", tx -> {
                    long last = 0;
                    for (String acsn : tx.query("SELECT accession_number FROM gateway_order WHERE accession_number LIKE ?",
                            rs -> rs.getString(1), prefix + "%")) {
                        last = Math.max(last, pattern.number(prefix, acsn));
                    }
                    return insert(tx, o.withAccessionNumber(pattern.format(prefix, last + 1)), db.now());
                });
            } catch (OrderException e) {
                if (attempt < 20 && duplicateKey(e)) {
                    continue; // another replica stored the same number just now: the next one
                }
                throw e;
            }
        }
    }

    public Optional<Order> find(String id) {
        return tx("read an order", tx -> find(tx, id));
    }

    private Optional<Order> find(JdbcJobStore.Tx tx, String id) throws SQLException {
        return tx.query("SELECT " + READ + " FROM gateway_order WHERE id = ?", JdbcOrders::row, id).stream().findFirst();
    }

    /** Moves the order to CANCELLED (again: no change); empty when there is no such order. */
    public Optional<Order> cancel(String id) {
        return tx("cancel an order", tx -> {
            tx.update("UPDATE gateway_order SET state = ?, updated_at = ?, version = version + 1 WHERE id = ? AND state <> ?",
                    OrderState.CANCELLED.name(), db.now(), id, OrderState.CANCELLED.name());
            return find(tx, id);
        });
    }

    /** One page by scheduled start (then Accession Number), and how many the filter selects in all. */
    public OrderPage list(OrderFilter f, int limit, int offset) {
        List<Object> args = new ArrayList<>();
        String where = where(f, args);
        return tx("list orders", tx -> {
            long total = tx.query("SELECT COUNT(*) FROM gateway_order" + where, rs -> rs.getLong(1), args.toArray()).get(0);
            List<Object> paged = new ArrayList<>(args);
            paged.add(limit);
            paged.add(offset);
            List<Order> orders = tx.query("SELECT " + READ + " FROM gateway_order" + where
                    + " ORDER BY scheduled_at, accession_number LIMIT ? OFFSET ?", JdbcOrders::row, paged.toArray());
            return new OrderPage(orders, limit, offset, total);
        });
    }

    /**
     * The orders a worklist query may match, narrowed by what SQL can test exactly (the states offered, a single
     * day or a day range, a modality without wildcards); the query's own matching does the rest.
     *
     * @param fromDay inclusive, null for open; {@code toDay} likewise
     */
    public List<Order> candidates(String fromDay, String toDay, String modality, int max) {
        List<Object> args = new ArrayList<>();
        StringBuilder where = new StringBuilder(" WHERE state IN (");
        List<String> states = OrderState.OFFERED.stream().map(Enum::name).sorted().toList();
        where.append(String.join(", ", java.util.Collections.nCopies(states.size(), "?"))).append(')');
        args.addAll(states);
        if (fromDay != null) {
            where.append(" AND scheduled_date >= ?");
            args.add(fromDay);
        }
        if (toDay != null) {
            where.append(" AND scheduled_date <= ?");
            args.add(toDay);
        }
        if (modality != null) {
            where.append(" AND modality = ?");
            args.add(modality);
        }
        args.add(max);
        return tx("read the worklist", tx -> tx.query("SELECT " + READ + " FROM gateway_order" + where
                + " ORDER BY scheduled_at, accession_number LIMIT ?", JdbcOrders::row, args.toArray()));
    }

    /** The open orders ({@link OrderMatch#OPEN}) of one PatientID scheduled from {@code from} (inclusive) to {@code to}. */
    public List<Order> open(String patientId, Instant from, Instant to) {
        List<Object> args = new ArrayList<>();
        args.add(patientId);
        OrderMatch.OPEN.stream().map(Enum::name).sorted().forEach(args::add);
        args.add(from);
        args.add(to);
        return tx("read a patient's open orders", tx -> tx.query("SELECT " + READ + " FROM gateway_order WHERE patient_id = ? AND state IN ("
                + String.join(", ", java.util.Collections.nCopies(OrderMatch.OPEN.size(), "?")) + ") AND scheduled_at >= ? AND scheduled_at < ?"
                + " ORDER BY scheduled_at, accession_number", JdbcOrders::row, args.toArray()));
    }

    /** Whether any order, in any state, is scheduled from {@code from} (inclusive) to {@code to}. */
    public boolean anyScheduled(Instant from, Instant to) {
        return tx("look for a day's orders", tx -> !tx.query("SELECT id FROM gateway_order WHERE scheduled_at >= ? AND scheduled_at < ?"
                + " LIMIT 1", rs -> rs.getString(1), from, to).isEmpty());
    }

    /**
     * The order's images are on their way in job {@code jobId}: IMAGES_RECEIVED with that job, if the order is
     * still open (a study sent again records its newer job). Empty when it is not (cancelled meanwhile, gone).
     */
    public Optional<Order> received(String id, String jobId) {
        return tx("record an order's job", tx -> {
            int n = tx.update("UPDATE gateway_order SET state = ?, job_id = ?, updated_at = ?, version = version + 1 WHERE id = ? AND state IN (?, ?)",
                    OrderState.IMAGES_RECEIVED.name(), jobId, db.now(), id, OrderState.SCHEDULED.name(), OrderState.IMAGES_RECEIVED.name());
            return n == 0 ? Optional.<Order>empty() : find(tx, id);
        });
    }

    /**
     * Orders whose job is still to be followed: IMAGES_RECEIVED, and SENT ones changed after {@code sentSince} (for CONFIRMED);
     * the most recently changed first, so orders whose job never ends (a person cancelled it) do not crowd out new ones.
     */
    public List<Order> following(Instant sentSince, int max) {
        return tx("read the orders that follow a job", tx -> tx.query("SELECT " + READ + " FROM gateway_order WHERE job_id IS NOT NULL"
                + " AND (state = ? OR (state = ? AND updated_at >= ?)) ORDER BY updated_at DESC LIMIT ?", JdbcOrders::row,
                OrderState.IMAGES_RECEIVED.name(), OrderState.SENT.name(), sentSince, max));
    }

    /**
     * Moves the order from {@code from} to {@code to} if it still is in {@code from} with job {@code jobId}: every replica
     * may try, one changes it; an order given a newer job meanwhile is left alone. Whether it changed.
     */
    public boolean advance(String id, String jobId, OrderState from, OrderState to) {
        // Back to SCHEDULED (its job was cancelled) the order no longer records the job: it waits for images again.
        String job = to == OrderState.SCHEDULED ? ", job_id = NULL" : "";
        return tx("move an order on", tx -> tx.update("UPDATE gateway_order SET state = ?" + job + ", updated_at = ?, version = version + 1"
                + " WHERE id = ? AND job_id = ? AND state = ?", to.name(), db.now(), id, jobId, from.name()) == 1);
    }

    /**
     * Records what SATUSEHAT said of the order's ServiceRequest, unless a later answer is already there (the check after
     * posting and the check before sending may end in either order), and never UNKNOWN over an answer SATUSEHAT gave
     * (that it could not be asked once does not undo what it said). Not a change of the order: its version and
     * updated_at stay. Whether it was recorded.
     */
    public boolean serviceRequest(String id, ServiceRequestCheck c) {
        List<Object> args = new ArrayList<>(List.of(c.status().name()));
        args.add(c.id());
        args.add(c.checkedAt());
        args.add(c.note());
        args.add(id);
        args.add(c.checkedAt());
        String unknownOnlyOverUnknown = "";
        if (c.status() == ServiceRequestStatus.UNKNOWN) {
            unknownOnlyOverUnknown = " AND service_request_status = ?";
            args.add(ServiceRequestStatus.UNKNOWN.name());
        }
        String where = unknownOnlyOverUnknown;
        return tx("record an order's ServiceRequest", tx -> tx.update("UPDATE gateway_order SET service_request_status = ?, "
                + "service_request_found_id = ?, service_request_checked_at = ?, service_request_note = ? WHERE id = ? AND "
                + "(service_request_checked_at IS NULL OR service_request_checked_at <= ?)" + where, args.toArray()) == 1);
    }

    /**
     * Scheduled orders whose ServiceRequest was not found (or not asked) and not asked since {@code askedBefore}, scheduled
     * from {@code from} on: the never asked first, then the longest ago.
     */
    public List<Order> serviceRequestDue(Instant from, Instant askedBefore, int max) {
        return tx("read the orders whose ServiceRequest is to be asked for", tx -> tx.query("SELECT " + READ + " FROM gateway_order"
                + " WHERE state = ? AND service_request_status <> ? AND scheduled_at >= ? AND (service_request_checked_at IS NULL"
                + " OR service_request_checked_at < ?) ORDER BY service_request_checked_at NULLS FIRST, scheduled_at LIMIT ?",
                JdbcOrders::row, OrderState.SCHEDULED.name(), ServiceRequestStatus.FOUND.name(), from, askedBefore, max));
    }

    /** Deletes orders scheduled before {@code before}, whatever their state; how many. */
    public int purge(Instant before) {
        return tx("apply the orders' retention", tx -> tx.update("DELETE FROM gateway_order WHERE scheduled_at < ?", before));
    }

    private static String where(OrderFilter f, List<Object> args) {
        StringBuilder w = new StringBuilder(" WHERE 1 = 1");
        equal(w, args, "scheduled_date", da(f.day()));
        equal(w, args, "modality", f.modality());
        equal(w, args, "station_ae_title", f.stationAeTitle());
        if (!f.states().isEmpty()) {
            w.append(" AND state IN (").append(String.join(", ", java.util.Collections.nCopies(f.states().size(), "?"))).append(')');
            f.states().stream().map(Enum::name).sorted().forEach(args::add);
        }
        equal(w, args, "accession_number", f.accessionNumber());
        return w.toString();
    }

    /** The filter's condition on one column, when the filter names a value for it. */
    private static void equal(StringBuilder w, List<Object> args, String column, Object value) {
        if (value != null) {
            w.append(" AND ").append(column).append(" = ?");
            args.add(value);
        }
    }

    private static String da(LocalDate d) {
        return d == null ? null : d.format(DA);
    }

    private static Order row(ResultSet rs) throws SQLException {
        String birth = rs.getString("patient_birth_date");
        String date = rs.getString("scheduled_date");
        String time = rs.getString("scheduled_time");
        Instant at = JdbcJobStore.instant(rs, "scheduled_at");
        // The start on the clock it was posted with, from the instant and the local day and time kept beside it.
        java.time.LocalDateTime local = java.time.LocalDateTime.of(LocalDate.parse(date, DA), java.time.LocalTime.parse(time, TM));
        long offsetSeconds = java.time.Duration.between(at, local.toInstant(ZoneOffset.UTC)).getSeconds();
        OffsetDateTime start = local.atOffset(ZoneOffset.ofTotalSeconds((int) offsetSeconds));
        return new Order(rs.getString("id"), rs.getString("accession_number"), rs.getString("patient_id"), rs.getString("patient_name"),
                birth == null ? null : LocalDate.parse(birth, DA), rs.getString("patient_sex"), rs.getString("modality"), start, date, time,
                rs.getString("station_ae_title"), rs.getString("procedure_description"), rs.getString("requested_procedure_id"),
                rs.getString("service_request_id"), rs.getString("study_instance_uid"), OrderState.valueOf(rs.getString("state")),
                rs.getString("source"), rs.getString("job_id"), JdbcJobStore.instant(rs, "created_at"), JdbcJobStore.instant(rs, "updated_at"), rs.getLong("version"),
                new ServiceRequestCheck(ServiceRequestStatus.valueOf(rs.getString("service_request_status")),
                        rs.getString("service_request_found_id"), JdbcJobStore.instant(rs, "service_request_checked_at"),
                        rs.getString("service_request_note")));
    }

    // --- transactions: the job store's (its reconnect window, one pool, the same binding) -------------------

    /** Runs {@code work} in one of the job store's transactions; its failure becomes the orders' own. */
    private <T> T tx(String what, JdbcJobStore.Work<T> work) {
        try {
            return db.tx(what, work);
        } catch (StoreException e) {
            throw OrderException.store(e.reason() == StoreException.Reason.UNAVAILABLE, e.getMessage(), e);
        }
    }

    /** Another replica inserted the same Accession Number at the same moment (SQLSTATE 23505, unique violation). */
    private static boolean duplicateKey(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && "23505".equals(s.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
