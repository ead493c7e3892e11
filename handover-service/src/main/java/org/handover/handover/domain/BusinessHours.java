package org.handover.handover.domain;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * When a page's team answers (issue 21): a time zone, weekly opening spans in that zone's wall time, and holidays
 * (whole dates in that zone, closed all day). Outside them the "Change to agent" question is not offered: the bot
 * answers as if handover were off ({@link Outside#NO_HANDOVER}), or sends the page's out-of-hours text instead
 * ({@link Outside#OUT_OF_HOURS_TEXT}). Plain Java: judged on the instant given (the event's time, Meta's timestamp),
 * never the wall clock, so a replay decides the same.
 *
 * <p>A span is {@code from} (inclusive) to {@code to} (exclusive), minutes of the day, {@code to} up to 24:00; a span
 * over midnight is written as two (one each day). Spans of one day must not overlap. Wall time is what counts: on a
 * DST change the clocks' local time is compared, so 09:00-17:00 stays 09:00-17:00 local (a span in the hour the
 * clocks skip is shorter that day, one in the hour repeated longer).
 *
 * @param zone     the page's time zone (an IANA id such as {@code Europe/Paris})
 * @param weekly   the opening spans, sorted by day and start
 * @param holidays dates closed all day, in {@code zone}
 * @param outside  what the bot does outside the hours
 */
public record BusinessHours(ZoneId zone, List<Span> weekly, SortedSet<LocalDate> holidays, Outside outside) {

    /** Longest stored form of {@link #weekly} and of {@link #holidays} (the columns). */
    public static final int COLUMN_MAX = 4000;

    /** Most holidays a page keeps (about ten years of public holidays). */
    public static final int HOLIDAYS_MAX = 200;

    /** What the bot does with free text or a "yes" outside the hours. */
    public enum Outside {
        /** The question is not offered: the bot answers as if handover were off (the fallback). */
        NO_HANDOVER,
        /** The page's out-of-hours text is sent instead of the question. */
        OUT_OF_HOURS_TEXT
    }

    /** One opening span: {@code day}, from {@code fromMinute} (inclusive) to {@code toMinute} (exclusive). */
    public record Span(DayOfWeek day, int fromMinute, int toMinute) {
        public Span {
            Objects.requireNonNull(day, "day");
        }

        /** {@code Mon 09:00-17:00}. */
        @Override
        public String toString() {
            return shortName(day) + " " + hhmm(fromMinute) + "-" + hhmm(toMinute);
        }
    }

    public BusinessHours {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(outside, "outside");
        weekly = weekly.stream().sorted(Comparator.comparing(Span::day).thenComparingInt(Span::fromMinute)).toList();
        holidays = Collections.unmodifiableSortedSet(new TreeSet<>(holidays));
    }

    /** Whether the team answers at {@code at}: not a holiday in the page's zone, and inside one of the day's spans. */
    public boolean openAt(Instant at) {
        ZonedDateTime local = at.atZone(zone);
        if (holidays.contains(local.toLocalDate())) {
            return false;
        }
        int minute = local.getHour() * 60 + local.getMinute();
        DayOfWeek day = local.getDayOfWeek();
        return weekly.stream().anyMatch(s -> s.day() == day && s.fromMinute() <= minute && minute < s.toMinute());
    }

    /** Short, for the audit: {@code Europe/Paris Mon 09:00-17:00 | Tue 09:00-17:00; holidays 2026-12-25; ...}. */
    @Override
    public String toString() {
        return zone.getId() + " " + weeklyText().replace("\n", " | ")
                + (holidays.isEmpty() ? "" : "; holidays " + holidaysText().replace("\n", ", ")) + "; " + outside;
    }

    /** The weekly spans as stored and shown on the page: {@code Mon 09:00-12:00, 13:00-17:00}, a day a line. */
    public String weeklyText() {
        return format(weekly);
    }

    /** The holidays as stored and shown: one ISO date per line. */
    public String holidaysText() {
        return holidays.stream().map(LocalDate::toString).collect(Collectors.joining("\n"));
    }

    /** {@link #weeklyText()} of {@code spans}. */
    public static String format(List<Span> spans) {
        StringBuilder out = new StringBuilder();
        DayOfWeek current = null;
        for (Span s : spans.stream().sorted(Comparator.comparing(Span::day).thenComparingInt(Span::fromMinute))
                .toList()) {
            if (s.day() != current) {
                if (current != null) {
                    out.append('\n');
                }
                out.append(shortName(s.day())).append(' ');
                current = s.day();
            } else {
                out.append(", ");
            }
            out.append(hhmm(s.fromMinute())).append('-').append(hhmm(s.toMinute()));
        }
        return out.toString();
    }

    private static final Pattern LINE = Pattern.compile("(?i)\\s*([a-z]+)\\s+(.+?)\\s*");
    private static final Pattern SPAN = Pattern.compile("\\s*(\\d{1,2}):(\\d{2})\\s*-\\s*(\\d{1,2}):(\\d{2})\\s*");

    /** A line of the weekly hours that could not be read, or a span that breaks a rule. */
    public static final class Invalid extends RuntimeException {
        public Invalid(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Reads {@link #weeklyText()}'s form: one line per day ({@code Mon}, {@code Monday} or {@code MONDAY}), spans
     * {@code HH:MM-HH:MM} separated by commas; blank lines are skipped. Only the form is checked here: the rules
     * ({@link #problems}) are checked on the result.
     *
     * @throws Invalid naming the first line that cannot be read
     */
    public static List<Span> parseWeekly(String text) {
        List<String> errors = new ArrayList<>();
        List<Span> spans = parseWeekly(text, errors);
        if (!errors.isEmpty()) {
            throw new Invalid(errors.get(0));
        }
        return spans;
    }

    /** As {@link #parseWeekly(String)}, but a line that cannot be read is skipped and named in {@code errors}. */
    public static List<Span> parseWeekly(String text, List<String> errors) {
        List<Span> spans = new ArrayList<>();
        if (text == null) {
            return spans;
        }
        String[] lines = text.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            Matcher line = LINE.matcher(lines[i]);
            DayOfWeek day = line.matches() ? day(line.group(1)) : null;
            if (day == null) {
                errors.add("line " + (i + 1) + ": write a day and its hours, e.g. Mon 09:00-12:00, 13:00-17:00");
                continue;
            }
            List<Span> ofLine = new ArrayList<>();
            for (String part : line.group(2).split(",")) {
                Matcher span = SPAN.matcher(part);
                if (!span.matches()) {
                    errors.add("line " + (i + 1) + ": \"" + part.strip() + "\" is not HH:MM-HH:MM");
                    ofLine = null;
                    break;
                }
                try {
                    ofLine.add(new Span(day, minutes(span.group(1), span.group(2)),
                            minutes(span.group(3), span.group(4))));
                } catch (Invalid e) {
                    errors.add("line " + (i + 1) + ": \"" + part.strip() + "\": " + e.getMessage());
                    ofLine = null;
                    break;
                }
            }
            if (ofLine != null) {
                spans.addAll(ofLine);
            }
        }
        return spans;
    }

    /**
     * Reads a time {@code HH:MM} ({@code 24:00} is the end of the day) as minutes of the day.
     *
     * @throws Invalid when it is not such a time
     */
    public static int parseTime(String text) {
        Matcher m = text == null ? null : Pattern.compile("(\\d{1,2}):(\\d{2})").matcher(text.strip());
        if (m == null || !m.matches()) {
            throw new Invalid("\"" + text + "\" is not a time HH:MM");
        }
        try {
            return minutes(m.group(1), m.group(2));
        } catch (Invalid e) {
            throw new Invalid("\"" + text.strip() + "\": " + e.getMessage());
        }
    }

    /** Reads a day name ({@code Mon}, {@code Monday}, {@code MONDAY}); {@code null} when it is none. */
    public static DayOfWeek day(String text) {
        if (text == null) {
            return null;
        }
        String name = text.strip().toUpperCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().equals(name) || (name.length() == 3 && d.name().startsWith(name))) {
                return d;
            }
        }
        return null;
    }

    /** Reads holidays, one ISO date per line (or separated by commas); blank lines are skipped. */
    public static List<String> holidayLines(String text) {
        List<String> out = new ArrayList<>();
        if (text != null) {
            for (String part : text.split("[\\r\\n,]+")) {
                if (!part.isBlank()) {
                    out.add(part.strip());
                }
            }
        }
        return out;
    }

    /**
     * What is wrong with hours of {@code zoneText}, {@code spans} and {@code holidayTexts}, one line per problem, each
     * starting with {@code field}: an unknown time zone, no span at all, an inverted or empty span, a time past 24:00,
     * two spans of one day that overlap, a date that is not {@code YYYY-MM-DD}, too many holidays. Empty when fine.
     */
    public static List<String> problems(String field, String zoneText, List<Span> spans, List<String> holidayTexts) {
        List<String> errors = new ArrayList<>();
        if (zoneText == null || zoneText.isBlank()) {
            errors.add(field + ".timeZone: required, an IANA time zone such as Europe/Paris");
        } else {
            try {
                ZoneId.of(zoneText.strip());
            } catch (DateTimeException e) {
                errors.add(field + ".timeZone: \"" + zoneText.strip()
                        + "\" is not a known time zone (use an IANA name such as Europe/Paris)");
            }
        }
        if (spans.isEmpty()) {
            errors.add(field + ".weekly: at least one opening span (to never offer a handover, deactivate it)");
        }
        for (Span s : spans) {
            if (s.fromMinute() < 0 || s.fromMinute() >= 24 * 60 || s.toMinute() > 24 * 60) {
                errors.add(field + ".weekly: " + s + ": times are 00:00 to 24:00");
            } else if (s.toMinute() <= s.fromMinute()) {
                errors.add(field + ".weekly: " + s + ": ends before it starts (split a span over midnight in two)");
            }
        }
        List<Span> sorted = spans.stream().sorted(Comparator.comparing(Span::day).thenComparingInt(Span::fromMinute))
                .toList();
        for (int i = 1; i < sorted.size(); i++) {
            Span a = sorted.get(i - 1);
            Span b = sorted.get(i);
            if (a.day() == b.day() && b.fromMinute() < a.toMinute()) {
                errors.add(field + ".weekly: " + a + " and " + b + " overlap");
            }
        }
        if (format(spans).length() > COLUMN_MAX) {
            errors.add(field + ".weekly: too many spans");
        }
        if (holidayTexts.size() > HOLIDAYS_MAX) {
            errors.add(field + ".holidays: at most " + HOLIDAYS_MAX + " dates");
        }
        for (String h : holidayTexts) {
            try {
                LocalDate.parse(h == null ? "" : h.strip());
            } catch (DateTimeParseException e) {
                errors.add(field + ".holidays: \"" + h + "\" is not a date YYYY-MM-DD");
            }
        }
        return errors;
    }

    /** Hours from values {@link #problems} found nothing wrong with. */
    public static BusinessHours of(String zoneText, List<Span> spans, List<String> holidayTexts, Outside outside) {
        SortedSet<LocalDate> dates = new TreeSet<>();
        holidayTexts.forEach(h -> dates.add(LocalDate.parse(h.strip())));
        return new BusinessHours(ZoneId.of(zoneText.strip()), spans, dates, outside);
    }

    private static int minutes(String hours, String minutes) {
        int h = Integer.parseInt(hours);
        int m = Integer.parseInt(minutes);
        if (m > 59 || h > 24 || (h == 24 && m != 0)) {
            throw new Invalid("times are 00:00 to 24:00");
        }
        return h * 60 + m;
    }

    private static String hhmm(int minute) {
        return String.format(Locale.ROOT, "%02d:%02d", minute / 60, minute % 60);
    }

    private static String shortName(DayOfWeek day) {
        return day.getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
    }
}
