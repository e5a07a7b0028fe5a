package id.dicomgateway.api.orders;

import static org.assertj.core.api.Assertions.assertThat;

import id.dicomgateway.orders.Orders;
import id.dicomgateway.testing.FullJit;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * On demand ({@code -Dorders.bench=true -Dtest=OrdersPostBench}, bench/ORDERS.md): POST /api/orders over HTTP at a fixed
 * 20 requests/s (open loop: each request is due at its own time, and its latency counts from then, so a slow answer
 * does not hide the ones queued behind it), with 10,000 orders already stored in the embedded store. One in five
 * posts the Accession Number of an earlier one again (an update). Prints the percentiles; asserts only that every
 * answer was 201 or 200.
 */
@QuarkusTest
@EnabledIfSystemProperty(named = "orders.bench", matches = "true")
@ExtendWith(FullJit.class)
class OrdersPostBench {
    static final int STORED = 10_000;
    static final int RATE = 20;
    static final int WARM_UP = 200;
    static final int MEASURED = Integer.getInteger("orders.bench.requests", 1200);

    @TestHTTPResource("/api/orders")
    URI endpoint;

    @Inject
    Orders orders;

    @Test
    void postAtTwentyPerSecond() throws Exception {
        long t0 = System.nanoTime();
        LocalDate first = LocalDate.now().plusDays(400);
        for (int i = 0; i < STORED; i++) {
            orders.post(body("BS" + i, first.plusDays(i % 50), i), "application/json").await().atMost(Duration.ofSeconds(30));
        }
        System.out.printf("OrdersPostBench: %d orders stored in %d ms%n", STORED, (System.nanoTime() - t0) / 1_000_000);

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        run(http, WARM_UP, "BW", first);
        List<Long> micros = run(http, MEASURED, "BM", first);
        Collections.sort(micros);
        System.out.printf("OrdersPostBench: %d requests at %d/s: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n", micros.size(),
                RATE, pct(micros, 50), pct(micros, 90), pct(micros, 99), micros.get(micros.size() - 1) / 1000.0);
    }

    /** {@code n} requests, one every 1/RATE s; each one's latency in microseconds from the time it was due. */
    private List<Long> run(HttpClient http, int n, String prefix, LocalDate first) throws Exception {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        List<Long> out = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<?>> pending = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger bad = new AtomicInteger();
        long start = System.nanoTime() + 100_000_000L;
        long period = 1_000_000_000L / RATE;
        for (int i = 0; i < n; i++) {
            int k = i;
            long due = start + k * period;
            timer.schedule(() -> {
                // one in five updates an order posted a little earlier in this run
                String acsn = prefix + (k % 5 == 4 ? k - 3 : k);
                HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body(acsn, first.plusDays(k % 50), k))).build();
                pending.add(http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                    out.add((System.nanoTime() - due) / 1000);
                    if (e != null || (r.statusCode() != 201 && r.statusCode() != 200)) {
                        bad.incrementAndGet();
                    }
                }));
            }, due - System.nanoTime(), TimeUnit.NANOSECONDS);
        }
        timer.shutdown();
        assertThat(timer.awaitTermination(n / RATE + 60, TimeUnit.SECONDS)).isTrue();
        CompletableFuture.allOf(pending.toArray(new CompletableFuture[0])).get(60, TimeUnit.SECONDS);
        assertThat(bad.get()).as("answers other than 201/200").isZero();
        return new ArrayList<>(out);
    }

    private static double pct(List<Long> sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i))) / 1000.0;
    }

    private static String body(String acsn, LocalDate day, int i) {
        String[] modalities = {"CR", "CT", "MR", "US", "DX"};
        return """
                {"accessionNumber":"%s","patientId":"P-BENCH-%d","patientName":"Bench^Patient","patientBirthDate":"1980-01-02",
                 "patientSex":"F","modality":"%s","scheduledStart":"%sT%02d:%02d:00+07:00","stationAeTitle":"ROOM%d"}"""
                .formatted(acsn, i % 3000, modalities[i % modalities.length], day, 7 + i % 10, i % 60, i % 4);
    }
}
