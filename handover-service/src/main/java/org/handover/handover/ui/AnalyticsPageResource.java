package org.handover.handover.ui;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.handover.handover.domain.PageAnalytics;
import org.handover.handover.domain.PageIds;
import org.handover.handover.service.AnalyticsService;
import org.jboss.resteasy.reactive.RestCookie;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The settings page's handover analytics: the figures of the admin API's {@code GET .../analytics} for the days the
 * admin chooses (by default the last 7), with a chart of conversations and handovers per day drawn on the server as
 * inline SVG (no script, no chart library, no build toolchain). A period that cannot be read is a red alert with the
 * typed days kept.
 */
@Path("/ui/pages/{pageId}/analytics")
@Produces(MediaType.TEXT_HTML)
@AdminUi
public class AnalyticsPageResource {

    /** The chart's drawing area, in SVG units. */
    static final int WIDTH = 760;
    static final int HEIGHT = 260;
    static final int LEFT = 44;
    static final int RIGHT = 12;
    static final int TOP = 16;
    static final int BOTTOM = 40;

    private final AnalyticsService analytics;
    private final UiCsrf uiCsrf;
    private final Clock clock;

    public AnalyticsPageResource(AnalyticsService analytics, UiCsrf uiCsrf, Clock clock) {
        this.analytics = analytics;
        this.uiCsrf = uiCsrf;
        this.clock = clock;
    }

    /** One bar of the chart: its rectangle and what it shows (the bar's tooltip and accessible name). */
    public record Bar(String x, String y, String width, String height, String kind, String title) {
    }

    /** A label under the x axis. */
    public record Tick(String x, String label) {
    }

    /** The chart: bars, day labels, the y axis' top value; the positions of its labels and legend, in SVG units. */
    public record Chart(int width, int height, int left, int top, int plotBottom, int plotRight, long max,
            List<Bar> bars, List<Tick> ticks, String summary) {

        public int axisLabelX() {
            return left - 6;
        }

        public int maxLabelY() {
            return top + 4;
        }

        public int tickY() {
            return plotBottom + 16;
        }

        public int legendY() {
            return plotBottom + 24;
        }

        public int legendTextY() {
            return plotBottom + 33;
        }

        public int legendX() {
            return left + 8;
        }

        public int legendTextX() {
            return left + 22;
        }

        public int legend2X() {
            return left + 118;
        }

        public int legend2TextX() {
            return left + 132;
        }
    }

    /** A figure in the table. */
    public record Figure(String id, String label, String value) {
    }

    /** What the page shows. */
    public record View(String pageId, String pagePath, String path, String from, String to, String error,
            List<Figure> figures, Chart chart, List<PageAnalytics.Day> days, String csrf) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance analytics(View view);
    }

    @GET
    public Response page(@PathParam("pageId") String pageId, @RestQuery String from, @RestQuery String to,
            @RestCookie(UiSessions.COOKIE) String cookie) {
        String problem = PageIds.pageIdProblem(pageId);
        if (problem != null) {
            return UiErrors.invalidId(problem);
        }
        LocalDate today = clock.instant().atZone(ZoneOffset.UTC).toLocalDate();
        String shownFrom = from == null || from.isBlank() ? today.minusDays(6).toString() : from.strip();
        String shownTo = to == null || to.isBlank() ? today.toString() : to.strip();
        String pagePath = UriBuilder.fromPath("/ui/pages/{pageId}").build(pageId).toString();
        String path = UriBuilder.fromPath("/ui/pages/{pageId}/analytics").build(pageId).toString();
        String csrf = uiCsrf.token(cookie);
        AnalyticsService.Period period = analytics.period(shownFrom, shownTo);
        if (period.problem() != null) {
            View view = new View(pageId, pagePath, path, shownFrom, shownTo, "The period cannot be shown: "
                    + period.problem() + ".", List.of(), null, List.of(), csrf);
            return UiHeaders.add(Response.status(400).type(MediaType.TEXT_HTML_TYPE)
                    .entity(Templates.analytics(view))).build();
        }
        PageAnalytics a = analytics.analytics(pageId, period.from(), period.to());
        View view = new View(pageId, pagePath, path, shownFrom, shownTo, null, figures(a), chart(a.days()), a.days(),
                csrf);
        return UiHeaders.add(Response.ok(Templates.analytics(view)).type(MediaType.TEXT_HTML_TYPE)).build();
    }

    static List<Figure> figures(PageAnalytics a) {
        List<Figure> f = new ArrayList<>();
        f.add(new Figure("conversations", "Conversations", Long.toString(a.conversations())));
        f.add(new Figure("handed-over", "Passed to an agent", a.handedOver() + percent(a.handoverRate())));
        f.add(new Figure("deflected", "Answered without a handover (deflection)", a.deflected()
                + percent(a.deflectionRate())));
        f.add(new Figure("asked", "\"Change to agent\" questions asked", Long.toString(a.questionsAsked())));
        f.add(new Figure("accepted", "Accepted", a.questionsAccepted()
                + (a.acceptedFromMenu() > 0 ? " (" + a.acceptedFromMenu() + " from the menu)" : "")));
        f.add(new Figure("declined", "Declined", Long.toString(a.questionsDeclined())));
        f.add(new Figure("first-reply", "Time to the agent's first reply", durations(a.firstReply()) + " ("
                + a.firstReply().count() + " of " + a.agentSessions() + " handovers answered)"));
        f.add(new Figure("with-agent", "Time with the agent", durations(a.withAgent()) + " ("
                + a.withAgent().count() + " ended, " + a.sessionsOpen() + " still with an agent)"));
        f.add(new Figure("agent-done", "Back to the bot: the agent marked it done",
                Long.toString(a.returns().agentDone())));
        f.add(new Figure("idle", "Back to the bot: idle timeout", Long.toString(a.returns().idle())));
        f.add(new Figure("no-show", "Back to the bot: no agent answered in time", Long.toString(a.returns().noShow())));
        f.add(new Figure("give-backs", "Back to the bot: given back by a page admin",
                Long.toString(a.returns().giveBacks())));
        f.add(new Figure("other-returns", "Back to the bot: other", Long.toString(a.returns().other())));
        return f;
    }

    /** Conversations (blue) and handovers (orange) per day, side by side, scaled to the busiest day. */
    static Chart chart(List<PageAnalytics.Day> days) {
        int plotRight = WIDTH - RIGHT;
        int plotBottom = HEIGHT - BOTTOM;
        double plotWidth = plotRight - LEFT;
        double plotHeight = plotBottom - TOP;
        long max = Math.max(1, days.stream().mapToLong(PageAnalytics.Day::conversations).max().orElse(0));
        max = Math.max(max, days.stream().mapToLong(PageAnalytics.Day::handedOver).max().orElse(0));
        double slot = plotWidth / Math.max(1, days.size());
        double bar = Math.max(0.5, slot * 0.4);
        List<Bar> bars = new ArrayList<>();
        List<Tick> ticks = new ArrayList<>();
        int every = Math.max(1, (int) Math.ceil(days.size() / 8.0));
        for (int i = 0; i < days.size(); i++) {
            PageAnalytics.Day d = days.get(i);
            double x = LEFT + i * slot + slot * 0.1;
            double hc = plotHeight * d.conversations() / max;
            double hh = plotHeight * d.handedOver() / max;
            bars.add(new Bar(n(x), n(plotBottom - hc), n(bar), n(hc), "conversations",
                    d.date() + ": " + d.conversations() + " conversations"));
            bars.add(new Bar(n(x + bar), n(plotBottom - hh), n(bar), n(hh), "handovers",
                    d.date() + ": " + d.handedOver() + " passed to an agent"));
            if (i % every == 0) {
                ticks.add(new Tick(n(LEFT + i * slot + slot / 2), d.date().toString().substring(5)));
            }
        }
        long total = days.stream().mapToLong(PageAnalytics.Day::conversations).sum();
        long handed = days.stream().mapToLong(PageAnalytics.Day::handedOver).sum();
        return new Chart(WIDTH, HEIGHT, LEFT, TOP, plotBottom, plotRight, max, bars, ticks,
                "Conversations and handovers per day: " + total + " conversations and " + handed
                        + " passed to an agent over " + days.size() + " days");
    }

    private static String n(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String percent(Double rate) {
        return rate == null ? "" : String.format(Locale.ROOT, " (%.0f %%)", rate * 100);
    }

    private static String durations(PageAnalytics.Durations d) {
        if (d.count() == 0) {
            return "none measured";
        }
        return "median " + human(d.medianSeconds()) + ", average " + human(d.averageSeconds());
    }

    /** {@code 42 s}, {@code 3 min 5 s}, {@code 2 h 4 min}. */
    static String human(Double seconds) {
        if (seconds == null) {
            return "-";
        }
        long s = Math.round(seconds);
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return (s / 60) + " min " + (s % 60) + " s";
        }
        return (s / 3600) + " h " + ((s % 3600) / 60) + " min";
    }
}
