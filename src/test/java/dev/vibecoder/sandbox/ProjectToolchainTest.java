package dev.vibecoder.sandbox;

import static dev.vibecoder.sandbox.SandboxTestSupport.QUICK;
import static dev.vibecoder.sandbox.SandboxTestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vibecoder.sandbox.SandboxResult.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Python and Java projects compiled and tested in the real sandbox, with the runners' own counts. */
class ProjectToolchainTest {

    private static final String UNITTEST = "python3 -m unittest discover -s tests -v";

    private static ProjectToolchain toolchain;

    @TempDir
    Path project;

    @BeforeAll
    static void toolchain() {
        toolchain = new ProjectToolchain(new Sandbox(SandboxTestSupport.properties()));
    }

    @Test
    void aPassingPythonProjectIsGreenWithItsCounts() throws IOException {
        write(project, Map.of(
                "calc/__init__.py", "",
                "calc/ops.py", "def add(a, b):\n    return a + b\n",
                "tests/test_ops.py", """
                        import unittest
                        from calc.ops import add

                        class OpsTest(unittest.TestCase):
                            def test_adds(self):
                                self.assertEqual(add(2, 3), 5)

                            def test_adds_negatives(self):
                                self.assertEqual(add(-2, -3), -5)

                            @unittest.skip("not yet")
                            def test_later(self):
                                pass
                        """));

        TestRun run = toolchain.test(project, "python", UNITTEST, QUICK);

        assertThat(run.green()).as(run.result().output()).isTrue();
        assertThat(run).extracting(TestRun::passed, TestRun::failed, TestRun::errors, TestRun::skipped)
                .containsExactly(2, 0, 0, 1);
        assertThat(run.command()).isEqualTo(UNITTEST);
        assertThat(run.result().output()).contains("Ran 3 tests", "OK (skipped=1)");
        assertThat(project).isDirectoryNotContaining("glob:**/__pycache__");
    }

    @Test
    void aFailingPythonProjectIsRedWithItsCounts() throws IOException {
        write(project, Map.of(
                "calc/__init__.py", "",
                "calc/ops.py", "def add(a, b):\n    return a - b\n",
                "tests/test_ops.py", """
                        import unittest
                        from calc.ops import add

                        class OpsTest(unittest.TestCase):
                            def test_adds(self):
                                self.assertEqual(add(2, 3), 5)

                            def test_zero(self):
                                self.assertEqual(add(0, 0), 0)

                            def test_breaks(self):
                                raise RuntimeError("boom")

                            @unittest.skip("not yet")
                            def test_later(self):
                                pass
                        """));

        TestRun run = toolchain.test(project, "python", null, QUICK);

        assertThat(run.green()).isFalse();
        assertThat(run.result().outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(run.result().exitCode()).isEqualTo(1);
        assertThat(run).extracting(TestRun::passed, TestRun::failed, TestRun::errors, TestRun::skipped)
                .containsExactly(1, 1, 1, 1);
        assertThat(run.command()).as("the default for a project with tests/").isEqualTo(UNITTEST);
        assertThat(run.result().output()).contains("FAILED (failures=1, errors=1, skipped=1)", "RuntimeError: boom");
    }

    @Test
    void aPythonSyntaxErrorIsReportedByTheCompileCheck() throws IOException {
        write(project, Map.of("good.py", "x = 1\n", "pkg/bad.py", "def broken(:\n    pass\n"));

        Compilation compilation = toolchain.compile(project, "python");
        SandboxResult result = compilation.result();

        assertThat(compilation.command()).isEqualTo("python3 -m compileall -q .");
        assertThat(result.outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("pkg/bad.py", "SyntaxError");
        assertThat(project).isDirectoryNotContaining("glob:**/__pycache__");

        Files.delete(project.resolve("pkg/bad.py"));
        assertThat(toolchain.compile(project, "python").succeeded()).isTrue();
    }

    @Test
    void theCompileCommandShownIsTheOneThatRanWithAConfiguredInterpreter() throws IOException {
        Path python = Path.of("/usr/bin/python3").toRealPath();
        ProjectToolchain configured = new ProjectToolchain(new Sandbox(SandboxTestSupport.properties(
                "python=/usr/bin/python3")));
        write(project, Map.of("good.py", "x = 1\n"));

        Compilation compilation = configured.compile(project, "python");

        assertThat(compilation.succeeded()).as(compilation.result().output()).isTrue();
        assertThat(compilation.command()).isEqualTo(python + " -m compileall -q .");
    }

    @Test
    void aPassingJavaProjectIsGreenWithItsCounts() throws IOException {
        write(project, Map.of(
                "src/main/java/demo/Calc.java", """
                        package demo;

                        public class Calc {
                            public static int add(int a, int b) {
                                return a + b;
                            }
                        }
                        """,
                "src/main/resources/greeting.txt", "hello",
                "src/test/java/demo/CalcTest.java", """
                        package demo;

                        import static org.junit.jupiter.api.Assertions.assertEquals;

                        import org.junit.jupiter.api.Disabled;
                        import org.junit.jupiter.api.Test;

                        class CalcTest {
                            @Test
                            void adds() {
                                assertEquals(5, Calc.add(2, 3));
                            }

                            @Test
                            void readsItsResource() throws Exception {
                                assertEquals("hello", new String(getClass().getResourceAsStream("/greeting.txt").readAllBytes()));
                            }

                            @Test
                            @Disabled("later")
                            void later() {
                            }
                        }
                        """));

        TestRun run = toolchain.test(project, "java", null, QUICK);

        assertThat(run.green()).as(run.result().output()).isTrue();
        assertThat(run).extracting(TestRun::passed, TestRun::failed, TestRun::errors, TestRun::skipped)
                .containsExactly(2, 0, 0, 1);
        String javaHome = Path.of(System.getProperty("java.home")).toRealPath().toString();
        String jvm = "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData";
        String javac = javaHome + "/bin/javac " + jvm.replaceAll("(^| )-", "$1-J-") + " -d /tmp/classes -cp "
                + "/opt/vibecoder/junit-platform-console-standalone.jar -encoding UTF-8 -proc:none "
                + "src/main/java/demo/Calc.java src/test/java/demo/CalcTest.java";
        assertThat(run.command()).isEqualTo(javac + " && " + javaHome + "/bin/java " + jvm
                + " -jar /opt/vibecoder/junit-platform-console-standalone.jar execute --disable-banner "
                + "--disable-ansi-colors --details=tree --fail-if-no-tests --class-path "
                + "/tmp/classes:/workspace/src/main/resources --scan-class-path");
        Compilation compilation = toolchain.compile(project, "java", QUICK);
        assertThat(compilation.succeeded()).isTrue();
        assertThat(compilation.command()).isEqualTo(javac);
        try (Stream<Path> files = Files.walk(project)) {
            assertThat(files).as("no build output in the workspace").noneMatch(f -> f.toString().endsWith(".class"));
        }
    }

    @Test
    void aFailingJavaProjectIsRedWithItsCounts() throws IOException {
        write(project, Map.of(
                "Calc.java", "public class Calc { static int add(int a, int b) { return a - b; } }\n",
                "CalcTest.java", """
                        import static org.junit.jupiter.api.Assertions.assertEquals;

                        import org.junit.jupiter.api.Test;

                        class CalcTest {
                            @Test
                            void adds() {
                                assertEquals(5, Calc.add(2, 3));
                            }

                            @Test
                            void zero() {
                                assertEquals(0, Calc.add(0, 0));
                            }

                            @Test
                            void breaks() {
                                throw new IllegalStateException("boom");
                            }
                        }
                        """,
                "BrokenSetUpTest.java", """
                        import org.junit.jupiter.api.BeforeAll;
                        import org.junit.jupiter.api.Test;

                        class BrokenSetUpTest {
                            @BeforeAll
                            static void setUp() {
                                throw new IllegalStateException("no database");
                            }

                            @Test
                            void neverRuns() {
                            }
                        }
                        """,
                "target/Stale.java", "this is build output, not a source"));

        TestRun run = toolchain.test(project, "java", "mvn test", QUICK);

        assertThat(run.green()).isFalse();
        assertThat(run.result().outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(run.result().exitCode()).isEqualTo(1);
        assertThat(run).extracting(TestRun::passed, TestRun::failed, TestRun::errors, TestRun::skipped)
                .containsExactly(1, 2, 1, 0);
        assertThat(run.result().output()).contains("expected: <5> but was: <-1>", "boom", "no database");
    }

    @Test
    void aJavaCompileErrorIsReportedByCompileAndByTest() throws IOException {
        write(project, Map.of(
                "src/main/java/demo/Calc.java", "package demo;\npublic class Calc { int add(int a, int b) { return a + ; } }\n",
                "src/test/java/demo/CalcTest.java", "package demo;\nclass CalcTest { @org.junit.jupiter.api.Test void t() {} }\n"));

        SandboxResult compiled = toolchain.compile(project, "java", QUICK).result();
        assertThat(compiled.outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(compiled.exitCode()).isNotZero();
        assertThat(compiled.output()).contains("src/main/java/demo/Calc.java:2: error:");

        TestRun run = toolchain.test(project, "java", null, QUICK);
        assertThat(run.green()).isFalse();
        assertThat(run).extracting(TestRun::passed, TestRun::failed, TestRun::errors, TestRun::skipped)
                .containsExactly(0, 0, 0, 0);
        assertThat(run.result().output()).contains("Calc.java:2: error:").doesNotContain("tests successful");
    }

    @Test
    void aJavaTestAllocatingPastTheHeapIsOutOfMemory() throws IOException {
        write(project, Map.of("HogTest.java", """
                import java.util.ArrayList;
                import java.util.List;
                import org.junit.jupiter.api.Test;

                class HogTest {
                    @Test
                    void hogs() {
                        List<long[]> hoard = new ArrayList<>();
                        while (true) {
                            hoard.add(new long[1 << 20]);
                        }
                    }
                }
                """));

        TestRun run = toolchain.test(project, "java", null,
                new SandboxLimits(QUICK.wallClock(), 256L * 1024 * 1024, QUICK.maxProcesses(), QUICK.outputBytes()));

        assertThat(run.result().outcome()).as(run.result().output()).isEqualTo(Outcome.OUT_OF_MEMORY);
        assertThat(run.result().output()).contains("java.lang.OutOfMemoryError");
    }

    @Test
    void aCheckOrTestRunWhoseSandboxCouldNotStartIsNoResultOfTheCode() throws IOException {
        write(project, Map.of("calc/ops.py", "def add(a, b):\n    return a + b\n",
                "tests/test_ops.py", "import unittest\n"));
        ProjectToolchain broken = new ProjectToolchain(new Sandbox(SandboxTestSupport.properties("bwrap=/bin/false")));

        assertThatThrownBy(() -> broken.compile(project, "python", QUICK))
                .isInstanceOfSatisfying(SandboxNotStartedException.class,
                        e -> assertThat(e.result().outcome()).isEqualTo(Outcome.FAILED_TO_START))
                .hasMessageStartingWith("the sandbox could not start a run (the sandbox did not start (exit 1)")
                .hasMessageEndingWith("it was to run: python3 -m compileall -q .");
        assertThatThrownBy(() -> broken.test(project, "python", UNITTEST, QUICK))
                .isInstanceOf(SandboxNotStartedException.class)
                .hasMessageEndingWith("it was to run: " + UNITTEST);
        assertThatThrownBy(() -> broken.test(project, "java", null, QUICK))
                .isInstanceOf(SandboxNotStartedException.class)
                .hasMessageContaining("the sandbox did not start (exit 1)");
    }

    @Test
    void otherLanguagesAreRefusedNamingTheSupportedOnes() {
        assertThatThrownBy(() -> toolchain.test(project, "cobol", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unsupported language 'cobol'; supported: python, java");
        assertThat(toolchain.compile(project, " Python ").succeeded()).as("case and blanks do not matter").isTrue();
    }
}
