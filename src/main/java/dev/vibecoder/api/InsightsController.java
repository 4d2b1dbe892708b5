package dev.vibecoder.api;

import dev.vibecoder.memory.Insights;
import dev.vibecoder.support.InvalidInput;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** How the factory has been doing: what succeeds, what keeps failing and what is slow. */
@RestController
@RequestMapping("/api/insights")
@Tag(name = "Insights")
public class InsightsController {

    static final Duration LONGEST_WINDOW = Duration.ofDays(365);

    private final Insights insights;

    public InsightsController(Insights insights) {
        this.insights = insights;
    }

    @GetMapping
    @Operation(summary = "Success rate per role, auto-fix success rate, most common failure patterns and slowest "
            + "stages over a time window ending now",
            description = "Rates are null when there is nothing to divide. A failure pattern's occurrences count "
                    + "its failures in the window; bestFix is the fix that worked for it most often. 400 when the "
                    + "window is not a positive ISO-8601 duration of at most P365D.")
    public Insights.Report get(@Parameter(description = "ISO-8601 duration, e.g. P7D, P30D, PT12H")
            @RequestParam(defaultValue = "P7D") String window) {
        return insights.over(window.strip(), parse(window));
    }

    private static Duration parse(String window) {
        Duration duration;
        try {
            duration = Duration.parse(window.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidInput("window", "'" + window + "' is not an ISO-8601 duration such as P7D or PT12H");
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new InvalidInput("window", "must be longer than zero");
        }
        if (duration.compareTo(LONGEST_WINDOW) > 0) {
            throw new InvalidInput("window", "must be at most P365D");
        }
        return duration;
    }
}
