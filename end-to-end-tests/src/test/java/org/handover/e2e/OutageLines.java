package org.handover.e2e;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The WARN and ERROR lines the services logged during a drill, by log file and category: what an operator would have
 * to read through. An outage should show one line per consumer or job at its start (and an INFO line at its end),
 * not one per failed attempt of a library.
 */
record OutageLines(Map<String, Map<String, Integer>> byLog) {

    /** A plain-text line ("HH:mm:ss.SSS WARN  [category] ...") or a JSON one ("level":"WARN" ... "loggerName"). */
    private static final Pattern TEXT = Pattern.compile("^\\S+\\s+(WARN|ERROR)\\s+\\[([^\\]]+)\\]");
    private static final Pattern JSON_LEVEL = Pattern.compile("\"level\"\\s*:\\s*\"(WARN|ERROR)\"");
    private static final Pattern JSON_LOGGER = Pattern.compile("\"loggerName\"\\s*:\\s*\"([^\"]+)\"");

    /** The lines since {@code marks} (file name to where it ended) in the stack's logs. */
    static OutageLines of(Map<String, Long> marks, E2eStack stack) {
        Map<String, Map<String, Integer>> byLog = new TreeMap<>();
        marks.forEach((file, mark) -> {
            Map<String, Integer> categories = new TreeMap<>();
            for (String line : LogLines.since(stack.logs().resolve(file), mark)) {
                category(line).ifPresent(c -> categories.merge(c, 1, Integer::sum));
            }
            if (!categories.isEmpty()) {
                byLog.put(file, categories);
            }
        });
        return new OutageLines(byLog);
    }

    private static java.util.Optional<String> category(String line) {
        Matcher text = TEXT.matcher(line);
        if (text.find()) {
            return java.util.Optional.of(text.group(2));
        }
        if (JSON_LEVEL.matcher(line).find()) {
            Matcher logger = JSON_LOGGER.matcher(line);
            return java.util.Optional.of(logger.find() ? logger.group(1) : "?");
        }
        return java.util.Optional.empty();
    }

    /** Every line counted. */
    int total() {
        return byLog.values().stream().flatMap(m -> m.values().stream()).mapToInt(Integer::intValue).sum();
    }

    @Override
    public String toString() {
        if (byLog.isEmpty()) {
            return "log lines at WARN or ERROR: none";
        }
        Map<String, String> parts = new LinkedHashMap<>();
        byLog.forEach((file, categories) -> parts.put(file, categories.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "))));
        return "log lines at WARN or ERROR: " + total() + " (" + parts.entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining("; ")) + ")";
    }
}
