package dev.vibecoder.support;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Makes a stand-in misbehave like a provider under load: a share of the requests to stubs that name
 * this transformer get a 429, a 500, a reset connection or an answer slower than the client's
 * timeout, each in the error format of the stub's provider ({@link #faulty}); the rest get the
 * stub's answer. Which requests fail is drawn from a seeded random sequence per provider, and the
 * kinds take turns, so each kind comes up once every four faults of a provider. It remembers which
 * requests it spoiled and how ({@link #fault}), for tests that count good answers.
 */
public class ModelFaultInjector implements ResponseDefinitionTransformerV2 {

    public static final String NAME = "model-faults";
    public static final String HEADER = "X-Injected-Fault";
    /** The transformer parameter naming the provider ({@link ProviderWire}) whose errors a stub speaks. */
    public static final String WIRE = "wire";

    public enum Kind { RATE_LIMITED, SERVER_ERROR, CONNECTION_RESET, TOO_SLOW }

    private final Map<ProviderWire, Random> random = new EnumMap<>(ProviderWire.class);
    private final Map<ProviderWire, Integer> turns = new EnumMap<>(ProviderWire.class);
    private final Map<ProviderWire, Map<Kind, Integer>> injected = new EnumMap<>(ProviderWire.class);
    private final Map<UUID, Kind> faults = new HashMap<>();
    private double share;
    private long slowMs;

    /** A stub's answer, spoilt part of the time in {@code wire}'s error format once {@link #start} is called. */
    public static ResponseDefinitionBuilder faulty(ProviderWire wire, ResponseDefinitionBuilder answer) {
        return answer.withTransformers(NAME).withTransformerParameter(WIRE, wire.name());
    }

    /** From now on, {@code share} of the requests fail, drawn from {@code seed}; too-slow answers take {@code slowMs}. */
    public synchronized void start(long seed, double share, long slowMs) {
        this.share = share;
        this.slowMs = slowMs;
        for (ProviderWire wire : ProviderWire.values()) {
            random.put(wire, new Random(seed + wire.ordinal()));
            turns.put(wire, 0);
        }
        injected.clear();
        faults.clear();
    }

    /** From now on every request gets the stub's answer; what was injected stays on record. */
    public synchronized void stop() {
        share = 0;
    }

    /** How this request (a serve event's id) was spoilt; null if it got the stub's answer. */
    public synchronized Kind fault(UUID serveEventId) {
        return faults.get(serveEventId);
    }

    public synchronized boolean faulted(UUID serveEventId) {
        return faults.containsKey(serveEventId);
    }

    /** The faults injected into the answers of one provider since {@link #start}. */
    public synchronized Map<Kind, Integer> injected(ProviderWire wire) {
        return Map.copyOf(injected.getOrDefault(wire, Map.of()));
    }

    @Override
    public synchronized ResponseDefinition transform(ServeEvent serveEvent) {
        ResponseDefinition answer = serveEvent.getResponseDefinition();
        Parameters parameters = serveEvent.getTransformerParameters();
        ProviderWire wire = ProviderWire.valueOf(parameters != null && parameters.containsKey(WIRE)
                ? parameters.getString(WIRE) : ProviderWire.ANTHROPIC.name());
        Random draws = random.get(wire);
        if (draws == null || draws.nextDouble() >= share) {
            return answer;
        }
        int turn = turns.merge(wire, 1, Integer::sum) - 1;
        Kind kind = Kind.values()[turn % Kind.values().length];
        injected.computeIfAbsent(wire, w -> new EnumMap<>(Kind.class)).merge(kind, 1, Integer::sum);
        faults.put(serveEvent.getId(), kind);
        return wire.fault(kind, slowMs).build();
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
