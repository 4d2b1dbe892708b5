package dev.vibecoder.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The hub does not start without a working sandbox, and says what is missing and how to get it. */
class SandboxStartupCheckTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(SandboxProperties.class)
    @Import({Sandbox.class, ProjectToolchain.class, SandboxStartupCheck.class})
    static class SandboxOnly {
    }

    private final ApplicationContextRunner hub = new ApplicationContextRunner().withUserConfiguration(SandboxOnly.class)
            .withPropertyValues("vibecoder.sandbox.junit-launcher=" + SandboxTestSupport.junitLauncher());

    @Test
    void withBubblewrapTheHubStarts() {
        hub.run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(Sandbox.class).hasSingleBean(ProjectToolchain.class);
        });
    }

    @Test
    void aRunThatAsksForNothingElseHasTheConfiguredLimits() {
        hub.withPropertyValues("vibecoder.sandbox.timeout=45s", "vibecoder.sandbox.memory-mb=300",
                "vibecoder.sandbox.max-processes=40", "vibecoder.sandbox.output-limit-bytes=2048").run(context ->
                assertThat(context.getBean(Sandbox.class).defaults()).isEqualTo(
                        new SandboxLimits(java.time.Duration.ofSeconds(45), 300L * 1024 * 1024, 40, 2048)));
    }

    @Test
    void withoutBubblewrapTheStartFailsNamingItAndHowToInstallIt() {
        hub.withPropertyValues("vibecoder.sandbox.bwrap=bwrap-not-installed").run(context -> {
            assertThat(context).hasFailed();
            SandboxUnavailableException failure = rootCause(context.getStartupFailure());
            assertThat(failure.getMessage()).isEqualTo("bubblewrap (bwrap) not found on PATH "
                    + "(vibecoder.sandbox.bwrap, VIBECODER_SANDBOX_BWRAP): "
                    + "apt-get install bubblewrap (scripts/services-up.sh installs it)");

            FailureAnalysis analysis = new SandboxFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).startsWith("VibeCoder runs generated code only inside its sandbox")
                    .contains("bubblewrap (bwrap) not found on PATH");
            assertThat(analysis.getAction()).isEqualTo("apt-get install bubblewrap (scripts/services-up.sh installs it)");
        });
    }

    @Test
    void aBubblewrapThatCannotCreateTheSandboxFailsTheStartPointingAtUserNamespaces() {
        hub.withPropertyValues("vibecoder.sandbox.bwrap=/bin/false").run(context -> {
            assertThat(context).hasFailed();
            assertThat(rootCause(context.getStartupFailure()).getMessage())
                    .startsWith("bubblewrap (/bin/false) could not start a sandbox: the sandbox did not start (exit 1)")
                    .contains("user.max_user_namespaces", "security_opt");
        });
    }

    @Test
    void aMissingPythonFailsTheStartNamingTheSetting() {
        hub.withPropertyValues("vibecoder.sandbox.python=python-not-installed").run(context -> {
            assertThat(context).hasFailed();
            assertThat(rootCause(context.getStartupFailure()).getMessage())
                    .startsWith("Python (python-not-installed) does not run in the sandbox")
                    .contains("vibecoder.sandbox.python (VIBECODER_SANDBOX_PYTHON)");
        });
    }

    @Test
    void aMissingJunitLauncherOnlyWarnsAndJavaProjectsSayWhatTheyNeed(@org.junit.jupiter.api.io.TempDir java.nio.file.Path project) {
        hub.withPropertyValues("vibecoder.sandbox.junit-launcher=").run(context -> {
            assertThat(context).hasNotFailed();
            // no test report for the fixer: the tests never ran
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> context.getBean(ProjectToolchain.class).test(project, "java", null))
                    .isInstanceOfSatisfying(SandboxNotStartedException.class, e -> assertThat(e.result().outcome())
                            .isEqualTo(SandboxResult.Outcome.FAILED_TO_START))
                    .hasMessageContaining("vibecoder.sandbox.junit-launcher (VIBECODER_SANDBOX_JUNIT_LAUNCHER)");
        });
    }

    private static SandboxUnavailableException rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause != null && !(cause instanceof SandboxUnavailableException)) {
            cause = cause.getCause();
        }
        assertThat(cause).as("the start failed for want of a sandbox: " + failure).isNotNull();
        return (SandboxUnavailableException) cause;
    }
}
