package org.handover.replay;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.handover.replay.timeline.TimelineQuery;
import picocli.CommandLine.Option;

/** Which conversation and which slice of it. */
public final class ConversationOptions {

    private static final Pattern AGO = Pattern.compile("-?(\\d+)([smhd])");

    @Option(names = "--page", required = true, paramLabel = "PAGE_ID", description = "The Facebook page id.")
    String pageId;

    @Option(names = "--psid", required = true, paramLabel = "PSID", description = "The user's page-scoped id.")
    String psid;

    @Option(names = "--from", paramLabel = "TIME", defaultValue = "24h",
            description = "Start of the window: an instant (2026-12-01T09:30:00Z), a UTC date-time (2026-12-01T09:30), "
                    + "or a time ago (90m, 6h, 2d). Default: ${DEFAULT-VALUE}.")
    String from;

    @Option(names = "--to", paramLabel = "TIME", defaultValue = "now",
            description = "End of the window, same forms, or now. Default: ${DEFAULT-VALUE}.")
    String to;

    @Option(names = "--from-offset", paramLabel = "OFFSET",
            description = "Start at this offset of the conversation's partition of the raw topic instead of --from.")
    Long fromOffset;

    @Option(names = "--to-offset", paramLabel = "OFFSET",
            description = "End at this offset (inclusive) of the conversation's partition of the raw topic.")
    Long toOffset;

    /** The query, in the namespace given by {@code prefix}. */
    public TimelineQuery query(String prefix, Instant now) {
        return new TimelineQuery(pageId, psid, time(from, "--from", now), time(to, "--to", now),
                TimelineQuery.DEFAULT_GRACE, fromOffset, toOffset, prefix);
    }

    /** Parses an instant, a UTC date-time, {@code now}, or a time ago ({@code 90m}). */
    static Instant time(String value, String option, Instant now) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (v.equals("now")) {
            return now;
        }
        Matcher ago = AGO.matcher(v);
        if (ago.matches()) {
            long amount = Long.parseLong(ago.group(1));
            Duration unit = switch (ago.group(2)) {
                case "s" -> Duration.ofSeconds(1);
                case "m" -> Duration.ofMinutes(1);
                case "h" -> Duration.ofHours(1);
                default -> Duration.ofDays(1);
            };
            return now.minus(unit.multipliedBy(amount));
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(value.strip()).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                throw new IllegalArgumentException(option + " " + value + ": not a time; use an instant "
                        + "(2026-12-01T09:30:00Z), a UTC date-time (2026-12-01T09:30), now, or a time ago (90m, 6h, 2d)");
            }
        }
    }
}
