package dev.vibecoder.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;
import org.springframework.util.FileSystemUtils;

/**
 * Proves at start-up that the sandbox works, by running commands through it, and stops the start
 * when it does not: a hub that cannot sandbox generated code must not pretend it can. Missing Java
 * tooling only warns, since only Java projects need it.
 */
@Component
public class SandboxStartupCheck implements InitializingBean {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxStartupCheck.class);
    private static final String USER_NAMESPACES = "bubblewrap needs user namespaces: sysctl "
            + "user.max_user_namespaces must be above 0 (and kernel.unprivileged_userns_clone=1 on kernels "
            + "that have it; kernel.apparmor_restrict_unprivileged_userns=0 or an AppArmor profile for bwrap "
            + "on Ubuntu 23.10+); in a container, run the hub with the security_opt of docker-compose.yml's hub "
            + "service";

    private final Sandbox sandbox;

    public SandboxStartupCheck(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    @Override
    public void afterPropertiesSet() {
        check();
    }

    /** Throws {@link SandboxUnavailableException} naming what is missing and how to get it. */
    public void check() {
        sandbox.host().problem().ifPresent(problem -> {
            throw problem;
        });
        Path scratch;
        try {
            scratch = Files.createTempDirectory("vibecoder-sandbox-check");
        } catch (IOException e) {
            throw new UncheckedIOException("sandbox check: no temporary directory", e);
        }
        try {
            check(scratch);
        } finally {
            FileSystemUtils.deleteRecursively(scratch.toFile());
        }
    }

    private void check(Path scratch) {
        SandboxHost host = sandbox.host();
        SandboxLimits probe = new SandboxLimits(Duration.ofSeconds(20), 256L * 1024 * 1024, 16, 4096);
        // the sandbox comes up, and has no network interface but loopback
        SandboxResult network = sandbox.run(scratch, List.of("/bin/cat", "/proc/net/dev"), probe);
        if (!network.succeeded()) {
            throw new SandboxUnavailableException("bubblewrap (" + host.bwrap().orElseThrow()
                    + ") could not start a sandbox: " + firstLines(network.output()), USER_NAMESPACES);
        }
        List<String> interfaces = network.output().lines().filter(line -> line.contains(":"))
                .map(line -> line.substring(0, line.indexOf(':')).strip())
                .filter(name -> !name.equals("lo")).toList();
        if (!interfaces.isEmpty()) {
            throw new SandboxUnavailableException("the sandbox sees network interfaces " + interfaces,
                    "bubblewrap's --unshare-net did not isolate it; check the bwrap at " + host.bwrap().orElseThrow());
        }
        SandboxHost.Toolchains tools = host.toolchains();
        SandboxResult python = sandbox.run(scratch, List.of(tools.python(), "--version"), probe);
        if (!python.succeeded()) {
            throw new SandboxUnavailableException("Python (" + tools.python() + ") does not run in the sandbox: "
                    + firstLines(python.output()), "apt-get install python3, or set vibecoder.sandbox.python "
                    + "(VIBECODER_SANDBOX_PYTHON) to an interpreter");
        }
        if (!tools.hasJavac()) {
            LOG.warn("sandbox: Java projects cannot be built: no javac in {}; set vibecoder.sandbox.java-home "
                    + "(VIBECODER_SANDBOX_JAVA_HOME) to a JDK", tools.javaHome());
        }
        if (tools.junitLauncher().isEmpty()) {
            LOG.warn("sandbox: Java projects cannot be tested: no JUnit console launcher; set "
                    + "vibecoder.sandbox.junit-launcher (VIBECODER_SANDBOX_JUNIT_LAUNCHER) to "
                    + "junit-platform-console-standalone-<version>.jar (scripts/services-up.sh fetches it)");
        }
        LOG.info("sandbox ready: {}; runs as uid {}{}; memory limit by {}; process limit by {}; {}; JDK {}{}",
                host.bwrap().orElseThrow(), host.sandboxUid(), host.root() ? " (the hub runs as root)" : "",
                host.memoryCgroup().map(c -> "cgroup " + c.dir() + " and RLIMIT_AS").orElse("RLIMIT_AS and -Xmx"),
                host.pidsCgroup().map(c -> "cgroup " + c.dir() + " and RLIMIT_NPROC").orElse("RLIMIT_NPROC"),
                python.output().strip(), tools.javaHome(),
                tools.junitLauncher().map(jar -> ", JUnit launcher " + jar.getFileName()).orElse(""));
    }

    private static String firstLines(String output) {
        return Stream.of(output.strip().split("\n")).limit(5).collect(Collectors.joining(" | "));
    }
}
