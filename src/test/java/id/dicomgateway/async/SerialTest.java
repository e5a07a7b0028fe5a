package id.dicomgateway.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SerialTest {
    /** A pool of several threads: the order must come from the queue, not from a single thread. */
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void runsEachPieceAloneInTheOrderItCameFromManyThreads() throws Exception {
        Serial serial = new Serial("test", pool);
        List<String> ran = new CopyOnWriteArrayList<>();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        Thread[] producers = new Thread[4];
        for (int p = 0; p < producers.length; p++) {
            int producer = p;
            producers[p] = new Thread(() -> {
                for (int i = 0; i < 250; i++) {
                    int n = i;
                    serial.run(() -> {
                        if (running.incrementAndGet() > 1) {
                            overlaps.incrementAndGet();
                        }
                        ran.add(producer + ":" + n);
                        running.decrementAndGet();
                    });
                }
            });
            producers[p].start();
        }
        for (Thread t : producers) {
            t.join();
        }
        assertThat(serial.drain(Duration.ofSeconds(10))).isTrue();
        assertThat(ran).hasSize(1000);
        assertThat(overlaps).as("never two pieces at once").hasValue(0);
        for (int p = 0; p < producers.length; p++) {
            String prefix = p + ":";
            assertThat(ran.stream().filter(s -> s.startsWith(prefix)).map(s -> Integer.parseInt(s.substring(prefix.length()))))
                    .as("each producer's pieces in the order it handed them in").isSorted();
        }
    }

    @Test
    void aFailingPieceIsLoggedAndTheQueueGoesOn() {
        Serial serial = new Serial("test", pool);
        serial.run(() -> {
            throw new IllegalStateException("a bug");
        });
        assertThat(serial.call(() -> "after", "closed").await().atMost(Duration.ofSeconds(5))).isEqualTo("after");
    }

    @Test
    void callGivesTheResultOrTheFailureAndKnowsItIsInside() {
        Serial serial = new Serial("test", pool);
        assertThat(serial.call(serial::inside, false).await().atMost(Duration.ofSeconds(5))).isTrue();
        assertThat(serial.inside()).isFalse();
        assertThatThrownBy(() -> serial.call(() -> {
            throw new IllegalArgumentException("no");
        }, null).await().atMost(Duration.ofSeconds(5))).isInstanceOf(IllegalArgumentException.class).hasMessage("no");
    }

    @Test
    void closedItTakesNothingButFinishesWhatWasQueued() throws Exception {
        Serial serial = new Serial("test", pool);
        CountDownLatch gate = new CountDownLatch(1);
        List<String> ran = new CopyOnWriteArrayList<>();
        serial.run(() -> {
            try {
                gate.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ran.add("first");
        });
        serial.run(() -> ran.add("queued before close"));
        serial.close();
        assertThat(serial.run(() -> ran.add("after close"))).isFalse();
        assertThat(serial.call(() -> "ran", "closed").await().atMost(Duration.ofSeconds(5))).isEqualTo("closed");
        gate.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (ran.size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Thread.sleep(100);
        assertThat(ran).containsExactly("first", "queued before close");
    }
}
