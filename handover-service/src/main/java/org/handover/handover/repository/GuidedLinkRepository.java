package org.handover.handover.repository;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.handover.handover.domain.GuidedLinkStats;
import org.handover.service.support.jdbc.Sql;

/**
 * The tracked links of guided answers ({@code guided_link}, {@code guided_link_recipient}, {@code guided_link_click}),
 * in SQL: every write is an insert that does nothing when its row exists, so a duplicated or replayed record
 * changes nothing. Every method runs in the caller's transaction.
 */
@ApplicationScoped
public class GuidedLinkRepository {

    private final Sql sql;

    public GuidedLinkRepository(Sql sql) {
        this.sql = sql;
    }

    /**
     * Records that {@code psid} got link {@code index} ({@code url}) of the answer as a tracked link.
     *
     * @return true when the recipient is new for that link
     */
    public boolean sent(String pageId, String answerKey, int index, String url, String psid, Instant at) {
        sql.update("""
                insert into guided_link (page_id, answer_key, link_index, url, updated_at)
                values (?, ?, ?, ?, ?)
                on conflict (page_id, answer_key, link_index) do update set url = excluded.url,
                    updated_at = excluded.updated_at
                where guided_link.url <> excluded.url and guided_link.updated_at <= excluded.updated_at""",
                pageId, answerKey, index, url, at);
        return sql.update("""
                insert into guided_link_recipient (page_id, answer_key, link_index, psid, first_sent_at)
                values (?, ?, ?, ?, ?)
                on conflict do nothing""", pageId, answerKey, index, psid, at) == 1;
    }

    /**
     * Records a click of {@code psid} on link {@code index} of the answer, once.
     *
     * @return true when it is the recipient's first click on that link, false for a repeat or a redelivered record
     */
    public boolean click(String pageId, String answerKey, int index, String psid, Instant at) {
        return sql.update("""
                insert into guided_link_click (page_id, answer_key, link_index, psid, first_clicked_at)
                values (?, ?, ?, ?, ?)
                on conflict do nothing""", pageId, answerKey, index, psid, at) == 1;
    }

    /** Per link of the page's guided answers: recipients who got it, and those of them who clicked it. */
    public List<GuidedLinkStats.Link> stats(String pageId) {
        return sql.list("""
                select l.answer_key, l.link_index, l.url,
                       (select count(*) from guided_link_recipient r where r.page_id = l.page_id
                            and r.answer_key = l.answer_key and r.link_index = l.link_index),
                       (select count(*) from guided_link_click c join guided_link_recipient r
                            on r.page_id = c.page_id and r.answer_key = c.answer_key and r.link_index = c.link_index
                               and r.psid = c.psid
                        where c.page_id = l.page_id and c.answer_key = l.answer_key and c.link_index = l.link_index)
                from guided_link l where l.page_id = ?
                order by l.answer_key, l.link_index""", r -> {
            long sent = r.longValue(4);
            long clicked = r.longValue(5);
            return new GuidedLinkStats.Link(r.string(1), r.intValue(2), r.string(3), sent, clicked,
                    GuidedLinkStats.rate(clicked, sent));
        }, pageId);
    }
}
