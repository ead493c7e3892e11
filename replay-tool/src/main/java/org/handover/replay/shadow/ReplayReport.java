package org.handover.replay.shadow;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.handover.contracts.ContractJson;
import org.handover.replay.timeline.TimelineEntry;

/** Prints a replay's result: what happened and what today's code decides, side by side, differences marked. */
public final class ReplayReport {

    private static final int EVENT_WIDTH = 58;
    private static final int OUTCOME_WIDTH = 44;

    private ReplayReport() {
    }

    public static void print(Replay.Result result, PrintStream out) {
        Comparison comparison = result.comparison();
        out.println();
        out.printf("   %-" + EVENT_WIDTH + "s %-" + OUTCOME_WIDTH + "s %s%n", "event (as Meta sent it)",
                "recorded", "replayed (today's code, shadow)");
        for (Comparison.Step step : comparison.steps()) {
            List<String> recorded = step.recorded();
            List<String> replayed = step.replayed();
            int lines = Math.max(1, Math.max(recorded.size(), replayed.size()));
            String mark = step.same() ? " " : "≠";
            for (int i = 0; i < lines; i++) {
                String event = i == 0 ? step.number() + ". " + describe(step.raw()) : "";
                out.printf("%s  %-" + EVENT_WIDTH + "s %-" + OUTCOME_WIDTH + "s %s%n", i == 0 ? mark : " ",
                        cut(event, EVENT_WIDTH), cut(at(recorded, i), OUTCOME_WIDTH), at(replayed, i));
            }
        }
        out.println();
        out.printf("%d of %d events decided differently (marked ≠); namespace %s.%n", comparison.differences(),
                comparison.steps().size(), result.namespace());
        if (result.sentInShadow() > 0) {
            out.printf("WARNING: %d outbound results in the replay say SENT: a shadow service was not in shadow "
                    + "mode.%n", result.sentInShadow());
        }
    }

    public static void printJson(Replay.Result result, PrintStream out) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("namespace", result.namespace());
        json.put("conversation", result.recorded().query().key());
        json.put("differences", result.comparison().differences());
        json.put("sentInShadow", result.sentInShadow());
        List<Map<String, Object>> steps = new ArrayList<>();
        for (Comparison.Step step : result.comparison().steps()) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("step", step.number());
            s.put("same", step.same());
            if (step.raw() != null) {
                s.put("raw", Map.of("position", step.raw().position(), "at", step.raw().at(),
                        "summary", step.raw().summary()));
            }
            s.put("recorded", step.recorded());
            s.put("replayed", step.replayed());
            steps.add(s);
        }
        json.put("steps", steps);
        try {
            out.println(ContractJson.mapper().writeValueAsString(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a replay result is always writable as JSON", e);
        }
    }

    private static String describe(TimelineEntry raw) {
        return raw == null ? "(raw record not in the recorded timeline)" : raw.summary();
    }

    private static String at(List<String> list, int i) {
        return i < list.size() ? list.get(i) : "";
    }

    private static String cut(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 1) + "…";
    }
}
