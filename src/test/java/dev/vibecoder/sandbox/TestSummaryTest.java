package dev.vibecoder.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Counts read from the summaries the runners really print (copied from their output). */
class TestSummaryTest {

    @Test
    void unittestSuccess() {
        assertThat(TestSummary.python("test_a (t.T.test_a) ... ok\n\n-----\nRan 3 tests in 0.001s\n\nOK\n"))
                .isEqualTo(new TestSummary(3, 0, 0, 0));
        assertThat(TestSummary.python("Ran 1 test in 0.000s\n\nOK (skipped=1)\n")).isEqualTo(new TestSummary(0, 0, 0, 1));
    }

    @Test
    void unittestFailureWithEveryKindOfCount() {
        String output = """
                ======================================================================
                FAIL: test_b (t.T.test_b)
                ----------------------------------------------------------------------
                AssertionError: 1 != 2

                ----------------------------------------------------------------------
                Ran 9 tests in 0.003s

                FAILED (failures=2, errors=1, skipped=3, expected failures=1, unexpected successes=1)
                """;
        assertThat(TestSummary.python(output)).isEqualTo(new TestSummary(2, 3, 1, 3));
    }

    @Test
    void unittestThatCouldNotImportItsTests() {
        assertThat(TestSummary.python("ERROR: tests.test_x (unittest.loader._FailedTest.tests.test_x)\n"
                + "ImportError: No module named 'calc'\n\nRan 1 test in 0.000s\n\nFAILED (errors=1)\n"))
                .isEqualTo(new TestSummary(0, 0, 1, 0));
    }

    @Test
    void pytestSummaries() {
        assertThat(TestSummary.python("===== 2 failed, 3 passed, 1 skipped, 1 error in 0.12s =====\n"))
                .isEqualTo(new TestSummary(3, 2, 1, 1));
        assertThat(TestSummary.python("============================== 4 passed in 0.01s ===============================\n"))
                .isEqualTo(new TestSummary(4, 0, 0, 0));
        assertThat(TestSummary.python("== 1 passed, 1 xfailed, 2 warnings in 0.20s (0:00:00) ==\n"))
                .isEqualTo(new TestSummary(2, 0, 0, 0));
    }

    @Test
    void anUnexpectedSuccessFailsInPytestAsInUnittest() {
        assertThat(TestSummary.python("=== 3 passed, 1 xfailed, 2 xpassed in 0.05s ===\n"))
                .isEqualTo(new TestSummary(4, 2, 0, 0));
        assertThat(TestSummary.python("Ran 2 tests in 0.001s\n\nFAILED (unexpected successes=1)\n"))
                .isEqualTo(new TestSummary(1, 1, 0, 0));
    }

    @Test
    void noSummaryMeansNoCounts() {
        assertThat(TestSummary.python("Traceback (most recent call last):\nMemoryError\n")).isEqualTo(TestSummary.NONE);
        assertThat(TestSummary.junit("error: cannot find symbol")).isEqualTo(TestSummary.NONE);
    }

    @Test
    void junitConsoleLauncherSummary() {
        String output = """
                Test run finished after 64 ms
                [         4 containers found      ]
                [         0 containers skipped    ]
                [         4 containers started    ]
                [         0 containers aborted    ]
                [         3 containers successful ]
                [         1 containers failed     ]
                [         7 tests found           ]
                [         1 tests skipped         ]
                [         6 tests started         ]
                [         1 tests aborted         ]
                [         3 tests successful      ]
                [         2 tests failed          ]
                """;
        assertThat(TestSummary.junit(output)).isEqualTo(new TestSummary(3, 2, 1, 2));
    }
}
