package dev.vibecoder.sandbox;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits of one sandboxed run.
 *
 * @param wallClock    how long the command may run before the sandbox kills it and everything it started
 * @param memoryBytes  memory of the whole run: a cgroup limit where the host lets the hub create cgroups,
 *                     and the address-space limit of every native (non-JVM) process
 * @param maxProcesses processes and threads the command may have at once (the sandbox's own are not counted)
 * @param outputBytes  bytes of output kept: the first and the last half of it when there is more
 */
public record SandboxLimits(Duration wallClock, long memoryBytes, int maxProcesses, int outputBytes) {

    public SandboxLimits {
        Objects.requireNonNull(wallClock, "wallClock");
        if (wallClock.isNegative() || wallClock.isZero()) {
            throw new IllegalArgumentException("wallClock must be positive: " + wallClock);
        }
        if (memoryBytes < 16L * 1024 * 1024) {
            throw new IllegalArgumentException("memoryBytes must be at least 16 MiB: " + memoryBytes);
        }
        if (maxProcesses < 1) {
            throw new IllegalArgumentException("maxProcesses must be at least 1: " + maxProcesses);
        }
        if (outputBytes < 16) {
            throw new IllegalArgumentException("outputBytes must be at least 16: " + outputBytes);
        }
    }
}
