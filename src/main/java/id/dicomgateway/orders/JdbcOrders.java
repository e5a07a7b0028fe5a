package id.dicomgateway.orders;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

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
    private static final DateTimeFormatter DA = DateTimeFormatter.ofPattern("uuuuMMdd");
    private static final DateTimeFormatter TM = DateTimeFormatter.ofPattern("HHmmss");

    private final DataSource dataSource;
    private final Clock clock;

    public JdbcOrders(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** Creates the order of this Accession Number, or updates the one there is. */
    public Posted upsert(NewOrder o) {
        for (int attempt = 0; ; attempt++) {
            try {
                return tx("store an order", c -> upsert(c, o));
            } catch (OrderException e) {
                if (attempt == 0 && e.getCause() instanceof SQLException s && "23505".equals(s.getSQLState())) {
                    continue; // another replica inserted the same number just now: update its row
                }
                throw e;
            }
        }
    }

    private Posted upsert(Connection c, NewOrder o) throws SQLException {
        Instant now = now();
        List<Order> existing = query(c, "SELECT " + COLUMNS + " FROM gateway_order WHERE accession_number = ? FOR UPDATE",
                o.accessionNumber());
        String date = o.scheduledStart().format(DA);
        String time = o.scheduledStart().format(TM);
        Instant at = o.scheduledStart().toInstant();
        if (existing.isEmpty()) {
            String id = UUID.randomUUID().toString();
            String uid = o.studyInstanceUid() != null ? o.studyInstanceUid() : OrderFields.newUid();
            update(c, "INSERT INTO gateway_order (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    id, o.accessionNumber(), o.patientId(), o.patientName(), da(o.patientBirthDate()), o.patientSex(), o.modality(),
                    at, date, time, o.stationAeTitle(), o.procedureDescription(), o.requestedProcedureId(), o.serviceRequestId(),
                    uid, OrderState.SCHEDULED.name(), o.source(), null, now, now, 1L);
            return new Posted(find(c, id).orElseThrow(), true);
        }
        Order old = existing.get(0);
        String uid = o.studyInstanceUid() != null ? o.studyInstanceUid() : old.studyInstanceUid();
        OrderState state = old.state().reschedulable() ? OrderState.SCHEDULED : old.state();
        update(c, "UPDATE gateway_order SET patient_id = ?, patient_name = ?, patient_birth_date = ?, patient_sex = ?, modality = ?, "
                + "scheduled_at = ?, scheduled_date = ?, scheduled_time = ?, station_ae_title = ?, procedure_description = ?, "
                + "requested_procedure_id = ?, service_request_id = ?, study_instance_uid = ?, state = ?, source = ?, updated_at = ?, "
                + "version = version + 1 WHERE id = ?",
                o.patientId(), o.patientName(), da(o.patientBirthDate()), o.patientSex(), o.modality(), at, date, time,
                o.stationAeTitle(), o.procedureDescription(), o.requestedProcedureId(), o.serviceRequestId(), uid, state.name(),
                o.source(), now, old.id());
        return new Posted(find(c, old.id()).orElseThrow(), false);
    }

    public Optional<Order> find(String id) {
        return tx("read an order", c -> find(c, id));
    }

    private Optional<Order> find(Connection c, String id) throws SQLException {
        return query(c, "SELECT " + COLUMNS + " FROM gateway_order WHERE id = ?", id).stream().findFirst();
    }

    /** Moves the order to CANCELLED (again: no change); empty when there is no such order. */
    public Optional<Order> cancel(String id) {
        return tx("cancel an order", c -> {
            update(c, "UPDATE gateway_order SET state = ?, updated_at = ?, version = version + 1 WHERE id = ? AND state <> ?",
                    OrderState.CANCELLED.name(), now(), id, OrderState.CANCELLED.name());
            return find(c, id);
        });
    }

    /** One page by scheduled start (then Accession Number), and how many the filter selects in all. */
    public OrderPage list(OrderFilter f, int limit, int offset) {
        List<Object> args = new ArrayList<>();
        String where = where(f, args);
        return tx("list orders", c -> {
            long total = scalar(c, "SELECT COUNT(*) FROM gateway_order" + where, args.toArray());
            List<Object> paged = new ArrayList<>(args);
            paged.add(limit);
            paged.add(offset);
            List<Order> orders = query(c, "SELECT " + COLUMNS + " FROM gateway_order" + where
                    + " ORDER BY scheduled_at, accession_number LIMIT ? OFFSET ?", paged.toArray());
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
        return tx("read the worklist", c -> query(c, "SELECT " + COLUMNS + " FROM gateway_order" + where
                + " ORDER BY scheduled_at, accession_number LIMIT ?", args.toArray()));
    }

    /** The open orders ({@link OrderMatch#OPEN}) of one PatientID scheduled from {@code from} (inclusive) to {@code to}. */
    public List<Order> open(String patientId, Instant from, Instant to) {
        List<Object> args = new ArrayList<>();
        args.add(patientId);
        OrderMatch.OPEN.stream().map(Enum::name).sorted().forEach(args::add);
        args.add(from);
        args.add(to);
        return tx("read a patient's open orders", c -> query(c, "SELECT " + COLUMNS + " FROM gateway_order WHERE patient_id = ? AND state IN ("
                + String.join(", ", java.util.Collections.nCopies(OrderMatch.OPEN.size(), "?")) + ") AND scheduled_at >= ? AND scheduled_at < ?"
                + " ORDER BY scheduled_at, accession_number", args.toArray()));
    }

    /**
     * The order's images are on their way in job {@code jobId}: IMAGES_RECEIVED with that job, if the order is
     * still open (a study sent again records its newer job). Empty when it is not (cancelled meanwhile, gone).
     */
    public Optional<Order> received(String id, String jobId) {
        return tx("record an order's job", c -> {
            int n = update(c, "UPDATE gateway_order SET state = ?, job_id = ?, updated_at = ?, version = version + 1 WHERE id = ? AND state IN (?, ?)",
                    OrderState.IMAGES_RECEIVED.name(), jobId, now(), id, OrderState.SCHEDULED.name(), OrderState.IMAGES_RECEIVED.name());
            return n == 0 ? Optional.<Order>empty() : find(c, id);
        });
    }

    /**
     * Orders whose job is still to be followed: IMAGES_RECEIVED, and SENT ones changed after {@code sentSince} (for CONFIRMED);
     * the most recently changed first, so orders whose job never ends (a person cancelled it) do not crowd out new ones.
     */
    public List<Order> following(Instant sentSince, int max) {
        return tx("read the orders that follow a job", c -> query(c, "SELECT " + COLUMNS + " FROM gateway_order WHERE job_id IS NOT NULL"
                + " AND (state = ? OR (state = ? AND updated_at >= ?)) ORDER BY updated_at DESC LIMIT ?",
                OrderState.IMAGES_RECEIVED.name(), OrderState.SENT.name(), sentSince, max));
    }

    /**
     * Moves the order from {@code from} to {@code to} if it still is in {@code from} with job {@code jobId}: every replica
     * may try, one changes it; an order given a newer job meanwhile is left alone. Whether it changed.
     */
    public boolean advance(String id, String jobId, OrderState from, OrderState to) {
        return tx("move an order on", c -> update(c, "UPDATE gateway_order SET state = ?, updated_at = ?, version = version + 1"
                + " WHERE id = ? AND job_id = ? AND state = ?", to.name(), now(), id, jobId, from.name()) == 1);
    }

    /** Deletes orders scheduled before {@code before}, whatever their state; how many. */
    public int purge(Instant before) {
        return tx("apply the orders' retention", c -> update(c, "DELETE FROM gateway_order WHERE scheduled_at < ?", before));
    }

    private static String where(OrderFilter f, List<Object> args) {
        StringBuilder w = new StringBuilder(" WHERE 1 = 1");
        if (f.day() != null) {
            w.append(" AND scheduled_date = ?");
            args.add(f.day().format(DA));
        }
        if (f.modality() != null) {
            w.append(" AND modality = ?");
            args.add(f.modality());
        }
        if (f.stationAeTitle() != null) {
            w.append(" AND station_ae_title = ?");
            args.add(f.stationAeTitle());
        }
        if (!f.states().isEmpty()) {
            w.append(" AND state IN (").append(String.join(", ", java.util.Collections.nCopies(f.states().size(), "?"))).append(')');
            f.states().stream().map(Enum::name).sorted().forEach(args::add);
        }
        if (f.accessionNumber() != null) {
            w.append(" AND accession_number = ?");
            args.add(f.accessionNumber());
        }
        return w.toString();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static String da(LocalDate d) {
        return d == null ? null : d.format(DA);
    }

    private static Order row(ResultSet rs) throws SQLException {
        String birth = rs.getString("patient_birth_date");
        String date = rs.getString("scheduled_date");
        String time = rs.getString("scheduled_time");
        Instant at = instant(rs, "scheduled_at");
        // The start on the clock it was posted with, from the instant and the local day and time kept beside it.
        java.time.LocalDateTime local = java.time.LocalDateTime.of(LocalDate.parse(date, DA), java.time.LocalTime.parse(time, TM));
        long offsetSeconds = java.time.Duration.between(at, local.toInstant(ZoneOffset.UTC)).getSeconds();
        OffsetDateTime start = local.atOffset(ZoneOffset.ofTotalSeconds((int) offsetSeconds));
        return new Order(rs.getString("id"), rs.getString("accession_number"), rs.getString("patient_id"), rs.getString("patient_name"),
                birth == null ? null : LocalDate.parse(birth, DA), rs.getString("patient_sex"), rs.getString("modality"), start, date, time,
                rs.getString("station_ae_title"), rs.getString("procedure_description"), rs.getString("requested_procedure_id"),
                rs.getString("service_request_id"), rs.getString("study_instance_uid"), OrderState.valueOf(rs.getString("state")),
                rs.getString("source"), rs.getString("job_id"), instant(rs, "created_at"), instant(rs, "updated_at"), rs.getLong("version"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    // --- transactions -------------------------------------------------------------------------

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T tx(String what, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // a broken connection: the pool drops it
                }
                throw e;
            }
        } catch (SQLException e) {
            throw OrderException.store(connectionFailure(e), "The order store could not " + what + ": " + e.getMessage(), e);
        }
    }

    /** SQLSTATE class 08 (connection exception) and PostgreSQL's 57P0x (the server shutting down). */
    private static boolean connectionFailure(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException s && s.getSQLState() != null
                    && (s.getSQLState().startsWith("08") || s.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }

    private static List<Order> query(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                List<Order> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(row(rs));
                }
                return out;
            }
        }
    }

    private static long scalar(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        }
    }

    private static void bind(PreparedStatement ps, Object[] args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a == null) {
                ps.setNull(i + 1, Types.NULL);
            } else if (a instanceof Instant t) {
                ps.setObject(i + 1, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
            } else {
                ps.setObject(i + 1, a);
            }
        }
    }
}
