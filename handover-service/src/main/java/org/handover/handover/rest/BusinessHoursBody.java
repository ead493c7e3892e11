package org.handover.handover.rest;

import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.handover.handover.domain.BusinessHours;

/**
 * A page's business hours in the admin API (in {@code PUT} and {@code GET .../settings}): {@code timeZone} (an IANA
 * id), {@code weekly} opening spans ({@code {"day":"MONDAY","from":"09:00","to":"17:00"}}, {@code to} up to
 * {@code 24:00}, in the zone's wall time), {@code holidays} ({@code YYYY-MM-DD}, closed all day) and {@code outside}
 * ({@code NO_HANDOVER}: the question is not offered, the bot answers as if handover were off;
 * {@code OUT_OF_HOURS_TEXT}: the page's {@code outOfHoursText} is sent instead). The rules are
 * {@link BusinessHours#problems}, the same for the settings page.
 */
public record BusinessHoursBody(String timeZone, List<SpanBody> weekly, List<String> holidays, String outside) {

    /** One opening span. */
    public record SpanBody(String day, String from, String to) {
    }

    /** The body of stored {@code hours}. */
    public static BusinessHoursBody of(BusinessHours hours) {
        if (hours == null) {
            return null;
        }
        return new BusinessHoursBody(hours.zone().getId(),
                hours.weekly().stream().map(s -> new SpanBody(s.day().name(), hhmm(s.fromMinute()), hhmm(s.toMinute())))
                        .toList(),
                hours.holidays().stream().map(Object::toString).toList(), hours.outside().name());
    }

    /** One line per invalid field, each starting with {@code field}; empty when {@link #toDomain()} may be called. */
    public List<String> validate(String field) {
        List<String> errors = new ArrayList<>();
        List<BusinessHours.Span> spans = spans(errors, field);
        List<String> dates = holidays == null ? List.of() : holidays;
        errors.addAll(BusinessHours.problems(field, timeZone, spans, dates));
        if (outside != null && Arrays.stream(BusinessHours.Outside.values())
                .noneMatch(o -> o.name().equals(outside.strip().toUpperCase(Locale.ROOT)))) {
            errors.add(field + ".outside: must be one of " + Arrays.toString(BusinessHours.Outside.values()));
        }
        return errors;
    }

    /** What the bot does outside the hours: {@code NO_HANDOVER} unless said otherwise. */
    public BusinessHours.Outside outsideMode() {
        return outside == null || outside.isBlank() ? BusinessHours.Outside.NO_HANDOVER
                : BusinessHours.Outside.valueOf(outside.strip().toUpperCase(Locale.ROOT));
    }

    /** The hours; call only when {@link #validate} found nothing. */
    public BusinessHours toDomain() {
        return BusinessHours.of(timeZone, spans(new ArrayList<>(), "businessHours"),
                holidays == null ? List.of() : holidays, outsideMode());
    }

    private List<BusinessHours.Span> spans(List<String> errors, String field) {
        List<BusinessHours.Span> spans = new ArrayList<>();
        if (weekly == null) {
            return spans;
        }
        for (SpanBody s : weekly) {
            if (s == null) {
                errors.add(field + ".weekly: a span must be {\"day\",\"from\",\"to\"}");
                continue;
            }
            DayOfWeek day = BusinessHours.day(s.day());
            if (day == null) {
                errors.add(field + ".weekly: \"" + s.day() + "\" is not a day (MONDAY to SUNDAY)");
                continue;
            }
            try {
                spans.add(new BusinessHours.Span(day, BusinessHours.parseTime(s.from()),
                        BusinessHours.parseTime(s.to())));
            } catch (BusinessHours.Invalid e) {
                errors.add(field + ".weekly: " + day + ": " + e.getMessage());
            }
        }
        return spans;
    }

    private static String hhmm(int minute) {
        return String.format(Locale.ROOT, "%02d:%02d", minute / 60, minute % 60);
    }
}
