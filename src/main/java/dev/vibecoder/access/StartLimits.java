package dev.vibecoder.access;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.stereotype.Component;

/**
 * How many projects one identity may start ({@code vibecoder.security.starts}): a token bucket per
 * identity (Bucket4j), refilled gradually, so a runaway script or a leaked token spends at most that
 * many projects' budgets an interval. Per hub: with several hubs an identity's limit is per hub.
 */
@Component
public class StartLimits {

    /** Too many starts: try again after {@code retryAfter}. */
    public static class TooManyStarts extends RuntimeException {
        private final Duration retryAfter;

        TooManyStarts(String identity, SecuritySettings.Starts limit, Duration retryAfter) {
            super(identity + " started " + limit.capacity() + " projects within " + limit.per()
                    + " (vibecoder.security.starts); try again in " + Math.max(1, retryAfter.toSeconds()) + " s");
            this.retryAfter = retryAfter;
        }

        public Duration retryAfter() {
            return retryAfter;
        }
    }

    private final SecuritySettings.Starts limit;
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    public StartLimits(SecuritySettings settings) {
        this.limit = settings.starts();
    }

    /** Takes one start from the identity's bucket, or refuses it. */
    public void take(String identity) {
        Bucket bucket = buckets.computeIfAbsent(identity, id -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(limit.capacity()).refillGreedy(limit.capacity(), limit.per())
                        .build())
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            throw new TooManyStarts(identity, limit, Duration.ofNanos(probe.getNanosToWaitForRefill()));
        }
    }
}
