package dev.vibecoder.sandbox;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test counts read from a runner's own summary: Python's unittest, pytest, or the JUnit Platform
 * console launcher. When a runner printed no summary (it crashed, timed out, or never started),
 * every count is 0.
 */
record TestSummary(int passed, int failed, int errors, int skipped) {

    static final TestSummary NONE = new TestSummary(0, 0, 0, 0);

    /** {@code Ran 5 tests in 0.01s} */
    private static final Pattern UNITTEST_RAN = Pattern.compile("(?m)^Ran (\\d+) tests? in ");
    /** {@code OK}, {@code OK (skipped=1)}, {@code FAILED (failures=1, errors=2, skipped=1)} */
    private static final Pattern UNITTEST_VERDICT = Pattern.compile("(?m)^(OK|FAILED)(?: \\(([^)]*)\\))?\\s*$");
    /** {@code ==== 2 failed, 3 passed, 1 skipped, 1 error in 0.12s ====} */
    private static final Pattern PYTEST_LINE = Pattern.compile("(?m)^=+ (.*\\d.*) in [\\d.]+s(?: \\([^)]*\\))? =+\\s*$");
    private static final Pattern PYTEST_COUNT = Pattern.compile("(\\d+) (passed|failed|errors?|skipped|xfailed|xpassed)");
    /** {@code [         3 tests successful      ]} */
    private static final Pattern JUNIT_COUNT = Pattern.compile(
            "\\[\\s*(\\d+) (tests|containers) (found|skipped|started|aborted|successful|failed)\\s*]");

    /** The summary of whichever Python runner printed one. */
    static TestSummary python(String output) {
        TestSummary unittest = unittest(output);
        return unittest != NONE ? unittest : pytest(output);
    }

    static TestSummary unittest(String output) {
        Matcher ran = UNITTEST_RAN.matcher(output);
        int total = -1;
        while (ran.find()) {
            total = Integer.parseInt(ran.group(1));
        }
        if (total < 0) {
            return NONE;
        }
        Map<String, Integer> counts = new java.util.HashMap<>();
        Matcher verdict = UNITTEST_VERDICT.matcher(output);
        String details = null;
        while (verdict.find()) {
            details = verdict.group(2);
        }
        if (details != null) {
            for (String pair : details.split(",")) {
                String[] kv = pair.strip().split("=");
                if (kv.length == 2 && kv[1].strip().matches("\\d+")) {
                    counts.put(kv[0].strip(), Integer.parseInt(kv[1].strip()));
                }
            }
        }
        int failed = counts.getOrDefault("failures", 0) + counts.getOrDefault("unexpected successes", 0);
        int errors = counts.getOrDefault("errors", 0);
        int skipped = counts.getOrDefault("skipped", 0);
        return new TestSummary(Math.max(0, total - failed - errors - skipped), failed, errors, skipped);
    }

    static TestSummary pytest(String output) {
        Matcher line = PYTEST_LINE.matcher(output);
        String summary = null;
        while (line.find()) {
            summary = line.group(1);
        }
        if (summary == null) {
            return NONE;
        }
        int passed = 0;
        int failed = 0;
        int errors = 0;
        int skipped = 0;
        Matcher count = PYTEST_COUNT.matcher(summary);
        while (count.find()) {
            int n = Integer.parseInt(count.group(1));
            switch (count.group(2)) {
                // as unittest counts them: an expected failure passed, an unexpected success failed
                case "passed", "xfailed" -> passed += n;
                case "failed", "xpassed" -> failed += n;
                case "error", "errors" -> errors += n;
                default -> skipped += n;
            }
        }
        return new TestSummary(passed, failed, errors, skipped);
    }

    /**
     * The console launcher's summary. JUnit does not tell failures from errors within a test; what it
     * does tell apart is a failed container (a test class whose set-up threw, or that could not be
     * loaded), counted here as errors. Tests aborted by an assumption count as skipped.
     */
    static TestSummary junit(String output) {
        Map<String, Integer> counts = new java.util.HashMap<>();
        Matcher m = JUNIT_COUNT.matcher(output);
        while (m.find()) {
            counts.put(m.group(2) + " " + m.group(3), Integer.parseInt(m.group(1)));
        }
        if (counts.isEmpty()) {
            return NONE;
        }
        return new TestSummary(counts.getOrDefault("tests successful", 0), counts.getOrDefault("tests failed", 0),
                counts.getOrDefault("containers failed", 0),
                counts.getOrDefault("tests skipped", 0) + counts.getOrDefault("tests aborted", 0));
    }
}
