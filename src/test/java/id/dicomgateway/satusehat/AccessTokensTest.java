package id.dicomgateway.satusehat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import id.dicomgateway.testing.ManualClock;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class AccessTokensTest {

    private final ManualClock clock = new ManualClock();
    private final AtomicInteger issued = new AtomicInteger();

    private AccessTokens tokens(Duration lifetime) {
        return new AccessTokens(() -> Uni.createFrom().item(() ->
                new AccessTokens.Issued("token-" + issued.incrementAndGet(), lifetime)), clock, Duration.ofSeconds(60));
    }

    @Test
    void aTokenIsReusedUntilTheMarginBeforeExpiry() {
        AccessTokens tokens = tokens(Duration.ofSeconds(14399));
        for (int i = 0; i < 5; i++) {
            assertThat(tokens.current().await().indefinitely()).isEqualTo("token-1");
        }
        clock.advance(Duration.ofSeconds(14399 - 61));
        assertThat(tokens.current().await().indefinitely()).isEqualTo("token-1");
        clock.advance(Duration.ofSeconds(2));
        assertThat(tokens.current().await().indefinitely()).isEqualTo("token-2");
        assertThat(issued).hasValue(2);
    }

    @Test
    void aShortLivedTokenIsReusedForHalfItsLife() {
        AccessTokens tokens = tokens(Duration.ofSeconds(10));
        assertThat(tokens.current().await().indefinitely()).isEqualTo("token-1");
        clock.advance(Duration.ofSeconds(4));
        assertThat(tokens.current().await().indefinitely()).isEqualTo("token-1");
        clock.advance(Duration.ofSeconds(1));
        assertThat(tokens.current().await().indefinitely()).isEqualTo("token-2");
    }

    @Test
    void aTokenWithoutLifetimeIsNeverCached() {
        AccessTokens tokens = tokens(Duration.ZERO);
        tokens.current().await().indefinitely();
        tokens.current().await().indefinitely();
        assertThat(issued).hasValue(2);
    }

    @Test
    void concurrentCallersShareOneTokenRequest() {
        List<UniEmitter<? super AccessTokens.Issued>> pending = new ArrayList<>();
        AccessTokens tokens = new AccessTokens(() -> Uni.createFrom().emitter(e -> {
            issued.incrementAndGet();
            pending.add(e);
        }), clock, Duration.ofSeconds(60));

        List<AtomicReference<String>> results = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            AtomicReference<String> result = new AtomicReference<>();
            tokens.current().subscribe().with(result::set);
            results.add(result);
        }
        assertThat(issued).hasValue(1);
        assertThat(results).allSatisfy(r -> assertThat(r.get()).isNull());

        pending.get(0).complete(new AccessTokens.Issued("shared", Duration.ofHours(1)));
        assertThat(results).allSatisfy(r -> assertThat(r.get()).isEqualTo("shared"));
        assertThat(tokens.current().await().indefinitely()).isEqualTo("shared");
        assertThat(issued).hasValue(1);
    }

    @Test
    void aFailedRequestIsNotCachedAndTheNextCallerTriesAgain() {
        AtomicInteger calls = new AtomicInteger();
        AccessTokens tokens = new AccessTokens(() -> calls.incrementAndGet() == 1
                ? Uni.createFrom().failure(new IllegalStateException("down"))
                : Uni.createFrom().item(new AccessTokens.Issued("after-failure", Duration.ofHours(1))), clock, Duration.ofSeconds(60));

        assertThatThrownBy(() -> tokens.current().await().indefinitely()).hasMessage("down");
        assertThat(tokens.current().await().indefinitely()).isEqualTo("after-failure");
        assertThat(calls).hasValue(2);
    }

    @Test
    void rejectDropsOnlyTheTokenThatWasRefused() {
        AccessTokens tokens = tokens(Duration.ofHours(4));
        assertThat(tokens.current().await().indefinitely()).isEqualTo("token-1");
        tokens.reject("token-1");
        assertThat(tokens.current().await().indefinitely()).isEqualTo("token-2");
        // A late 401 for the old token must not throw away the new one.
        tokens.reject("token-1");
        assertThat(tokens.current().await().indefinitely()).isEqualTo("token-2");
        assertThat(issued).hasValue(2);
    }

    @Test
    void theTokenNeverAppearsInToString() {
        assertThat(new AccessTokens.Issued("abc-secret-token", Duration.ofSeconds(5)).toString()).doesNotContain("abc-secret-token");
        assertThat(new AccessTokenResponse("abc-secret-token", 5L).toString()).doesNotContain("abc-secret-token");
    }
}
