package dev.vibecoder.support;

import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.Map;
import java.util.Random;

/**
 * Makes a stand-in misbehave like a provider under load: a share of the requests to stubs that name
 * this transformer get a 429 with {@code Retry-After}, a 500, a reset connection or an answer slower
 * than the client's timeout, drawn from a seeded random sequence; the rest get the stub's answer.
 * It remembers which requests it spoiled ({@link #faulted}), for tests that count good answers.
 */
public class ModelFaultInjector implements ResponseDefinitionTransformerV2 {

    public static final String NAME = "model-faults";
    public static final String HEADER = "X-Injected-Fault";

    public enum Kind { RATE_LIMITED, SERVER_ERROR, CONNECTION_RESET, TOO_SLOW }

    private Random random = new Random(0);
    private double share;
    private long slowMs;
    private final Map<Kind, Integer> injected = new EnumMap<>(Kind.class);
    private final Set<UUID> faulted = new HashSet<>();

    /** From now on, {@code share} of the requests fail, drawn from {@code seed}; too-slow answers take {@code slowMs}. */
    public synchronized void start(long seed, double share, long slowMs) {
        this.random = new Random(seed);
        this.share = share;
        this.slowMs = slowMs;
        injected.clear();
        faulted.clear();
    }

    /** Whether this request (a serve event's id) got a fault rather than the stub's answer. */
    public synchronized boolean faulted(UUID serveEventId) {
        return faulted.contains(serveEventId);
    }

    public synchronized Map<Kind, Integer> injected() {
        return Map.copyOf(injected);
    }

    @Override
    public synchronized ResponseDefinition transform(ServeEvent serveEvent) {
        ResponseDefinition answer = serveEvent.getResponseDefinition();
        if (random.nextDouble() >= share) {
            return answer;
        }
        Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
        injected.merge(kind, 1, Integer::sum);
        faulted.add(serveEvent.getId());
        ResponseDefinitionBuilder fault = ResponseDefinitionBuilder.responseDefinition()
                .withHeader("Content-Type", "application/json").withHeader(HEADER, kind.name());
        return switch (kind) {
            case RATE_LIMITED -> fault.withStatus(429).withHeader("Retry-After", "1")
                    .withBody("{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow down\"}}")
                    .build();
            case SERVER_ERROR -> fault.withStatus(500)
                    .withBody("{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"internal\"}}").build();
            case CONNECTION_RESET -> fault.withFault(Fault.CONNECTION_RESET_BY_PEER).build();
            // the client gives up first; a status other than 200 keeps it apart from answers in the request log
            case TOO_SLOW -> fault.withStatus(529).withFixedDelay((int) slowMs)
                    .withBody("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"late\"}}")
                    .build();
        };
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }
}
