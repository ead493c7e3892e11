package org.handover.handover.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.handover.handover.domain.PageAnalytics;
import org.handover.handover.repository.AnalyticsRepository;

/**
 * A page's handover analytics for a period chosen by the page admin (the admin API and the settings page ask the
 * same), by default the last 7 days. See {@link AnalyticsRepository} for how each figure is computed.
 */
@ApplicationScoped
public class AnalyticsService {

    /** The default period: the last 7 days. */
    public static final Duration DEFAULT_PERIOD = Duration.ofDays(7);

    /** The longest period asked at once. */
    public static final Duration MAX_PERIOD = Duration.ofDays(366);

    private final AnalyticsRepository repository;
    private final Clock clock;

    public AnalyticsService(AnalyticsRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /** A period, or why the one asked for cannot be used. */
    public record Period(Instant from, Instant to, String problem) {
    }

    /**
     * The period {@code from}..{@code to} as given: each either a UTC day ({@code 2026-11-25}: {@code from} is its
     * start, {@code to} includes the whole day) or an instant ({@code 2026-11-25T10:00:00Z}; {@code to} excluded).
     * Blank {@code to} is now, blank {@code from} 7 days before {@code to}. A problem when a value cannot be read,
     * {@code from} is not before {@code to}, or the period is longer than {@link #MAX_PERIOD}.
     */
    public Period period(String from, String to) {
        Instant end;
        Instant start;
        try {
            end = blank(to) ? clock.instant() : parse(to.strip(), true);
        } catch (DateTimeParseException e) {
            return new Period(null, null, "to: a day (2026-11-25) or an instant (2026-11-25T10:00:00Z)");
        }
        try {
            start = blank(from) ? end.minus(DEFAULT_PERIOD) : parse(from.strip(), false);
        } catch (DateTimeParseException e) {
            return new Period(null, null, "from: a day (2026-11-25) or an instant (2026-11-25T10:00:00Z)");
        }
        if (!start.isBefore(end)) {
            return new Period(null, null, "from: must be before to");
        }
        if (Duration.between(start, end).compareTo(MAX_PERIOD) > 0) {
            return new Period(null, null, "from: the period can be at most 366 days");
        }
        return new Period(start, end, null);
    }

    /** The page's figures for {@code [from, to)}. */
    public PageAnalytics analytics(String pageId, Instant from, Instant to) {
        List<LocalDate> days = new ArrayList<>();
        LocalDate last = to.minusNanos(1).atZone(ZoneOffset.UTC).toLocalDate();
        for (LocalDate d = from.atZone(ZoneOffset.UTC).toLocalDate(); !d.isAfter(last); d = d.plusDays(1)) {
            days.add(d);
        }
        return QuarkusTransaction.requiringNew().call(() -> repository.analytics(pageId, from, to, days));
    }

    private static Instant parse(String value, boolean end) {
        if (value.length() == 10) {
            LocalDate day = LocalDate.parse(value);
            return (end ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        return Instant.parse(value);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
