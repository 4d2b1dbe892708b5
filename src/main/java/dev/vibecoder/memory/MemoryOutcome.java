package dev.vibecoder.memory;

/**
 * How the remembered thing turned out. For a reflection it is whether its fix worked: pending until
 * the re-run after the fix has passed or failed.
 */
public enum MemoryOutcome {
    SUCCEEDED, FAILED, PENDING
}
