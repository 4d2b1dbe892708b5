package dev.vibecoder.sandbox;

import dev.vibecoder.sandbox.SandboxResult.Outcome;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs generated code where it can do no harm: bubblewrap with no network, the workspace as the only
 * writable directory, a read-only system, and limits on wall-clock time, memory and processes (see
 * {@link SandboxLaunch} for the layers). There is no unsandboxed path: when bubblewrap cannot run, a
 * run fails to start, and {@link SandboxStartupCheck} stops the hub at start-up.
 *
 * <p>Thread-safe and stateless between runs: each run has its own cgroups, status file and output
 * buffer, so runs may go on concurrently.
 */
@Component
public class Sandbox {

    /** What the command starts, which decides how its memory is limited. */
    public enum Program {
        /** Native programs (Python, shells): the address space of each process is limited too. */
        NATIVE,
        /**
         * Java virtual machines: they reserve much more address space than they use, so only the
         * cgroup (where available) limits them; the command must bound the heap itself with -Xmx.
         */
        JVM
    }

    private static final Logger LOG = LoggerFactory.getLogger(Sandbox.class);
    private static final Set<String> JVM_LAUNCHERS = Set.of("java", "javac", "jar", "jshell", "javadoc");
    /** How long a killed run's processes may take to be gone, and its output to be drained. */
    private static final long GRACE_MS = 5_000;

    private final SandboxProperties properties;
    private final SandboxHost host;
    private final SandboxLaunch launch;

    public Sandbox(SandboxProperties properties) {
        this.properties = Objects.requireNonNull(properties, "properties");
        this.host = SandboxHost.detect(properties);
        this.launch = new SandboxLaunch(host);
    }

    /** The limits configured under {@code vibecoder.sandbox}. */
    public SandboxLimits defaults() {
        return properties.limits();
    }

    /** Where callers materialise workspaces ({@code vibecoder.sandbox.work-dir}); created if missing. */
    public Path workDir() {
        try {
            return Files.createDirectories(properties.workDir());
        } catch (IOException e) {
            throw new UncheckedIOException("vibecoder.sandbox.work-dir: cannot create " + properties.workDir(), e);
        }
    }

    /**
     * Runs command with dir mounted read-write as the working directory; everything else read-only or
     * absent; no network. JVM launchers ({@code java}, {@code javac}, ...) as the command's first word
     * run as {@link Program#JVM}, anything else as {@link Program#NATIVE}.
     */
    public SandboxResult run(Path dir, List<String> command, SandboxLimits limits) {
        return run(dir, command, limits, programOf(command));
    }

    /**
     * Runs command in the sandbox, dir at {@code /workspace} as the working directory and HOME.
     * When the hub runs as root, the workspace is first handed to the sandbox's user
     * ({@code vibecoder.sandbox.uid}): files it contains and writes belong to that user afterwards.
     *
     * @throws CancellationException when the calling thread is interrupted; the run's processes are
     *                               killed first
     */
    public SandboxResult run(Path dir, List<String> command, SandboxLimits limits, Program program) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(program, "program");
        if (command.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        long start = System.nanoTime();
        Optional<SandboxUnavailableException> problem = host.problem();
        if (problem.isPresent()) {
            return SandboxResult.failedToStart("the sandbox is not available: " + problem.get().getMessage(),
                    millisSince(start));
        }
        Path workspace;
        try {
            workspace = dir.toRealPath();
        } catch (IOException e) {
            return SandboxResult.failedToStart("no workspace at " + dir, millisSince(start));
        }
        if (!Files.isDirectory(workspace)) {
            return SandboxResult.failedToStart("the workspace is not a directory: " + dir, millisSince(start));
        }
        String name = "vibecoder-sandbox-" + UUID.randomUUID();
        Path status = null;
        try (RunCgroups cgroups = RunCgroups.create(name, host.memoryCgroup(), host.pidsCgroup(), limits)) {
            if (host.root()) {
                host.prepareStageDir();
                handOver(workspace, host.sandboxUid());
            }
            status = Files.createTempFile(name, ".status");
            List<String> argv = launch.argv(workspace, command, limits, program, cgroups.procsFiles(), status);
            LOG.debug("sandbox {}: {} in {}", name, command, workspace);
            SandboxResult result = execute(name, argv, limits, cgroups, status, start);
            if (result.outcome() == Outcome.COMPLETED) {
                LOG.debug("sandbox {}: exit {} in {} ms", name, result.exitCode(), result.durationMs());
            } else {
                LOG.info("sandbox {}: {} (exit {}) after {} ms running {} in {}", name, result.outcome(),
                        result.exitCode(), result.durationMs(), command, workspace);
            }
            return result;
        } catch (IOException | UncheckedIOException e) {
            return SandboxResult.failedToStart("the sandbox could not be prepared: " + e.getMessage(), millisSince(start));
        } finally {
            deleteQuietly(status);
        }
    }

    SandboxHost host() {
        return host;
    }

    private SandboxResult execute(String name, List<String> argv, SandboxLimits limits, RunCgroups cgroups,
            Path status, long start) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(argv).directory(new File("/")).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        // nothing of the hub's environment (its secrets above all) reaches the launcher or the sandbox
        builder.environment().clear();
        builder.environment().put("PATH", SandboxHost.HOST_PATH);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return SandboxResult.failedToStart("could not start " + argv.getFirst() + ": " + e.getMessage(),
                    millisSince(start));
        }
        OutputCapture output = new OutputCapture(limits.outputBytes());
        Thread reader = Thread.ofPlatform().daemon().name(name + "-output")
                .start(() -> output.drain(process.getInputStream()));
        boolean timedOut = false;
        try {
            List<ProcessHandle> killed = List.of();
            if (!process.waitFor(limits.wallClock().toNanos(), TimeUnit.NANOSECONDS)) {
                timedOut = true;
                killed = kill(process);
            }
            awaitGone(name, process, killed, cgroups);
            reader.join(GRACE_MS);
            if (reader.isAlive()) {
                // something outside the sandbox's namespaces holds the pipe: stop waiting for it
                process.getInputStream().close();
                reader.join(GRACE_MS);
            }
        } catch (InterruptedException e) {
            kill(process);
            closeQuietly(process);
            Thread.currentThread().interrupt();
            throw new CancellationException("sandbox run " + name + " interrupted; its processes were killed");
        }
        long durationMs = millisSince(start);
        // still alive only if even SIGKILL did not end bwrap (awaitGone logged it)
        int exitCode = process.isAlive() ? -1 : process.exitValue();
        String text = output.text();
        // bwrap reports the command's exit code once the command ran; without it the sandbox never came up
        if (!timedOut && !Files.readString(status).contains("\"exit-code\"")) {
            return new SandboxResult(Outcome.FAILED_TO_START, exitCode,
                    "the sandbox did not start (exit " + exitCode + "):\n" + text, output.truncated(), durationMs);
        }
        Outcome outcome = OutcomeClassifier.classify(timedOut, exitCode, cgroups.outOfMemoryKilled(),
                cgroups.processLimitHit(), text);
        return new SandboxResult(outcome, exitCode, text, output.truncated(), durationMs);
    }

    /**
     * Kills bwrap's monitor and whatever it started. bwrap's init dies with the monitor
     * (--die-with-parent), and when a pid namespace's init dies the kernel kills every process in it,
     * however many a fork bomb made; killing the ones seen now only makes that quicker.
     */
    private static List<ProcessHandle> kill(Process process) {
        List<ProcessHandle> tree = process.descendants().toList();
        tree.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        return tree;
    }

    /**
     * Returns once the run's processes are all gone, so that a run never outlives its result. A run
     * that ended by itself is gone with bwrap: bwrap's init is the last process of its pid namespace
     * to exit, and bwrap waits for it.
     */
    private static void awaitGone(String name, Process process, List<ProcessHandle> killed, RunCgroups cgroups)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GRACE_MS);
        if (!process.waitFor(GRACE_MS, TimeUnit.MILLISECONDS)) {
            LOG.error("sandbox {}: bwrap did not exit {} ms after SIGKILL", name, GRACE_MS);
        }
        for (ProcessHandle handle : killed) {
            while (handle.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        }
        while (cgroups.occupied() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        if (cgroups.occupied() || killed.stream().anyMatch(ProcessHandle::isAlive)) {
            LOG.warn("sandbox {}: processes still alive {} ms after the kill", name, GRACE_MS);
        }
    }

    /** A root hub gives the workspace to the sandbox user, which could not write it otherwise. */
    private static void handOver(Path workspace, int uid) throws IOException {
        try (Stream<Path> paths = Files.walk(workspace)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                // NOFOLLOW_LINKS: a symlink is re-owned itself, never what it points to
                if ((Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS) != uid
                        || (Integer) Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS) != uid) {
                    Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
                    Files.setAttribute(path, "unix:gid", uid, LinkOption.NOFOLLOW_LINKS);
                }
            }
        }
    }

    static Program programOf(List<String> command) {
        String first = command.isEmpty() ? "" : command.getFirst();
        String executable = first.substring(first.lastIndexOf('/') + 1);
        return JVM_LAUNCHERS.contains(executable) ? Program.JVM : Program.NATIVE;
    }

    private static long millisSince(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    private static void closeQuietly(Process process) {
        try {
            process.getInputStream().close();
        } catch (IOException ignored) {
            // the reader thread ends either way
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temporary file of a few bytes; the OS cleans the temp directory
            }
        }
    }
}
