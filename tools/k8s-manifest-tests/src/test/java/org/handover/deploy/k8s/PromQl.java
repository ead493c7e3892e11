package org.handover.deploy.k8s;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Just enough of PromQL to say which metrics an expression reads, with which label matchers, and which labels it
 * groups or matches on ({@code by}, {@code without}, {@code on}, {@code ignoring}, {@code group_left/right}).
 * Strings, ranges ({@code [5m]}), numbers, functions and operators are skipped. Grafana's variables
 * ({@code $__rate_interval}, {@code $namespace}) may appear in ranges and strings.
 */
final class PromQl {

    /** One metric read: its name and the label names of its matchers. */
    record Selector(String metric, Set<String> labels) {
    }

    /** What an expression reads and groups by. */
    record Uses(List<Selector> selectors, Set<String> groupingLabels) {
    }

    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "bool", "and", "or", "unless", "offset", "inf", "nan");
    private static final Set<String> GROUPING = Set.of("by", "without", "on", "ignoring", "group_left", "group_right");
    /** Aggregation operators: {@code sum by (x) (...)} puts the grouping between the name and its parenthesis. */
    private static final Set<String> AGGREGATIONS = Set.of("sum", "min", "max", "avg", "group", "stddev", "stdvar",
            "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio");

    private PromQl() {
    }

    static Uses parse(String expr) {
        List<Selector> selectors = new ArrayList<>();
        Set<String> grouping = new LinkedHashSet<>();
        int i = 0;
        int n = expr.length();
        while (i < n) {
            char c = expr.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = skipString(expr, i);
            } else if (c == '[') {
                i = expr.indexOf(']', i) + 1;
                if (i == 0) {
                    throw new IllegalArgumentException("Unclosed [ in " + expr);
                }
            } else if (c == '{') {
                throw new IllegalArgumentException("A selector without a metric name in " + expr);
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(expr.charAt(i + 1)))) {
                while (i < n && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '.')) {
                    i++;
                }
            } else if (c == '$') {
                i++;
                while (i < n && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '_')) {
                    i++;
                }
            } else if (Character.isLetter(c) || c == '_' || c == ':') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '_'
                        || expr.charAt(i) == ':')) {
                    i++;
                }
                String word = expr.substring(start, i);
                int next = skipSpaces(expr, i);
                if (GROUPING.contains(word)) {
                    if (next < n && expr.charAt(next) == '(') {
                        int close = expr.indexOf(')', next);
                        for (String label : expr.substring(next + 1, close).split(",")) {
                            if (!label.isBlank()) {
                                grouping.add(label.trim());
                            }
                        }
                        i = close + 1;
                    }
                } else if (KEYWORDS.contains(word.toLowerCase(java.util.Locale.ROOT))) {
                    // an operator or a modifier
                } else if (AGGREGATIONS.contains(word) || (next < n && expr.charAt(next) == '(')) {
                    // an aggregation or a function
                } else {
                    Set<String> labels = new LinkedHashSet<>();
                    if (next < n && expr.charAt(next) == '{') {
                        i = matchers(expr, next, labels);
                    }
                    selectors.add(new Selector(word, labels));
                }
            } else {
                i++;
            }
        }
        return new Uses(selectors, grouping);
    }

    /** Reads {@code {a="x", b=~"y"}} from {@code open}; adds the label names; returns the index after the brace. */
    private static int matchers(String expr, int open, Set<String> labels) {
        int i = open + 1;
        while (true) {
            i = skipSpaces(expr, i);
            char c = expr.charAt(i);
            if (c == '}') {
                return i + 1;
            }
            if (c == ',') {
                i++;
                continue;
            }
            int start = i;
            while (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '_') {
                i++;
            }
            if (start == i) {
                throw new IllegalArgumentException("A label name expected at " + i + " in " + expr);
            }
            labels.add(expr.substring(start, i));
            i = skipSpaces(expr, i);
            while ("=!~".indexOf(expr.charAt(i)) >= 0) {
                i++;
            }
            i = skipString(expr, skipSpaces(expr, i));
        }
    }

    private static int skipString(String expr, int i) {
        char quote = expr.charAt(i);
        if (quote != '"' && quote != '\'' && quote != '`') {
            throw new IllegalArgumentException("A string expected at " + i + " in " + expr);
        }
        i++;
        while (expr.charAt(i) != quote) {
            i += expr.charAt(i) == '\\' && quote != '`' ? 2 : 1;
        }
        return i + 1;
    }

    private static int skipSpaces(String expr, int i) {
        while (i < expr.length() && Character.isWhitespace(expr.charAt(i))) {
            i++;
        }
        return i;
    }
}
