package dev.kcaudit.audit.feed;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateLimiterTest {

    @Test
    void aCallerBurstsItsMinuteThenWaitsForTokensWhileOthersGoOn() {
        RateLimiter limiter = new RateLimiter(60);
        for (int i = 59; i >= 0; i--) {
            RateLimiter.Decision d = limiter.acquire("a", 1_000);
            assertThat(d.allowed()).isTrue();
            assertThat(d.remaining()).isEqualTo(i);
        }
        RateLimiter.Decision refused = limiter.acquire("a", 1_000);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterSeconds()).isEqualTo(1);
        assertThat(limiter.acquire("b", 1_000).allowed()).isTrue();
        assertThat(limiter.acquire("a", 2_000).allowed()).isTrue();
        assertThat(limiter.acquire("a", 2_000).allowed()).isFalse();
    }
}
