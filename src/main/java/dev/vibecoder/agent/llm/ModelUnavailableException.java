package dev.vibecoder.agent.llm;

/**
 * A provider that cannot answer now: its circuit is open, its retries are used up on faults that
 * pass (429, 5xx, resets, timeouts), or no call slot came free in time. The step is not failed but
 * parked until the provider answers again.
 */
public class ModelUnavailableException extends RuntimeException {

    private final String provider;

    public ModelUnavailableException(String provider, String reason, Throwable cause) {
        super("model provider '" + provider + "' unavailable: " + reason, cause);
        this.provider = provider;
    }

    public String provider() {
        return provider;
    }

    /** Whether the circuit breaker refused the call (open, or half-open with its probes out): the provider was not asked. */
    public boolean refusedByCircuit() {
        return getCause() instanceof io.github.resilience4j.circuitbreaker.CallNotPermittedException;
    }
}
