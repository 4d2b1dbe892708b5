package dev.vibecoder.cost;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Who is calling a model right now on this thread: the project, role and step a call's tokens are
 * booked to. The camel-langchain4j-chat producer calls the model synchronously on the route's
 * thread and reports no token usage itself, so the {@link TokenMeter} listener finds the caller
 * here. Opened by the role before its first call, closed when the step ends.
 */
public final class LlmCallScope {

    private static final ThreadLocal<LlmCallScope> CURRENT = new ThreadLocal<>();

    private final UUID projectId;
    private final String role;
    private final String stepKey;
    private final String provider;
    private final String model;
    private final boolean smallTask;
    private int inputTokens;
    private int outputTokens;
    private int calls;
    private BigDecimal cost = BigDecimal.ZERO;
    private String reportedModel;
    /** What happened to calls that the caller should tell the project about (a cut-off answer asked again). */
    private final List<String> notes = new ArrayList<>();

    private LlmCallScope(UUID projectId, String role, String stepKey, String provider, String model,
            boolean smallTask) {
        this.smallTask = smallTask;
        this.projectId = projectId;
        this.role = role;
        this.stepKey = stepKey;
        this.provider = provider;
        this.model = model;
    }

    public static LlmCallScope open(UUID projectId, String role, String stepKey, String provider, String model) {
        return open(projectId, role, stepKey, provider, model, false);
    }

    /** A scope whose calls go to the role's small-tasks model ({@code smallTask}) or its usual one. */
    public static LlmCallScope open(UUID projectId, String role, String stepKey, String provider, String model,
            boolean smallTask) {
        LlmCallScope scope = new LlmCallScope(projectId, role, stepKey, provider, model, smallTask);
        CURRENT.set(scope);
        return scope;
    }

    /** The scope of this thread, or null for a call made outside any step (e.g. a health check). */
    public static LlmCallScope current() {
        return CURRENT.get();
    }

    public void close() {
        if (CURRENT.get() == this) {
            CURRENT.remove();
        }
    }

    synchronized void record(int input, int output, BigDecimal callCost, String modelName) {
        inputTokens += input;
        outputTokens += output;
        calls++;
        cost = cost.add(callCost);
        if (modelName != null) {
            reportedModel = modelName;
        }
    }

    public synchronized void note(String text) {
        notes.add(text);
    }

    /** The notes since the last call of this, oldest first. */
    public synchronized List<String> takeNotes() {
        List<String> taken = List.copyOf(notes);
        notes.clear();
        return taken;
    }

    public UUID projectId() {
        return projectId;
    }

    public String role() {
        return role;
    }

    public String stepKey() {
        return stepKey;
    }

    /** Whether this step is a small task, whose calls go to the role's small-tasks model. */
    public boolean smallTask() {
        return smallTask;
    }

    public String provider() {
        return provider;
    }

    /** The model as the provider reported it, else as configured. */
    public String model() {
        return reportedModel != null ? reportedModel : model;
    }

    public synchronized int inputTokens() {
        return inputTokens;
    }

    public synchronized int outputTokens() {
        return outputTokens;
    }

    public synchronized int calls() {
        return calls;
    }

    public synchronized BigDecimal cost() {
        return cost;
    }
}
