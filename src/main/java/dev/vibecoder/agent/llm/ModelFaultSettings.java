package dev.vibecoder.agent.llm;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the hub rides out a model provider's faults (429, 5xx, resets, timeouts), per provider: the
 * retries' backoff (the number of retries is each provider's {@code max-retries}), how many calls
 * may be in flight at once, the circuit breaker, and how long a step parked by an outage waits
 * before it tries again.
 *
 * @param initialBackoff       wait before the first retry, doubled ({@code backoffMultiplier}) each time
 * @param backoffJitter        share of the wait drawn at random (0.5: anywhere from half to one and a half)
 * @param maxBackoff           longest wait between two tries, also the cap on a provider's {@code Retry-After}
 * @param maxConcurrentCalls   calls to one provider in flight at once, over all roles
 * @param maxWaitForCall       how long a call waits for its turn before its step is parked
 * @param failureRateThreshold percentage of failed calls (of the last {@code slidingWindowSize}) that opens the circuit
 * @param minimumCalls         calls the circuit sees before it may open
 * @param openFor              how long an open circuit refuses calls before it lets probes through
 * @param probeCalls           calls let through by a half-open circuit to decide whether the provider is back
 * @param parkDelay            the longest a step parked by an outage waits before it is tried again (it comes
 *                             back as soon as the provider's circuit turns half-open or closed)
 */
@ConfigurationProperties("vibecoder.llm.faults")
public record ModelFaultSettings(
        @DefaultValue("1s") Duration initialBackoff,
        @DefaultValue("2.0") double backoffMultiplier,
        @DefaultValue("0.5") double backoffJitter,
        @DefaultValue("60s") Duration maxBackoff,
        @DefaultValue("8") int maxConcurrentCalls,
        @DefaultValue("5m") Duration maxWaitForCall,
        @DefaultValue("50") float failureRateThreshold,
        @DefaultValue("20") int slidingWindowSize,
        @DefaultValue("10") int minimumCalls,
        @DefaultValue("60s") Duration openFor,
        @DefaultValue("2") int probeCalls,
        @DefaultValue("60s") Duration parkDelay) {
}
