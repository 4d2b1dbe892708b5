package dev.vibecoder.workflow;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Durations as people read them in reminders and timelines: "1 day 2 hours", "30 minutes". */
public final class Durations {

    private Durations() {
    }

    public static String describe(Duration duration) {
        List<String> parts = new ArrayList<>();
        add(parts, duration.toDays(), "day");
        add(parts, duration.toHoursPart(), "hour");
        add(parts, duration.toMinutesPart(), "minute");
        if (parts.isEmpty()) {
            add(parts, Math.max(duration.toSecondsPart(), 0), "second");
        }
        return String.join(" ", parts.subList(0, Math.min(parts.size(), 2)));
    }

    private static void add(List<String> parts, long amount, String unit) {
        if (amount > 0 || (unit.equals("second") && parts.isEmpty())) {
            parts.add(amount + " " + unit + (amount == 1 ? "" : "s"));
        }
    }
}
