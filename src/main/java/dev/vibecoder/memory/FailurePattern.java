package dev.vibecoder.memory;

import java.time.OffsetDateTime;

/**
 * Failures of one kind. A pattern is {@code named} once it has been seen
 * {@code vibecoder.memory.pattern-min-occurrences} times: then it is recurring, not a one-off, and
 * the fixer is offered its best fix first.
 *
 * @param name        from the first failure's {@link FailureSignature}, e.g. {@code ModuleNotFoundError: No module named …}
 * @param occurrences its failures: all of them, or those the listing counts (in a time window, of a project)
 * @param firstSeen   when its first failure was remembered
 * @param lastSeen    when its latest failure was remembered
 * @param example     the first failure's text, shortened
 */
public record FailurePattern(long id, String name, int occurrences, boolean named, OffsetDateTime firstSeen,
        OffsetDateTime lastSeen, String example) {
}
