package org.handover.handover.repository;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.handover.handover.domain.PageAnalytics;
import org.handover.service.support.jdbc.Sql;

/**
 * A page's handover figures for a period, in SQL over its persisted history: {@code control_transition} (every change
 * of owner) and {@code conversation_step} (what each processed event came to). Both are written once per processed
 * event, in the transaction that records its id ({@code processed_event}), so a duplicated or replayed event is never
 * counted twice. Periods are judged on Meta's event time ({@code occurred_at}; a change of owner without one, a
 * reconciliation, on when it was recorded), so a replay counts as the original run did. Every method runs in the
 * caller's transaction.
 */
@ApplicationScoped
public class AnalyticsRepository {

    /** When a change of owner happened. */
    private static final String AT = "coalesce(occurred_at, recorded_at)";

    /** Users who wrote, and conversations that changed hands, in the period: one row per such moment. */
    private static final String ACTIVITY = """
            activity as (
                select psid, occurred_at as happened from conversation_step
                where page_id = :page and actor = 'USER' and occurred_at >= :from and occurred_at < :to
                union all
                select psid, %1$s as happened from control_transition
                where page_id = :page and %1$s >= :from and %1$s < :to
            )""".formatted(AT);

    /** Passes to an agent in the period. */
    private static final String TO_AGENT = """
            to_agent as (
                select psid, %1$s as happened from control_transition
                where page_id = :page and to_owner = 'AGENT' and %1$s >= :from and %1$s < :to
            )""".formatted(AT);

    /** Outcomes of a step in which the bot answered the user (or asked the question). */
    private static final String BOT_ANSWERED = "'answered', 'asked', 'fallback', 'rejected', 'accept_while_inactive'";

    /** The queries' named parameters, {@code :page}, {@code :from} and {@code :to}, bound by {@link #rows}. */
    private static final Pattern PARAMETER = Pattern.compile("(?<![:\\w]):(page|from|to)\\b");

    private final Sql sql;

    public AnalyticsRepository(Sql sql) {
        this.sql = sql;
    }

    /** The page's figures for {@code [from, to)}; {@code days} are the UTC days the period touches. */
    public PageAnalytics analytics(String pageId, Instant from, Instant to, List<LocalDate> days) {
        Object[] reach = single("with " + ACTIVITY + ", " + TO_AGENT + """
                , answered as (
                    select distinct psid from conversation_step
                    where page_id = :page and outcome in (%s) and occurred_at >= :from and occurred_at < :to
                )
                select (select count(distinct psid) from activity),
                       (select count(distinct psid) from to_agent),
                       (select count(*) from answered a where not exists (select 1 from to_agent h where h.psid = a.psid))
                """.formatted(BOT_ANSWERED), pageId, from, to);
        Object[] questions = single("""
                select count(*) filter (where outcome = 'asked'),
                       count(*) filter (where outcome = 'accepted'),
                       count(*) filter (where outcome = 'accepted' and kind = 'postback'),
                       count(*) filter (where outcome = 'rejected')
                from conversation_step
                where page_id = :page and occurred_at >= :from and occurred_at < :to
                """, pageId, from, to);
        // Each pass to an agent in the period is a session, ended by the conversation's next change of owner; the
        // agent's first reply is its first message (an echo of another app) in between.
        Object[] sessions = single("""
                with t as (
                    select psid, to_owner, %1$s as happened, lead(%1$s) over (partition by psid order by id) as next_at
                    from control_transition
                    where page_id = :page and psid in (select psid from control_transition
                        where page_id = :page and to_owner = 'AGENT' and %1$s >= :from and %1$s < :to)
                ), s as (
                    select t.happened, t.next_at,
                           (select min(c.occurred_at) from conversation_step c
                            where c.page_id = :page and c.psid = t.psid and c.actor = 'AGENT' and c.occurred_at >= t.happened
                              and (t.next_at is null or c.occurred_at < t.next_at)) as first_reply
                    from t where t.to_owner = 'AGENT' and t.happened >= :from and t.happened < :to
                )
                select count(*),
                       count(first_reply),
                       percentile_cont(0.5) within group (order by extract(epoch from first_reply - happened)),
                       avg(extract(epoch from first_reply - happened)),
                       count(next_at),
                       percentile_cont(0.5) within group (order by extract(epoch from next_at - happened)),
                       avg(extract(epoch from next_at - happened)),
                       count(*) filter (where next_at is null)
                from s
                """.formatted(AT), pageId, from, to);
        Object[] returns = single("""
                select count(*) filter (where cause = 'agent_done'),
                       count(*) filter (where cause = 'idle_timeout'),
                       count(*) filter (where lower(cause) = 'no_show'),
                       count(*) filter (where cause = 'admin_give_back'),
                       count(*) filter (where cause not in ('agent_done', 'idle_timeout', 'admin_give_back')
                                          and lower(cause) <> 'no_show')
                from control_transition
                where page_id = :page and from_owner = 'AGENT' and to_owner = 'BOT' and %1$s >= :from and %1$s < :to
                """.formatted(AT), pageId, from, to);
        Map<String, long[]> perDay = new TreeMap<>();
        for (Object[] row : rows("with " + ACTIVITY + ", " + TO_AGENT + """
                select d, sum(c), sum(h) from (
                    select to_char(happened at time zone 'UTC', 'YYYY-MM-DD') as d, count(distinct psid) as c, 0 as h
                    from activity group by 1
                    union all
                    select to_char(happened at time zone 'UTC', 'YYYY-MM-DD'), 0, count(distinct psid)
                    from to_agent group by 1
                ) x group by d
                """, pageId, from, to)) {
            perDay.put(row[0].toString(), new long[] {count(row[1]), count(row[2])});
        }
        long conversations = count(reach[0]);
        long handedOver = count(reach[1]);
        long deflected = count(reach[2]);
        return new PageAnalytics(pageId, from, to, conversations, handedOver,
                PageAnalytics.rate(handedOver, conversations), count(questions[0]), count(questions[1]),
                count(questions[2]), count(questions[3]), deflected, PageAnalytics.rate(deflected, conversations),
                count(sessions[0]),
                new PageAnalytics.Durations(count(sessions[1]), seconds(sessions[2]), seconds(sessions[3])),
                new PageAnalytics.Durations(count(sessions[4]), seconds(sessions[5]), seconds(sessions[6])),
                count(sessions[7]),
                new PageAnalytics.Returns(count(returns[0]), count(returns[1]), count(returns[2]), count(returns[3]),
                        count(returns[4])),
                days.stream().map(d -> {
                    long[] c = perDay.getOrDefault(d.toString(), new long[2]);
                    return new PageAnalytics.Day(d, c[0], c[1]);
                }).toList());
    }

    private Object[] single(String query, String pageId, Instant from, Instant to) {
        return rows(query, pageId, from, to).get(0);
    }

    /** The rows of {@code query}, its named parameters bound in the order they appear (most appear several times). */
    private List<Object[]> rows(String query, String pageId, Instant from, Instant to) {
        List<Object> parameters = new ArrayList<>();
        StringBuilder positional = new StringBuilder();
        Matcher named = PARAMETER.matcher(query);
        while (named.find()) {
            parameters.add(switch (named.group(1)) {
                case "page" -> pageId;
                case "from" -> from;
                default -> to;
            });
            named.appendReplacement(positional, "?");
        }
        named.appendTail(positional);
        return sql.list(positional.toString(), AnalyticsRepository::columns, parameters.toArray());
    }

    private static Object[] columns(Sql.Row row) throws SQLException {
        ResultSet rows = row.resultSet();
        Object[] columns = new Object[rows.getMetaData().getColumnCount()];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = rows.getObject(i + 1);
        }
        return columns;
    }

    private static long count(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    private static Double seconds(Object value) {
        return value == null ? null : Math.round(((Number) value).doubleValue() * 1000) / 1000.0;
    }
}
