package id.dicomgateway.worklist;

import static org.assertj.core.api.Assertions.assertThat;

import id.dicomgateway.dimse.find.Identifier;
import id.dicomgateway.orders.JdbcOrdersAccess;
import id.dicomgateway.orders.NewOrder;
import id.dicomgateway.orders.Order;
import id.dicomgateway.store.Dialect;
import id.dicomgateway.store.JdbcJobStore;
import id.dicomgateway.store.RetryPolicy;
import id.dicomgateway.testing.FullJit;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * On demand ({@code -Dworklist.bench=true -Dtest=WorklistBench}): issue 24's worklist number, the store and matching
 * part of one C-FIND. 10,000 orders in an embedded H2 file as the gateway keeps them (50 days, 5 modalities: 40 per
 * day and modality, and one day and modality with 200), then the console's query for that day and modality, 50
 * times: prints the median and the worst. The DIMSE round trip adds the encoding and one write per match.
 */
@EnabledIfSystemProperty(named = "worklist.bench", matches = "true")
@ExtendWith(FullJit.class)
class WorklistBench {
    private static final String[] MODALITIES = {"CR", "DX", "CT", "MR", "US"};

    @Test
    void oneModalityOneDayOutOfTenThousand() throws Exception {
        Path dir = Files.createTempDirectory("worklist-bench");
        // pooled, as the application's datasource is (Agroal): opening the H2 file per call would be measured otherwise
        JdbcConnectionPool h2 = JdbcConnectionPool.create("jdbc:h2:file:" + dir.resolve("jobs") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0", "", "");
        Flyway.configure().dataSource(h2).locations("classpath:db/migration/common").load().migrate();
        JdbcJobStore db = new JdbcJobStore(h2, Dialect.H2, RetryPolicy.defaults(), Duration.ofSeconds(30), Clock.systemUTC(),
                Duration.ofSeconds(5)).start();
        JdbcOrdersAccess store = new JdbcOrdersAccess(db);
        long t0 = System.nanoTime();
        int n = 0;
        for (int day = 0; day < 50; day++) {
            for (String m : MODALITIES) {
                int count = day == 7 && m.equals("CR") ? 200 : 40;
                for (int i = 0; i < count && n < 10_000; i++, n++) {
                    OffsetDateTime start = OffsetDateTime.parse("2033-01-01T07:00:00+07:00").plusDays(day).plusMinutes(i * 3L);
                    store.upsert(new NewOrder("B" + n, "P" + n, "Pasien^Nomor " + n, LocalDate.of(1980, 1, 1), "F", m, start,
                            m + "ROOM1", "PROCEDURE", null, null, null, "json"));
                }
            }
        }
        System.out.printf("worklist bench: %d orders stored in %d ms%n", n, (System.nanoTime() - t0) / 1_000_000);
        Identifier step = new Identifier().putString(0x00080060, "CS", "CR", StandardCharsets.US_ASCII)
                .putString(0x00400002, "DA", "20330108", StandardCharsets.US_ASCII)
                .putString(0x00400001, "AE", "", StandardCharsets.US_ASCII).putString(0x00400003, "TM", "", StandardCharsets.US_ASCII);
        Identifier query = new Identifier().putString(0x00100010, "PN", "", StandardCharsets.US_ASCII)
                .putString(0x00100020, "LO", "", StandardCharsets.US_ASCII).putString(0x00080050, "SH", "", StandardCharsets.US_ASCII)
                .putString(0x0020000D, "UI", "", StandardCharsets.US_ASCII).putString(0x00401001, "SH", "", StandardCharsets.US_ASCII)
                .putSequence(0x00400100, List.of(step));
        long[] ms = new long[50];
        int matched = 0;
        for (int run = 0; run < ms.length; run++) {
            long s = System.nanoTime();
            WorklistMatcher.Narrowing narrow = WorklistMatcher.narrowing(query);
            List<byte[]> answers = new ArrayList<>();
            for (Order o : store.candidates(narrow.fromDay(), narrow.toDay(), narrow.modality())) {
                Optional<Identifier> a = WorklistMatcher.match(query, o);
                a.ifPresent(id -> answers.add(id.encode(true)));
            }
            ms[run] = (System.nanoTime() - s) / 1_000;
            matched = answers.size();
        }
        Arrays.sort(ms);
        System.out.printf("worklist bench: one day and modality of 10,000 orders: %d matches, median %.1f ms, worst %.1f ms%n",
                matched, ms[ms.length / 2] / 1000.0, ms[ms.length - 1] / 1000.0);
        assertThat(matched).isEqualTo(200);
        db.close();
        h2.dispose();
    }
}
