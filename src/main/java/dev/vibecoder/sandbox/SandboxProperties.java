package dev.vibecoder.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the sandbox's tools are and how far a generated project's commands may go. Every setting is
 * listed with its environment variable in {@code docs/configuration.md}.
 *
 * @param bwrap            the bubblewrap executable: a name looked up on the hub's PATH, or a path
 * @param timeout          wall clock of one run (compile, or compile and test)
 * @param memoryMb         memory of one run
 * @param maxProcesses     processes and threads of one run
 * @param outputLimitBytes output kept per run (head and tail)
 * @param workDir          where callers materialise workspaces
 * @param junitLauncher    the {@code junit-platform-console-standalone} jar that runs Java projects' tests;
 *                         without it Java projects cannot be tested
 * @param python           the Python interpreter: a name looked up on the sandbox's PATH
 *                         ({@code /usr/local/bin:/usr/bin:/bin}), or an absolute path whose installation
 *                         is mounted read-only into the sandbox
 * @param javaHome         the JDK that compiles and runs Java projects
 * @param uid              when the hub runs as root: the unprivileged user id the sandbox runs as, so that
 *                         the kernel enforces the process limit (it exempts root)
 */
@ConfigurationProperties("vibecoder.sandbox")
public record SandboxProperties(
        @DefaultValue("bwrap") String bwrap,
        @DefaultValue("120s") Duration timeout,
        @DefaultValue("1024") long memoryMb,
        @DefaultValue("128") int maxProcesses,
        @DefaultValue("8192") int outputLimitBytes,
        Path workDir,
        Path junitLauncher,
        @DefaultValue("python3") String python,
        Path javaHome,
        @DefaultValue("65534") int uid) {

    public SandboxProperties {
        // an empty environment variable (VIBECODER_SANDBOX_JUNIT_LAUNCHER=) means "not set"
        workDir = blankToNull(workDir);
        junitLauncher = blankToNull(junitLauncher);
        javaHome = blankToNull(javaHome);
        if (workDir == null) {
            workDir = Path.of(System.getProperty("java.io.tmpdir"), "vibecoder-workspaces");
        }
        if (javaHome == null) {
            javaHome = Path.of(System.getProperty("java.home"));
        }
        if (uid <= 0) {
            throw new IllegalArgumentException("vibecoder.sandbox.uid must be an unprivileged user id, not " + uid);
        }
    }

    /** The limits of a run that asks for nothing else. */
    public SandboxLimits limits() {
        return new SandboxLimits(timeout, memoryMb * 1024 * 1024, maxProcesses, outputLimitBytes);
    }

    private static Path blankToNull(Path path) {
        return path == null || path.toString().isBlank() ? null : path;
    }
}
