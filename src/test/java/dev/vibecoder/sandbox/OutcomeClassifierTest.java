package dev.vibecoder.sandbox;

import static dev.vibecoder.sandbox.OutcomeClassifier.classify;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vibecoder.sandbox.SandboxResult.Outcome;
import org.junit.jupiter.api.Test;

class OutcomeClassifierTest {

    @Test
    void whatTheKernelCountedWinsEvenOverASuccessfulExit() {
        assertThat(classify(false, 137, true, false, "")).isEqualTo(Outcome.OUT_OF_MEMORY);
        assertThat(classify(true, 137, false, true, "")).isEqualTo(Outcome.PROCESS_LIMIT);
        assertThat(classify(false, 0, false, true, "")).isEqualTo(Outcome.PROCESS_LIMIT);
    }

    @Test
    void aLimitNamedInTheOutputOfAFailedOrStoppedRunWinsOverTheClock() {
        assertThat(classify(true, 137, false, false, "BlockingIOError: [Errno 11] Resource temporarily unavailable"))
                .isEqualTo(Outcome.PROCESS_LIMIT);
        assertThat(classify(false, 1, false, false, "Traceback (most recent call last):\n  File \"x\"\nMemoryError\n"))
                .isEqualTo(Outcome.OUT_OF_MEMORY);
        assertThat(classify(false, 1, false, false, "java.lang.OutOfMemoryError: unable to create native thread"))
                .as("threads are processes to the kernel").isEqualTo(Outcome.PROCESS_LIMIT);
        assertThat(classify(true, 137, false, false, "sleeping")).isEqualTo(Outcome.TIMED_OUT);
    }

    @Test
    void aRunThatSucceededIsNotMisreadFromItsOutput() {
        assertThat(classify(false, 0, false, false, "test_raises_MemoryError ... ok\nMemoryError\n"))
                .isEqualTo(Outcome.COMPLETED);
        assertThat(classify(false, 1, false, false, "test_memory_error ... FAIL")).isEqualTo(Outcome.COMPLETED);
    }
}
