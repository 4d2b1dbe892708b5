package dev.vibecoder.engineering;

import java.util.Arrays;

/**
 * The steps the hub performs itself instead of a role: each consumes work orders from its own queue
 * ({@code <ns>.run.<id>}) through the {@code hub-step} route template and produces one document type
 * with an outcome.
 */
public enum Runner {
    /** Assembles the code of every task (and the fixes so far) into one file tree and checks it. */
    WORKSPACE("workspace", "workspace", "workspaceAssembler"),
    /** Runs the project's tests in the sandbox. */
    SANDBOX("sandbox", "test-report", "testRunner");

    private final String id;
    private final String produces;
    private final String bean;

    Runner(String id, String produces, String bean) {
        this.id = id;
        this.produces = produces;
        this.bean = bean;
    }

    /** The bean whose {@code run(WorkOrder)} does the work. */
    public String bean() {
        return bean;
    }

    public String id() {
        return id;
    }

    public String produces() {
        return produces;
    }

    public static Runner of(String id) {
        return Arrays.stream(values()).filter(r -> r.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown runner '" + id + "'; known: "
                        + Arrays.stream(values()).map(Runner::id).toList()));
    }

    public static boolean exists(String id) {
        return Arrays.stream(values()).anyMatch(r -> r.id.equals(id));
    }
}
