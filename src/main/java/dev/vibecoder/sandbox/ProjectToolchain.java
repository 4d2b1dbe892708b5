package dev.vibecoder.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Language-aware compile check and test run inside the {@link Sandbox}, for the languages whose
 * projects the hub can build: {@code python} and {@code java}.
 *
 * <p>Python runs the interpreter of {@code vibecoder.sandbox.python}; byte code goes to the
 * sandbox's private /tmp, so the workspace stays as it was. Java compiles with the configured JDK
 * into the private /tmp and runs the JUnit Platform console launcher on the result, in one sandboxed
 * run; which files count is {@link JavaSources}' layout rule.
 */
@Component
public class ProjectToolchain {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectToolchain.class);
    private static final String CLASSES = "/tmp/classes";
    /** When a test plan names no command: unittest discovery, in tests/ if the project has one. */
    private static final String UNITTEST_IN_TESTS = "python3 -m unittest discover -s tests -v";
    private static final String UNITTEST = "python3 -m unittest discover -v";
    /** A word the shell takes as it is. */
    private static final Pattern PLAIN_WORD = Pattern.compile("[\\w@%+=:,./-]+");

    private enum Language {
        PYTHON, JAVA;

        static Language of(String name) {
            String normalised = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
            return Arrays.stream(values()).filter(l -> l.name().toLowerCase(Locale.ROOT).equals(normalised))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("unsupported language '" + name
                            + "'; supported: " + Arrays.stream(values()).map(l -> l.name().toLowerCase(Locale.ROOT))
                            .collect(Collectors.joining(", "))));
        }
    }

    /** The languages whose projects this toolchain compiles and tests. */
    public static final List<String> LANGUAGES = Arrays.stream(Language.values())
            .map(l -> l.name().toLowerCase(Locale.ROOT)).toList();

    private final Sandbox sandbox;

    public static boolean supports(String language) {
        return language != null && LANGUAGES.contains(language.strip().toLowerCase(Locale.ROOT));
    }

    public ProjectToolchain(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    /**
     * Byte-compiles ({@code python3 -m compileall -q .}) or compiles (javac, main and test sources,
     * against the JUnit launcher jar) the tree; the result names the command that ran.
     *
     * @throws SandboxNotStartedException when the check could not run at all
     */
    public Compilation compile(Path dir, String language) {
        return compile(dir, language, sandbox.defaults());
    }

    public Compilation compile(Path dir, String language, SandboxLimits limits) {
        return switch (Language.of(language)) {
            case PYTHON -> compilation(List.of(tools().python(), "-m", "compileall", "-q", "."),
                    argv -> sandbox.run(dir, argv, limits, Sandbox.Program.NATIVE));
            case JAVA -> {
                String missing = missingJavaTooling();
                yield compilation(javac(sources(dir), limits), argv -> missing != null
                        ? SandboxResult.failedToStart(missing, 0) : sandbox.run(dir, argv, limits, Sandbox.Program.JVM));
            }
        };
    }

    private static Compilation compilation(List<String> argv, Function<List<String>, SandboxResult> run) {
        String command = commandLine(argv);
        return new Compilation(command, started(command, run.apply(argv)));
    }

    /**
     * Runs the tests. Python: testCommand as the test plan gives it (e.g. {@code python3 -m unittest
     * discover -s tests -v}), through {@code /bin/sh -c} inside the sandbox; without one, unittest
     * discovery. Java: testCommand is ignored (no build tool can fetch dependencies without network);
     * the sources are compiled and the JUnit Platform console launcher runs every test it finds.
     *
     * @throws SandboxNotStartedException when the tests could not run at all
     */
    public TestRun test(Path dir, String language, String testCommand) {
        return test(dir, language, testCommand, sandbox.defaults());
    }

    public TestRun test(Path dir, String language, String testCommand, SandboxLimits limits) {
        return switch (Language.of(language)) {
            case PYTHON -> {
                String command = testCommand == null || testCommand.isBlank()
                        ? Files.isDirectory(dir.resolve("tests")) ? UNITTEST_IN_TESTS : UNITTEST
                        : testCommand.strip();
                SandboxResult result = started(command, sandbox.run(dir, List.of("/bin/sh", "-c", command), limits,
                        Sandbox.Program.NATIVE));
                yield testRun(command, result, TestSummary.python(result.output()));
            }
            case JAVA -> {
                if (testCommand != null && !testCommand.isBlank()) {
                    LOG.debug("Java project in {}: test command '{}' replaced by javac and the JUnit launcher", dir,
                            testCommand);
                }
                yield javaTest(dir, limits);
            }
        };
    }

    private TestRun javaTest(Path dir, SandboxLimits limits) {
        String missing = missingJavaTooling();
        JavaSources sources = sources(dir);
        List<String> javac = javac(sources, limits);
        List<String> launcher = junit(sources, limits);
        String command = commandLine(javac) + " && " + commandLine(launcher);
        if (missing != null) {
            throw new SandboxNotStartedException(command, SandboxResult.failedToStart(missing, 0));
        }
        // one run, since the classes live in the run's private /tmp: "$@" is javac, then the launcher
        List<String> script = new ArrayList<>(List.of("/bin/sh", "-c",
                "\"$@\" && exec " + launcher.stream().map(ProjectToolchain::quote).collect(Collectors.joining(" ")),
                "javac-then-junit"));
        script.addAll(javac);
        SandboxResult result = started(command, sandbox.run(dir, script, limits, Sandbox.Program.JVM));
        return testRun(command, result, TestSummary.junit(result.output()));
    }

    private List<String> javac(JavaSources sources, SandboxLimits limits) {
        List<String> command = new ArrayList<>();
        command.add(tools().javaHome().resolve("bin/javac").toString());
        jvmOptions(limits).forEach(option -> command.add("-J" + option));
        command.addAll(List.of("-d", CLASSES, "-cp", SandboxLaunch.JUNIT_LAUNCHER, "-encoding", "UTF-8",
                "-proc:none"));
        command.addAll(sources.sources());
        return command;
    }

    private List<String> junit(JavaSources sources, SandboxLimits limits) {
        List<String> command = new ArrayList<>();
        command.add(tools().javaHome().resolve("bin/java").toString());
        command.addAll(jvmOptions(limits));
        command.addAll(List.of("-jar", SandboxLaunch.JUNIT_LAUNCHER, "execute", "--disable-banner",
                "--disable-ansi-colors", "--details=tree", "--fail-if-no-tests",
                "--class-path", classPath(sources), "--scan-class-path"));
        return command;
    }

    private static String classPath(JavaSources sources) {
        List<String> entries = new ArrayList<>(List.of(CLASSES));
        sources.resources().forEach(r -> entries.add(SandboxLaunch.WORKSPACE + "/" + r));
        return String.join(":", entries);
    }

    /**
     * Half the run's memory for the heap, the rest for the JVM itself (metaspace, code, threads).
     * Short runs: start-up matters more than peak speed, so C1 only and the serial collector (which
     * also keeps the thread count, and so the process limit, low).
     */
    private static List<String> jvmOptions(SandboxLimits limits) {
        long heapMb = Math.max(64, limits.memoryBytes() / 2 / (1024 * 1024));
        return List.of("-Xmx" + heapMb + "m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData");
    }

    private JavaSources sources(Path dir) {
        return Files.isDirectory(dir) ? JavaSources.of(dir) : new JavaSources(List.of(), List.of());
    }

    private String missingJavaTooling() {
        SandboxHost.Toolchains tools = tools();
        if (!tools.hasJavac()) {
            return "no javac in " + tools.javaHome() + ": set vibecoder.sandbox.java-home (VIBECODER_SANDBOX_JAVA_HOME) to a JDK";
        }
        if (tools.junitLauncher().isEmpty()) {
            return "Java projects need the JUnit console launcher: set vibecoder.sandbox.junit-launcher "
                    + "(VIBECODER_SANDBOX_JUNIT_LAUNCHER) to junit-platform-console-standalone-<version>.jar "
                    + "(scripts/services-up.sh fetches it)";
        }
        return null;
    }

    private SandboxHost.Toolchains tools() {
        return sandbox.host().toolchains();
    }

    /** A run that never started is the hub's trouble, not a result of the project's code. */
    private static SandboxResult started(String command, SandboxResult result) {
        if (result.outcome() == SandboxResult.Outcome.FAILED_TO_START) {
            throw new SandboxNotStartedException(command, result);
        }
        return result;
    }

    private static TestRun testRun(String command, SandboxResult result, TestSummary summary) {
        return new TestRun(command, result, summary.passed(), summary.failed(), summary.errors(), summary.skipped());
    }

    private static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** Arguments as a shell command line: words with characters the shell would read are quoted. */
    static String commandLine(List<String> argv) {
        return argv.stream().map(word -> PLAIN_WORD.matcher(word).matches() ? word : quote(word))
                .collect(Collectors.joining(" "));
    }
}
