package org.handover.handover.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The business hours' logic: time zones, the DST changes, holidays, the form of the weekly hours and their rules. */
class BusinessHoursTest {

    static BusinessHours hours(String zone, String weekly, String... holidays) {
        List<BusinessHours.Span> spans = BusinessHours.parseWeekly(weekly);
        assertThat(BusinessHours.problems("h", zone, spans, List.of(holidays))).isEmpty();
        return BusinessHours.of(zone, spans, List.of(holidays), BusinessHours.Outside.NO_HANDOVER);
    }

    @Test
    void opensInThePagesTimeZoneFromTheStartToJustBeforeTheEnd() {
        // Wednesday 2026-11-25; Paris is UTC+1 in November
        BusinessHours paris = hours("Europe/Paris", "Wed 09:00-12:00, 13:00-17:00");

        assertThat(paris.openAt(Instant.parse("2026-11-25T07:59:59Z"))).as("08:59:59 Paris").isFalse();
        assertThat(paris.openAt(Instant.parse("2026-11-25T08:00:00Z"))).as("09:00 Paris").isTrue();
        assertThat(paris.openAt(Instant.parse("2026-11-25T10:59:59Z"))).as("11:59:59 Paris").isTrue();
        assertThat(paris.openAt(Instant.parse("2026-11-25T11:00:00Z"))).as("12:00 Paris: lunch").isFalse();
        assertThat(paris.openAt(Instant.parse("2026-11-25T12:30:00Z"))).as("13:30 Paris").isTrue();
        assertThat(paris.openAt(Instant.parse("2026-11-25T16:00:00Z"))).as("17:00 Paris").isFalse();
        assertThat(paris.openAt(Instant.parse("2026-11-26T08:30:00Z"))).as("Thursday: no line").isFalse();
    }

    @Test
    void theSameInstantIsJudgedByEachPagesOwnZoneAndDay() {
        Instant at = Instant.parse("2026-11-25T23:30:00Z"); // Wednesday 23:30 UTC
        BusinessHours tokyoThursday = hours("Asia/Tokyo", "Thu 08:00-09:00"); // Thursday 08:30 in Tokyo
        BusinessHours newYorkWednesday = hours("America/New_York", "Wed 18:00-19:00"); // Wednesday 18:30 there
        BusinessHours utcWednesday = hours("UTC", "Wed 08:00-17:00");

        assertThat(tokyoThursday.openAt(at)).isTrue();
        assertThat(newYorkWednesday.openAt(at)).isTrue();
        assertThat(utcWednesday.openAt(at)).isFalse();
    }

    @Test
    void wallTimeCountsAcrossTheSpringDstChange() {
        // Paris moved from 02:00 CET to 03:00 CEST on Sunday 2026-03-29
        BusinessHours sundays = hours("Europe/Paris", "Sun 09:00-17:00\nSat 09:00-17:00");

        assertThat(sundays.openAt(Instant.parse("2026-03-28T07:59:00Z"))).as("Sat 08:59 CET").isFalse();
        assertThat(sundays.openAt(Instant.parse("2026-03-28T08:00:00Z"))).as("Sat 09:00 CET").isTrue();
        assertThat(sundays.openAt(Instant.parse("2026-03-29T06:59:00Z"))).as("Sun 08:59 CEST").isFalse();
        assertThat(sundays.openAt(Instant.parse("2026-03-29T07:00:00Z"))).as("Sun 09:00 CEST").isTrue();
        assertThat(sundays.openAt(Instant.parse("2026-03-29T14:59:00Z"))).as("Sun 16:59 CEST").isTrue();
        assertThat(sundays.openAt(Instant.parse("2026-03-29T15:00:00Z"))).as("Sun 17:00 CEST").isFalse();
    }

    @Test
    void aSpanInTheSkippedHourIsEmptyAndOneInTheRepeatedHourIsLonger() {
        BusinessHours night = hours("Europe/Paris", "Sun 02:00-03:00");

        // 2026-03-29: 01:59 CET is followed by 03:00 CEST, 02:xx never shows on a clock
        assertThat(night.openAt(Instant.parse("2026-03-29T00:59:00Z"))).as("01:59 CET").isFalse();
        assertThat(night.openAt(Instant.parse("2026-03-29T01:00:00Z"))).as("03:00 CEST").isFalse();
        // 2026-10-25: 02:00-03:00 happens twice (CEST, then CET)
        assertThat(night.openAt(Instant.parse("2026-10-25T00:30:00Z"))).as("02:30 CEST").isTrue();
        assertThat(night.openAt(Instant.parse("2026-10-25T01:30:00Z"))).as("02:30 CET").isTrue();
        assertThat(night.openAt(Instant.parse("2026-10-25T02:00:00Z"))).as("03:00 CET").isFalse();
    }

    @Test
    void aHolidayIsClosedAllDayInThePagesZone() {
        BusinessHours week = hours("America/New_York", "Fri 00:00-24:00\nThu 00:00-24:00", "2026-12-25");

        assertThat(week.openAt(Instant.parse("2026-12-24T12:00:00Z"))).as("Thursday 24th").isTrue();
        assertThat(week.openAt(Instant.parse("2026-12-25T04:59:00Z"))).as("23:59 on the 24th in New York").isTrue();
        assertThat(week.openAt(Instant.parse("2026-12-25T05:00:00Z"))).as("00:00 on the 25th in New York").isFalse();
        assertThat(week.openAt(Instant.parse("2026-12-26T04:59:00Z"))).as("23:59 on the 25th").isFalse();
        assertThat(week.openAt(Instant.parse("2027-01-01T12:00:00Z"))).as("a Friday, not a holiday").isTrue();
    }

    @Test
    void theWeeklyFormReadsWhatItWritesWhateverTheDaysOrder() {
        List<BusinessHours.Span> spans = BusinessHours.parseWeekly(
                "  tuesday 13:00-17:00,  9:00 - 12:00\n\nMON 09:00-17:00\nSun 10:00-24:00");

        assertThat(spans).containsExactly(new BusinessHours.Span(DayOfWeek.TUESDAY, 780, 1020),
                new BusinessHours.Span(DayOfWeek.TUESDAY, 540, 720), new BusinessHours.Span(DayOfWeek.MONDAY, 540, 1020),
                new BusinessHours.Span(DayOfWeek.SUNDAY, 600, 1440));
        String text = BusinessHours.format(spans);
        assertThat(text).isEqualTo("Mon 09:00-17:00\nTue 09:00-12:00, 13:00-17:00\nSun 10:00-24:00");
        assertThat(BusinessHours.parseWeekly(text)).containsExactlyInAnyOrderElementsOf(spans);
    }

    @Test
    void aLineThatCannotBeReadIsNamed() {
        assertThatThrownBy(() -> BusinessHours.parseWeekly("Mon 09:00-17:00\nFunday 09:00-10:00"))
                .hasMessage("line 2: write a day and its hours, e.g. Mon 09:00-12:00, 13:00-17:00");
        assertThatThrownBy(() -> BusinessHours.parseWeekly("Mon 9-17"))
                .hasMessage("line 1: \"9-17\" is not HH:MM-HH:MM");
        assertThatThrownBy(() -> BusinessHours.parseWeekly("Wed 09:00-24:30"))
                .hasMessage("line 1: \"09:00-24:30\": times are 00:00 to 24:00");
        assertThatThrownBy(() -> BusinessHours.parseTime("9:60")).hasMessage("\"9:60\": times are 00:00 to 24:00");
    }

    @Test
    void refusesAnUnknownZoneInvertedOverlappingOrImpossibleHoursAndBadDates() {
        List<BusinessHours.Span> spans = BusinessHours.parseWeekly(
                "Mon 09:00-12:00, 11:30-14:00\nTue 18:00-09:00\nThu 10:00-10:00");

        assertThat(BusinessHours.problems("businessHours", "Europe/Pariss", spans, List.of("2026-02-30", "2026-12-25")))
                .containsExactly(
                        "businessHours.timeZone: \"Europe/Pariss\" is not a known time zone (use an IANA name such as"
                                + " Europe/Paris)",
                        "businessHours.weekly: Tue 18:00-09:00: ends before it starts (split a span over midnight in"
                                + " two)",
                        "businessHours.weekly: Thu 10:00-10:00: ends before it starts (split a span over midnight in"
                                + " two)",
                        "businessHours.weekly: Mon 09:00-12:00 and Mon 11:30-14:00 overlap",
                        "businessHours.holidays: \"2026-02-30\" is not a date YYYY-MM-DD");
        assertThat(BusinessHours.problems("businessHours", " ", List.of(), List.of())).containsExactly(
                "businessHours.timeZone: required, an IANA time zone such as Europe/Paris",
                "businessHours.weekly: at least one opening span (to never offer a handover, deactivate it)");
    }

    @Test
    void spansThatOnlyTouchDoNotOverlap() {
        List<BusinessHours.Span> spans = BusinessHours.parseWeekly("Mon 09:00-12:00, 12:00-17:00");

        assertThat(BusinessHours.problems("h", "UTC", spans, List.of())).isEmpty();
    }
}
