package dev.vibecoder.memory;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The gist of a failure output: the line that says what went wrong, with the identifiers and
 * numbers that differ from one occurrence to the next generalised, and a short name for it.
 *
 * <p>Failure outputs of the same cause differ mostly in what the embedding model weighs most: module
 * names, paths, line numbers, values in assertions, and tracebacks of different lengths around the
 * one line that matters. Compared raw, two {@code ModuleNotFoundError}s for different modules are
 * less similar (cosine about 0.6 with all-MiniLM-L6-v2) than a {@code SyntaxError} and an
 * {@code ImportError} that happen to mention the same file (0.73). Compared by their gists they are
 * near-identical, and different causes stay apart; so failures are clustered by the embedding of
 * their {@link #gist}, and a pattern is named by its first failure's {@link #name}.
 *
 * <p>Deterministic and model-free: the same text always gives the same signature.
 *
 * @param name a short human name, e.g. {@code ModuleNotFoundError: No module named …},
 *             {@code AssertionError in test_store}, {@code javac: cannot find symbol}
 * @param gist the generalised key line, with the test module where that is what recurs (assertions,
 *             timeouts): what gets embedded to compare failures
 * @param line the line of the output the signature was read from, as {@link #lines} gives it; empty
 *             when the output has none
 */
public record FailureSignature(String name, String gist, String line) {

    /** Stands for whatever was generalised away. */
    static final String ELIDED = "…";
    private static final int MAX_NAME = 90;
    private static final int MAX_GIST = 300;

    private static final Pattern ANSI = Pattern.compile("\\u001B\\[[0-9;]*[A-Za-z]");
    /** pytest's short summary: {@code FAILED tests/test_x.py::test_y - AssertionError: ...}. */
    private static final Pattern PYTEST_SUMMARY = Pattern.compile("^(?:FAILED|ERROR)\\s+(\\S+?)(?:::\\S+)?\\s+-\\s+(.+)$");
    /** A raised exception: Python's last traceback line, Java's exception or its last {@code Caused by:}. */
    private static final Pattern EXCEPTION = Pattern.compile(
            "^(?:Caused by:\\s*|Exception in thread \"[^\"]*\"\\s*|(?:E\\s+))?"
                    + "((?:[a-z_$][\\w$]*\\.)*((?:[A-Z][\\w$]*)?(?:Error|Exception|Exit|Interrupt|Failure|Fault)))"
                    + "(?::\\s*(.*))?$");
    /** A compiler diagnostic: {@code App.java:12: error: cannot find symbol}, {@code app.ts(3,5): error TS2304: ...}. */
    private static final Pattern COMPILER = Pattern.compile(
            "^\\S*?([\\w-]+)\\.(\\w+)[:(]\\d+(?:[:,]\\d+)?\\)?:\\s*(?:fatal\\s+)?error(?:\\s*\\[?(\\w+)\\]?)?:\\s*(.+)$",
            Pattern.CASE_INSENSITIVE);
    /** A diagnostic at a location without the word error: {@code ./main.go:5:2: undefined: foo}. */
    private static final Pattern LOCATED = Pattern.compile(
            "^\\S*?[\\w-]+\\.(\\w+)(?::\\[\\d+,\\d+\\]|[:(]\\d+(?:[:,]\\d+)?\\)?:)\\s*(.+)$");
    /** Maven and Gradle prefix their diagnostics with the level. */
    private static final Pattern BUILD_TOOL_LEVEL = Pattern.compile("^\\[(?:ERROR|WARNING|INFO)\\]\\s*");
    /** Rust's {@code error[E0425]: cannot find value `x` in this scope} and plain {@code error: ...}. */
    private static final Pattern PLAIN_ERROR = Pattern.compile("^(?:fatal\\s+)?error(?:\\[(\\w+)\\])?:\\s*(.+)$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern TIMEOUT = Pattern.compile("\\btime(?:d)?\\s*out\\b|\\btimeout\\b", Pattern.CASE_INSENSITIVE);
    /** A test module in a traceback frame or a pytest location: {@code tests/test_store.py}. */
    private static final Pattern TEST_MODULE = Pattern.compile(
            "(?:^|[/\\\\\"\\s(])((?:test_\\w+|\\w+_test|\\w+Tests?|\\w+\\.test|\\w+\\.spec))\\.(?:py|java|kt|js|ts|go|rb)\\b");

    private static final List<Pattern> SPECIFICS = List.of(
            // UUIDs and hashes before numbers, so no fragment of them survives
            Pattern.compile("\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b"),
            Pattern.compile("\\b0x[0-9a-fA-F]+\\b"),
            Pattern.compile("\\b[0-9a-f]{12,}\\b"),
            // quoted names and values: 'requests', "main", `x`
            Pattern.compile("'[^'\\n]{0,200}'|\"[^\"\\n]{0,200}\"|`[^`\\n]{0,200}`"),
            // paths with a file name: /app/src/store.py, C:\\x\\y.js, ./main.go
            Pattern.compile("(?:[A-Za-z]:)?(?:[\\w.~-]*[/\\\\])+[\\w.-]+"),
            // numbers standing alone; digits inside identifiers (utf8, E0425, TS2304) stay
            Pattern.compile("(?<![\\w.])[-+]?\\d+(?:\\.\\d+)*(?![\\w])"));
    /** A location in parentheses that was elided entirely: {@code (/workspace/app/store.py)}. */
    private static final Pattern ELIDED_IN_PARENTHESES = Pattern.compile("\\s*\\(…\\)");
    private static final Pattern REPEATED_ELISION = Pattern.compile("…(?:[\\s,]*…)+");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    /** The signature of a failure output; blank text is named {@code unknown failure}. */
    public static FailureSignature of(String failureText) {
        List<String> lines = lines(failureText);
        if (lines.isEmpty()) {
            return new FailureSignature("unknown failure", "unknown failure", "");
        }
        String testModule = testModule(lines);

        // pytest's short summary names the test module and the error on one line: the best line there is
        Optional<Matcher> summary = lines.stream().map(PYTEST_SUMMARY::matcher).filter(Matcher::matches).findFirst();
        if (summary.isPresent()) {
            String module = moduleOf(summary.get().group(1));
            testModule = module != null ? module : testModule;
            // a bare assert is reported without its exception type
            String error = summary.get().group(2);
            error = error.startsWith("assert ") ? "AssertionError: " + error : error;
            Optional<FailureSignature> raised = exception(error, testModule);
            String summaryLine = summary.get().group();
            if (raised.isPresent()) {
                return raised.get().readFrom(summaryLine);
            }
            // not an exception (pytest-timeout's "Failed: Timeout >30.0s"), but still the line to look at first
            FailureSignature signature = ofLines(Stream.concat(Stream.of(error), lines.stream()).toList(), testModule);
            // read from the error taken out of the summary line: that line is where it is in the output
            return signature.line().equals(error) ? signature.readFrom(summaryLine) : signature;
        }
        return ofLines(lines, testModule);
    }

    /**
     * The output's lines as signatures are read from them: without colour codes, surrounding blanks
     * and the build tools' level prefixes ({@code [ERROR]}), empty ones left out.
     */
    static List<String> lines(String failureText) {
        String text = failureText == null ? "" : ANSI.matcher(failureText).replaceAll("");
        return text.lines().map(l -> BUILD_TOOL_LEVEL.matcher(l.strip()).replaceFirst(""))
                .filter(l -> !l.isEmpty()).toList();
    }

    private FailureSignature readFrom(String sourceLine) {
        return new FailureSignature(name, gist, sourceLine);
    }

    private static FailureSignature ofLines(List<String> lines, String testModule) {
        // the last exception line: Python prints the one raised last, Java's last "Caused by" is the root
        for (int i = lines.size() - 1; i >= 0; i--) {
            FailureSignature raised = exception(lines.get(i), testModule).orElse(null);
            if (raised != null) {
                return raised;
            }
        }
        for (String line : lines) {
            Matcher compiler = COMPILER.matcher(line);
            if (compiler.matches()) {
                String tool = toolFor(compiler.group(2).toLowerCase(Locale.ROOT));
                String code = compiler.group(3) == null ? "" : compiler.group(3) + " ";
                return named(tool + ": " + code + headline(compiler.group(4)),
                        tool + ": " + code + generalise(compiler.group(4)), line);
            }
            Matcher plain = PLAIN_ERROR.matcher(line);
            if (plain.matches()) {
                String code = plain.group(1) == null ? "" : "[" + plain.group(1) + "]";
                return named("error" + code + ": " + headline(plain.group(2)),
                        "error" + code + ": " + generalise(plain.group(2)), line);
            }
        }
        for (String line : lines) {
            if (TIMEOUT.matcher(line).find()) {
                // how long it ran and how it was stopped vary; that it hung, and where, is what recurs
                String timeout = testModule == null ? "Timeout" : "Timeout in " + testModule;
                return named(timeout, timeout, line);
            }
        }
        for (String line : lines) {
            Matcher located = LOCATED.matcher(line);
            if (located.matches() && !located.group(2).startsWith("in ")) {
                String tool = toolFor(located.group(1).toLowerCase(Locale.ROOT));
                return named(tool + ": " + headline(located.group(2)), tool + ": " + generalise(located.group(2)),
                        line);
            }
        }
        return generic(lines.get(0));
    }

    private static Optional<FailureSignature> exception(String line, String testModule) {
        Matcher raised = EXCEPTION.matcher(line);
        if (!raised.matches()) {
            return Optional.empty();
        }
        String type = raised.group(2);
        String message = raised.group(3) == null ? "" : generalise(raised.group(3));
        if (type.equals("AssertionError") || type.equals("AssertionFailedError") || type.equals("ComparisonFailure")) {
            // the message is the compared values, which differ every time; where it failed is what recurs
            String where = testModule == null ? "" : " in " + testModule;
            String name = type + where + (testModule != null || message.isEmpty() ? "" : ": " + message);
            return Optional.of(named(name, type + where + (message.isEmpty() ? "" : ": " + message), line));
        }
        String name = message.isEmpty() ? type : type + ": " + headline(raised.group(3));
        return Optional.of(named(name, message.isEmpty() ? type : type + ": " + message, line));
    }

    private static FailureSignature generic(String line) {
        String general = generalise(line);
        return named(general, general, line);
    }

    private static FailureSignature named(String name, String gist, String line) {
        return new FailureSignature(cut(name, MAX_NAME), cut(gist, MAX_GIST), line);
    }

    /** A message generalised and shortened for a name: its first clause, if it is long. */
    private static String headline(String message) {
        String general = generalise(message);
        if (general.length() > 60) {
            // "incompatible types: String cannot be converted to int" -> "incompatible types"
            int colon = general.indexOf(": ");
            if (colon >= 12) {
                return general.substring(0, colon);
            }
        }
        return general;
    }

    /** Replaces quoted names, paths, numbers and hashes with {@value #ELIDED}. */
    static String generalise(String text) {
        String general = text;
        for (Pattern specific : SPECIFICS) {
            general = specific.matcher(general).replaceAll(ELIDED);
        }
        general = ELIDED_IN_PARENTHESES.matcher(general).replaceAll("");
        general = REPEATED_ELISION.matcher(general).replaceAll(ELIDED);
        return SPACES.matcher(general).replaceAll(" ").strip();
    }

    private static String testModule(List<String> lines) {
        for (String line : lines) {
            Matcher module = TEST_MODULE.matcher(line);
            if (module.find()) {
                return module.group(1);
            }
        }
        return null;
    }

    private static String moduleOf(String location) {
        Matcher module = TEST_MODULE.matcher(location);
        return module.find() ? module.group(1) : null;
    }

    private static String toolFor(String extension) {
        return switch (extension) {
            case "java" -> "javac";
            case "kt" -> "kotlinc";
            case "ts", "tsx" -> "tsc";
            case "go" -> "go build";
            case "c", "h" -> "cc";
            case "cc", "cpp", "hpp", "cxx" -> "c++";
            case "rs" -> "rustc";
            default -> extension;
        };
    }

    private static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int space = text.lastIndexOf(' ', max - 1);
        return text.substring(0, space > max / 2 ? space : max - 1) + ELIDED;
    }
}
