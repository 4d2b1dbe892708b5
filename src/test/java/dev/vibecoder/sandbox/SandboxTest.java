package dev.vibecoder.sandbox;

import static dev.vibecoder.sandbox.SandboxTestSupport.QUICK;
import static dev.vibecoder.sandbox.SandboxTestSupport.asUserOf;
import static dev.vibecoder.sandbox.SandboxTestSupport.processesOfUid;
import static dev.vibecoder.sandbox.SandboxTestSupport.processesWith;
import static dev.vibecoder.sandbox.SandboxTestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.vibecoder.sandbox.SandboxResult.Outcome;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generated code that misbehaves, run in the real bubblewrap sandbox: each attempt is stopped and
 * reported for what it is, leaves nothing behind on the host, and the next run works.
 */
class SandboxTest {

    private static Sandbox sandbox;

    @TempDir
    Path temp;

    /** Below the temporary directory, so that what is above it is a host directory too. */
    private Path workspace;

    private final String marker = "vibecoder-test-" + UUID.randomUUID();

    @BeforeAll
    static void sandbox() {
        sandbox = new Sandbox(SandboxTestSupport.properties());
    }

    @BeforeEach
    void workspace() throws IOException {
        workspace = Files.createDirectory(temp.resolve("project"));
    }

    @Test
    void aCommandRunsInItsWorkspaceAndItsOutputAndExitCodeComeBack() throws IOException {
        write(workspace, Map.of("data/input.txt", "from the host\n"));

        SandboxResult result = sandbox.run(workspace, List.of("/bin/sh", "-c",
                "pwd; cat data/input.txt; echo to-stderr >&2; echo made > made.txt; exit 3"), QUICK);

        assertThat(result.outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.output()).isEqualTo("/workspace\nfrom the host\nto-stderr\n");
        assertThat(result.truncated()).isFalse();
        assertThat(workspace.resolve("made.txt")).hasContent("made");
        // an unprivileged user on the host, even when the hub is root: the kernel then enforces the process limit
        assertThat((Integer) Files.getAttribute(workspace.resolve("made.txt"), "unix:uid")).isNotZero();
    }

    @Test
    void aPythonInstalledOutsideTheSystemDirectoriesIsMountedReadOnly() {
        Path pyenv = Path.of("/root/.pyenv/versions/3.11.7/bin/python3");
        assumeThat(Files.isExecutable(pyenv)).as("pyenv's Python 3.11.7, as on the build machines").isTrue();
        Sandbox withPyenv = new Sandbox(SandboxTestSupport.properties("python=" + pyenv));

        SandboxResult result = withPyenv.run(workspace, List.of("python3", "-c",
                "import sys; print(sys.version.split()[0], sys.prefix); open(sys.prefix + '/x', 'w')"), QUICK);

        assertThat(result.output()).startsWith("3.11.7 /root/.pyenv/versions/3.11.7\n")
                .contains("Read-only file system");
    }

    @Test
    void theNetworkIsUnreachableAndTheHostsLoopbackIsNotTheSandboxes() throws Exception {
        try (ServerSocket hostService = new ServerSocket()) {
            hostService.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = hostService.getLocalPort();
            try (Socket fromHost = new Socket("127.0.0.1", port)) {
                assertThat(fromHost.isConnected()).as("the host reaches its own service").isTrue();
            }
            write(workspace, Map.of("net.py", """
                    import socket, sys
                    for host, port in [("1.1.1.1", 53), ("127.0.0.1", 5672), ("127.0.0.1", int(sys.argv[1]))]:
                        s = socket.socket()
                        s.settimeout(3)
                        try:
                            s.connect((host, port))
                            print(f"CONNECTED {host}:{port}")
                        except OSError as e:
                            print(f"BLOCKED {host}:{port} {e}")
                    try:
                        socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"x", ("1.1.1.1", 53))
                        print("SENT udp")
                    except OSError as e:
                        print(f"BLOCKED udp {e}")
                    try:
                        socket.getaddrinfo("example.com", 443)
                        print("RESOLVED")
                    except OSError as e:
                        print(f"BLOCKED dns {e}")
                    print(open("/proc/net/dev").read())
                    """));

            SandboxResult result = sandbox.run(workspace, List.of("python3", "net.py", Integer.toString(port)), QUICK);

            assertThat(result.outcome()).as(result.output()).isEqualTo(Outcome.COMPLETED);
            assertThat(result.output()).doesNotContain("CONNECTED", "SENT", "RESOLVED")
                    .contains("BLOCKED 1.1.1.1:53 [Errno 101] Network is unreachable")
                    .contains("BLOCKED 127.0.0.1:5672 [Errno 111] Connection refused")
                    .contains("BLOCKED 127.0.0.1:" + port + " [Errno 111] Connection refused")
                    .contains("BLOCKED udp [Errno 101] Network is unreachable")
                    .contains("BLOCKED dns");
            // only the sandbox's own loopback exists
            assertThat(result.output().lines().filter(l -> l.contains(":") && !l.startsWith("BLOCKED"))
                    .map(l -> l.substring(0, l.indexOf(':')).strip())).containsExactly("lo");
        }
    }

    @Test
    void writesOutsideTheWorkspaceFailAndNothingReachesTheHost() throws IOException {
        Path hubDirectory = Path.of("").toAbsolutePath();
        List<Path> outside = List.of(Path.of("/tmp", marker), Path.of("/root", marker), Path.of("/etc", marker),
                Path.of("/usr", marker), Path.of("/", marker), hubDirectory.resolve(marker),
                workspace.getParent().resolve(marker));
        // a link the generated code left in its workspace, pointing at the host directory above it
        Files.createSymbolicLink(workspace.resolve("up"), workspace.getParent());
        StringBuilder script = new StringBuilder("import os\n");
        for (String target : List.of("/tmp/" + marker, "/root/" + marker, "/etc/" + marker, "/usr/" + marker,
                "/" + marker, "../" + marker, hubDirectory.resolve(marker).toString(), "up/" + marker,
                "/workspace/inside.txt")) {
            script.append("try:\n    open(").append(pythonString(target)).append(", 'w').write('escaped')\n")
                    .append("    print('WROTE', ").append(pythonString(target)).append(")\n")
                    .append("except OSError as e:\n    print('DENIED', ").append(pythonString(target))
                    .append(", e.strerror)\n");
        }
        write(workspace, Map.of("escape.py", script.toString()));

        SandboxResult result = sandbox.run(workspace, List.of("python3", "escape.py"), QUICK);

        assertThat(result.outcome()).as(result.output()).isEqualTo(Outcome.COMPLETED);
        assertThat(result.output())
                .contains("DENIED /root/" + marker, "DENIED /etc/" + marker, "DENIED /" + marker,
                        "DENIED ../" + marker, "DENIED " + hubDirectory.resolve(marker), "DENIED up/" + marker)
                .contains("DENIED /usr/" + marker + " Read-only file system")
                // /tmp is the sandbox's own, gone with it
                .contains("WROTE /tmp/" + marker)
                .contains("WROTE /workspace/inside.txt");
        for (Path path : outside) {
            assertThat(Files.exists(path, LinkOption.NOFOLLOW_LINKS)).as("host file " + path).isFalse();
        }
        assertThat(workspace.resolve("inside.txt")).hasContent("escaped");
    }

    @Test
    void aCommandSleepingPastTheWallClockIsKilledWithEverythingItStarted() throws IOException {
        write(workspace, Map.of("hang.py", """
                import os, time
                if os.fork() == 0:
                    os.setsid()                      # a daemon of its own session
                    if os.fork() == 0:
                        time.sleep(300)
                    os._exit(0)
                print("sleeping", flush=True)
                time.sleep(300)
                """));

        SandboxResult result = sandbox.run(workspace, List.of("python3", "hang.py", marker),
                new SandboxLimits(Duration.ofSeconds(2), QUICK.memoryBytes(), QUICK.maxProcesses(), QUICK.outputBytes()));

        assertThat(result.outcome()).as(result.output()).isEqualTo(Outcome.TIMED_OUT);
        assertThat(result.exitCode()).isEqualTo(128 + 9);
        assertThat(result.output()).contains("sleeping");
        assertThat(result.durationMs()).isBetween(2_000L, 5_000L);
        assertThat(processesWith(marker)).as("processes left behind").isEmpty();
    }

    @Test
    void processesLeftRunningByACommandThatEndedAreKilledWithIt() {
        SandboxResult result = sandbox.run(workspace, List.of("/bin/sh", "-c",
                "python3 -c 'import time; time.sleep(300)' " + marker + " & echo started"), QUICK);

        assertThat(result.outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(result.exitCode()).isZero();
        assertThat(result.durationMs()).isLessThan(5_000L);
        assertThat(processesWith(marker)).as("processes left behind").isEmpty();
    }

    @Test
    void allocatingPastTheMemoryLimitIsStoppedAsOutOfMemory() {
        SandboxResult result = sandbox.run(workspace, List.of("python3", "-c", """
                chunks = []
                while True:
                    chunks.append(bytearray(16 * 1024 * 1024))
                """), new SandboxLimits(QUICK.wallClock(), 128L * 1024 * 1024, QUICK.maxProcesses(), QUICK.outputBytes()));

        assertThat(result.outcome()).as(result.output()).isEqualTo(Outcome.OUT_OF_MEMORY);
        assertThat(result.output()).contains("MemoryError");
        assertThat(result.durationMs()).isLessThan(10_000L);
    }

    @Test
    void whereTheHubMayCreateCgroupsTheKernelsOomKillIsReported() {
        assumeThat(sandbox.host().memoryCgroup()).as("a writable memory cgroup on this machine").isPresent();

        // as a JVM program: no address-space limit, so only the cgroup stands in the way
        SandboxResult result = sandbox.run(workspace, List.of("python3", "-c", """
                chunks = []
                while True:
                    chunks.append(bytearray(16 * 1024 * 1024))
                """), new SandboxLimits(QUICK.wallClock(), 128L * 1024 * 1024, QUICK.maxProcesses(), QUICK.outputBytes()),
                Sandbox.Program.JVM);

        assertThat(result.outcome()).as(result.output()).isEqualTo(Outcome.OUT_OF_MEMORY);
        assertThat(result.exitCode()).isEqualTo(128 + 9);
        assertThat(result.output()).doesNotContain("MemoryError");
    }

    @Test
    void aForkBombIsStoppedByTheProcessLimitAndTheHostCarriesOn() throws Exception {
        SandboxResult result = sandbox.run(workspace, List.of("python3", "-c", """
                import os
                while True:
                    os.fork()
                """, marker), new SandboxLimits(Duration.ofSeconds(3), QUICK.memoryBytes(), 32, QUICK.outputBytes()));

        assertThat(result.outcome()).as(result.output()).isEqualTo(Outcome.PROCESS_LIMIT);
        assertThat(result.durationMs()).isLessThan(8_000L);
        assertThat(processesWith(marker)).as("processes left behind").isEmpty();
        Process host = new ProcessBuilder("true").start();
        assertThat(host.waitFor()).as("the host still forks").isZero();
        assertThat(sandbox.run(workspace, List.of("true"), QUICK).succeeded()).as("the next run").isTrue();
    }

    @Test
    void aShellForkBombIsStoppedToo() {
        // every shell waits for the two it forked, so the bomb cannot end before a fork is refused (a
        // bomb that puts itself in the background, "bomb | bomb &", lets the first shell exit at once,
        // and the sandbox then kills the rest, often before any fork was refused); and the shell that
        // was refused writes its error before it exits, which its waiting parents are sure to see
        SandboxResult result = sandbox.run(workspace, List.of("/bin/sh", "-c", "bomb() { bomb | bomb; }; bomb; exit 0",
                marker), new SandboxLimits(Duration.ofSeconds(10), QUICK.memoryBytes(), 32, QUICK.outputBytes()));

        assertThat(result.output()).contains("Cannot fork");
        assertThat(processesWith(marker)).as("processes left behind").isEmpty();
        // the shell exits 0: only the pids cgroup's count tells the limit was hit
        assumeThat(sandbox.host().pidsCgroup()).as("a writable pids cgroup on this machine").isPresent();
        assertThat(result.outcome()).isEqualTo(Outcome.PROCESS_LIMIT);
    }

    /**
     * Runs as one uid (or, for a hub that is not root, the hub's) share no process budget: the
     * process limit is set inside each sandbox's own user namespace, where the kernel (5.14 and
     * later) counts only that sandbox's processes. Other hubs' sandboxes, or the dying processes of
     * a fork bomb a moment ago, are processes of the same uid outside it.
     */
    @Test
    void processesOfTheSandboxUidOutsideTheRunDoNotCountAgainstItsLimit() throws Exception {
        SandboxLimits eight = new SandboxLimits(Duration.ofSeconds(10), QUICK.memoryBytes(), 8, QUICK.outputBytes());
        // more than the whole rlimit of a run with this limit (twice (8 + 2) where a pids cgroup is the first line)
        int others = 3 * (eight.maxProcesses() + RunCgroups.SANDBOX_OWN_PROCESSES);
        List<Process> held = new ArrayList<>();
        try {
            for (int i = 0; i < others; i++) {
                held.add(asUserOf(sandbox, "/bin/sh", "-c", "echo ready; exec sleep 300").start());
            }
            for (Process process : held) {
                // it says so once setpriv made it the sandbox's uid
                assertThat(process.inputReader().readLine()).isEqualTo("ready");
            }
            assertThat(processesOfUid(sandbox.host().sandboxUid())).as("processes of uid " + sandbox.host().sandboxUid())
                    .isGreaterThanOrEqualTo(others);

            SandboxResult busy = sandbox.run(workspace, List.of("/bin/sh", "-c",
                    "for i in 1 2 3 4 5; do sleep 0.2 & done; wait; echo five"), eight);
            SandboxResult bomb = sandbox.run(workspace, List.of("python3", "-c", """
                    import os
                    while True:
                        os.fork()
                    """), eight);

            assertThat(busy.outcome()).as(busy.output()).isEqualTo(Outcome.COMPLETED);
            assertThat(busy.output()).isEqualTo("five\n");
            assertThat(bomb.outcome()).as(bomb.output()).isEqualTo(Outcome.PROCESS_LIMIT);
        } finally {
            held.forEach(Process::destroyForcibly);
        }
        for (Process process : held) {
            process.waitFor();
        }
    }

    @Test
    void hugeOutputKeepsItsHeadAndTailAndCutsNoCharacter() {
        int limit = 8192;
        SandboxResult result = sandbox.run(workspace, List.of("python3", "-c", """
                print("FIRST LINE")
                for i in range(200000):
                    print(f"{i} é€😀 filler")
                print("LAST LINE")
                """), new SandboxLimits(QUICK.wallClock(), QUICK.memoryBytes(), QUICK.maxProcesses(), limit));

        assertThat(result.outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(result.truncated()).isTrue();
        assertThat(result.output()).startsWith("FIRST LINE\n").endsWith("LAST LINE\n")
                .containsPattern("\\[\\.\\.\\. \\d+ bytes of output cut \\.\\.\\.]").doesNotContain("\uFFFD");
        String marker = result.output().replaceAll("(?s).*(\n\\[\\.\\.\\. \\d+ bytes of output cut \\.\\.\\.]\n).*", "$1");
        assertThat(result.output().getBytes(StandardCharsets.UTF_8).length - marker.length()).isLessThanOrEqualTo(limit);
    }

    @Test
    void theHubsEnvironmentDoesNotReachTheSandbox() {
        SandboxResult result = sandbox.run(workspace, List.of("env"), QUICK);

        assertThat(result.succeeded()).as(result.output()).isTrue();
        assertThat(result.output()).contains("HOME=/workspace\n", "LANG=C.UTF-8\n").doesNotContain("VIBECODER_");
        System.getenv().forEach((name, value) -> {
            if (name.matches(".*(PASSWORD|SECRET|KEY|TOKEN).*") && value.length() > 3) {
                assertThat(result.output()).as(name).doesNotContain(value);
            }
        });
    }

    @Test
    void runsGoOnConcurrently() {
        var pool = Executors.newFixedThreadPool(2);
        try {
            long start = System.nanoTime();
            List<CompletableFuture<SandboxResult>> runs = List.of(1, 2).stream()
                    .map(i -> CompletableFuture.supplyAsync(() -> sandbox.run(workspace,
                            List.of("/bin/sh", "-c", "sleep 1; echo run " + i), QUICK), pool)).toList();
            List<SandboxResult> results = runs.stream().map(CompletableFuture::join).toList();
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;

            assertThat(results).extracting(SandboxResult::output).containsExactly("run 1\n", "run 2\n");
            assertThat(elapsedMs).as("both at once").isLessThan(1_900L);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aSandboxThatCannotStartSaysSoAndRunsNothing() throws IOException {
        Sandbox broken = new Sandbox(SandboxTestSupport.properties("bwrap=/bin/false"));
        SandboxResult result = broken.run(workspace, List.of("/bin/sh", "-c", "echo ran > ran.txt"), QUICK);
        assertThat(result.outcome()).isEqualTo(Outcome.FAILED_TO_START);
        assertThat(result.output()).startsWith("the sandbox did not start");
        assertThat(workspace.resolve("ran.txt")).doesNotExist();

        Sandbox missing = new Sandbox(SandboxTestSupport.properties("bwrap=/nonexistent/bwrap"));
        assertThat(missing.run(workspace, List.of("true"), QUICK).output())
                .contains("bubblewrap (bwrap) not found at /nonexistent/bwrap", "apt-get install bubblewrap");

        SandboxResult noWorkspace = sandbox.run(workspace.resolve("absent"), List.of("true"), QUICK);
        assertThat(noWorkspace.outcome()).isEqualTo(Outcome.FAILED_TO_START);
        assertThat(noWorkspace.output()).contains("no workspace at");
    }

    private static String pythonString(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
