package org.handover.handover.repository.bulletin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.handover.contracts.ContractJson;
import org.handover.contracts.QuickReply;
import org.handover.handover.domain.bulletin.Audience;
import org.handover.handover.domain.bulletin.AudienceCounts;
import org.handover.handover.domain.bulletin.Bulletin;
import org.handover.handover.domain.bulletin.BulletinDraft;
import org.handover.handover.domain.bulletin.Clicks;
import org.handover.handover.domain.bulletin.Progress;
import org.handover.handover.domain.bulletin.RecipientCopy;
import org.handover.handover.domain.bulletin.RecipientState;
import org.handover.service.support.jdbc.Sql;

/**
 * Bulletins and their recipients ({@code bulletin}, {@code bulletin_recipient}), in native SQL: the claims are
 * {@code FOR UPDATE SKIP LOCKED} so that every replica's timer shares the work, and a recipient's state changes only
 * under its row lock (or, for bot-service's reports, conditionally on its decision id while it is QUEUED). Every
 * method runs in the caller's transaction.
 */
@ApplicationScoped
public class BulletinRepository {

    private static final String COLUMNS = "id, page_id, text, quick_replies, audience, tag, policy, state, send_at, "
            + "created_at, started_at, finished_at, links_tracked";

    private final Sql sql;

    public BulletinRepository(Sql sql) {
        this.sql = sql;
    }

    /** Stores a new bulletin. */
    public void insert(Bulletin b, Instant now) {
        sql.update("insert into bulletin (" + COLUMNS + ", updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, null, "
                + "null, ?, ?)", b.id(), b.pageId(), b.draft().text(), ContractJson.toJson(b.draft().quickReplies()),
                b.draft().audience(), b.draft().tag(), b.draft().policy(), b.state(), b.sendAt(), b.createdAt(),
                b.linksTracked(), now);
    }

    /** Stores the links of a tracked bulletin's text, in order. */
    public void insertLinks(String bulletinId, List<String> urls) {
        for (int i = 0; i < urls.size(); i++) {
            sql.update("insert into bulletin_link (bulletin_id, link_index, url) values (?, ?, ?)", bulletinId, i,
                    urls.get(i));
        }
    }

    /**
     * Counts a click of {@code psid} on link {@code linkIndex} of the bulletin, once: true when it is the recipient's
     * first click on that link, false for a repeat (or a redelivered record), and for a link or recipient the
     * bulletin does not have (nothing stored).
     */
    public boolean click(String bulletinId, int linkIndex, String psid, Instant at) {
        return sql.update("""
                insert into bulletin_click (bulletin_id, link_index, psid, first_clicked_at)
                select l.bulletin_id, l.link_index, r.psid, ?
                from bulletin_link l join bulletin_recipient r on r.bulletin_id = l.bulletin_id
                where l.bulletin_id = ? and l.link_index = ? and r.psid = ?
                on conflict do nothing""", at, bulletinId, linkIndex, psid) == 1;
    }

    /** Whether the bulletin has that link and that recipient (a click on them is counted, or was). */
    public boolean knows(String bulletinId, int linkIndex, String psid) {
        return sql.count("""
                select count(*) from bulletin_link l join bulletin_recipient r on r.bulletin_id = l.bulletin_id
                where l.bulletin_id = ? and l.link_index = ? and r.psid = ?""", bulletinId, linkIndex, psid) > 0;
    }

    /** The bulletin's links with their unique clickers, and its recipients who clicked any. */
    public Clicks clicks(Bulletin b) {
        if (!b.linksTracked()) {
            return Clicks.NONE;
        }
        List<Clicks.Link> links = sql.list("""
                select l.link_index, l.url, count(c.psid)
                from bulletin_link l left join bulletin_click c
                  on c.bulletin_id = l.bulletin_id and c.link_index = l.link_index
                where l.bulletin_id = ? group by l.link_index, l.url order by l.link_index""",
                r -> new Clicks.Link(r.intValue(1), r.string(2), r.longValue(3)), b.id());
        long clickers = sql.count("select count(distinct psid) from bulletin_click where bulletin_id = ?", b.id());
        return new Clicks(true, clickers, links);
    }

    /** The page's bulletin {@code id}. */
    public Optional<Bulletin> find(String pageId, String id) {
        return sql.first("select " + COLUMNS + " from bulletin where page_id = ? and id = ?",
                BulletinRepository::bulletin, pageId, id);
    }

    /** The page's latest {@code limit} bulletins, newest first. */
    public List<Bulletin> list(String pageId, int limit) {
        return sql.list("select " + COLUMNS + " from bulletin where page_id = ? order by created_at desc, id limit ?",
                BulletinRepository::bulletin, pageId, limit);
    }

    /** Locks up to {@code limit} scheduled bulletins due at {@code now}, skipping those another replica holds. */
    public List<Bulletin> lockDue(Instant now, int limit) {
        return sql.list("select " + COLUMNS + " from bulletin where state = 'SCHEDULED' and send_at <= ? "
                + "order by send_at, id limit ? for update skip locked", BulletinRepository::bulletin, now, limit);
    }

    /**
     * Starts a locked, due bulletin: every conversation of its page becomes a PENDING recipient, and the bulletin
     * ACTIVE. Returns how many recipients it has.
     */
    public int start(Bulletin b, Instant now) {
        int recipients = sql.update("""
                insert into bulletin_recipient (bulletin_id, psid, state, attempts, updated_at)
                select ?, psid, 'PENDING', 0, ? from conversation where page_id = ?
                on conflict do nothing""", b.id(), now, b.pageId());
        sql.update("update bulletin set state = 'ACTIVE', started_at = ?, updated_at = ? where id = ?", now, now,
                b.id());
        return recipients;
    }

    /** An open recipient, locked, with what deciding it needs. */
    public record OpenRecipient(String bulletinId, String pageId, String psid, RecipientState state,
            Instant heldSince, int attempts, Audience audience, String tag, String text,
            List<QuickReply> quickReplies, boolean linksTracked) {
    }

    /**
     * Locks ({@code FOR UPDATE SKIP LOCKED}) up to {@code limit} open recipients of the page's active bulletins that
     * can move now: every PENDING one, and the HELD ones whose conversation the bot owns again with no handover
     * pending, whose window closed ({@code windowStart}: a user message before it is outside) or whose hold expired
     * ({@code holdStart}, tagged bulletins). A held recipient whose conversation is still held is not even read.
     */
    public List<OpenRecipient> lockMovable(String pageId, Instant windowStart, Instant holdStart, int limit) {
        return sql.list("""
                select r.bulletin_id, b.page_id, r.psid, r.state, r.held_since, r.attempts, b.audience, b.tag,
                       b.text, b.quick_replies, b.links_tracked
                from bulletin_recipient r
                join bulletin b on b.id = r.bulletin_id
                join conversation c on c.page_id = b.page_id and c.psid = r.psid
                where b.page_id = ? and b.state = 'ACTIVE' and r.state in ('PENDING', 'HELD')
                  and (r.state = 'PENDING'
                       or (c.owner = 'BOT' and not c.question_pending and c.pending_pass_target is null)
                       or (b.audience = 'WINDOW'
                           and (c.last_user_activity_at is null or c.last_user_activity_at < ?))
                       or (b.audience = 'TAGGED' and r.held_since < ?))
                order by b.send_at, r.bulletin_id, r.psid
                limit ?
                for update of r skip locked""", r -> new OpenRecipient(r.string("bulletin_id"), r.string("page_id"),
                r.string("psid"), r.enumOf(RecipientState.class, "state"), r.instant("held_since"),
                r.intValue("attempts"), r.enumOf(Audience.class, "audience"), r.string("tag"), r.string("text"),
                quickReplies(r.string("quick_replies")), r.bool("links_tracked")),
                pageId, windowStart, holdStart, limit);
    }

    /** The pages with an active bulletin. */
    public List<String> activePages() {
        return sql.list("select distinct page_id from bulletin where state = 'ACTIVE' order by page_id",
                r -> r.string(1));
    }

    /**
     * Locks the page's pace row ({@code bulletin_page_pace}, created on first use) and returns the earliest time its
     * next copy may be ordered; empty when another transaction (another replica) holds it now.
     */
    public Optional<Instant> lockPace(String pageId) {
        sql.update("insert into bulletin_page_pace (page_id, next_free_at) values (?, "
                + "timestamp with time zone 'epoch') on conflict do nothing", pageId);
        return sql.first("select next_free_at from bulletin_page_pace where page_id = ? for update skip locked",
                r -> r.instant(1), pageId);
    }

    /** The page's next copy may be ordered at {@code nextFreeAt} (its pace row, locked). */
    public void paced(String pageId, Instant nextFreeAt) {
        sql.update("update bulletin_page_pace set next_free_at = ? where page_id = ?", nextFreeAt, pageId);
    }

    /** The recipient (locked) was ordered as {@code decisionId}, its {@code attempts}-th order. */
    public void ordered(String bulletinId, String psid, String decisionId, int attempts, Instant now) {
        sql.update("update bulletin_recipient set state = 'QUEUED', reason = null, decision_id = ?, attempts = ?, "
                + "ordered_at = ?, updated_at = ? where bulletin_id = ? and psid = ?", decisionId, attempts, now, now,
                bulletinId, psid);
    }

    /** The recipient (locked) is held for {@code reason}; {@code held_since} keeps the first hold. */
    public void held(String bulletinId, String psid, String reason, Instant now) {
        sql.update("update bulletin_recipient set state = 'HELD', reason = ?, held_since = coalesce(held_since, ?), "
                + "updated_at = ? where bulletin_id = ? and psid = ?", reason, now, now, bulletinId, psid);
    }

    /** The recipient (locked) is dropped for {@code reason}. */
    public void dropped(String bulletinId, String psid, String reason, Instant now) {
        sql.update("update bulletin_recipient set state = 'DROPPED', reason = ?, updated_at = ? "
                + "where bulletin_id = ? and psid = ?", reason, now, bulletinId, psid);
    }

    /**
     * bot-service reported the order {@code decisionId}: its recipient, if still QUEUED under that order, moves to
     * {@code state} with {@code reason}. Returns false when nothing changed (not a bulletin's, or reported before).
     */
    public boolean reported(String decisionId, RecipientState state, String reason, Instant now) {
        return sql.update("update bulletin_recipient set state = ?, reason = ?, "
                + "held_since = case when ? = 'HELD' then coalesce(held_since, ?) else held_since end, "
                + "updated_at = ? where decision_id = ? and state = 'QUEUED'", state, reason, state, now, now,
                decisionId) == 1;
    }

    /**
     * Cancels the page's bulletin if it is scheduled or active: open recipients are dropped {@code reason}. Returns
     * false when there was nothing to cancel (unknown, done or cancelled already).
     */
    public boolean cancel(String pageId, String id, String reason, Instant now) {
        int cancelled = sql.update("update bulletin set state = 'CANCELLED', finished_at = ?, updated_at = ? "
                + "where page_id = ? and id = ? and state in ('SCHEDULED', 'ACTIVE')", now, now, pageId, id);
        if (cancelled == 0) {
            return false;
        }
        sql.update("update bulletin_recipient set state = 'DROPPED', reason = ?, updated_at = ? "
                + "where bulletin_id = ? and state in ('PENDING', 'HELD')", reason, now, id);
        return true;
    }

    /** Active bulletins with no recipient left open or queued become DONE. Returns how many. */
    public int finishSettled(Instant now) {
        return sql.update("""
                update bulletin b set state = 'DONE', finished_at = ?, updated_at = ?
                where b.state = 'ACTIVE' and not exists (select 1 from bulletin_recipient r
                    where r.bulletin_id = b.id and r.state in ('PENDING', 'HELD', 'QUEUED'))""", now, now);
    }

    /** The bulletin's recipients per state and reason. */
    public Progress progress(String id) {
        record Count(RecipientState state, String reason, long n) {
        }
        List<Count> rows = sql.list("select state, reason, count(*) from bulletin_recipient where bulletin_id = ? "
                + "group by state, reason order by state, reason",
                r -> new Count(r.enumOf(RecipientState.class, "state"), r.string("reason"), r.longValue(3)), id);
        Map<RecipientState, Long> byState = new EnumMap<>(RecipientState.class);
        for (RecipientState s : RecipientState.values()) {
            byState.put(s, 0L);
        }
        Map<RecipientState, Map<String, Long>> reasons = new EnumMap<>(RecipientState.class);
        long total = 0;
        for (Count row : rows) {
            total += row.n();
            byState.merge(row.state(), row.n(), Long::sum);
            if (row.reason() != null) {
                reasons.computeIfAbsent(row.state(), s -> new LinkedHashMap<>()).merge(row.reason(), row.n(),
                        Long::sum);
            }
        }
        return new Progress(total, byState, reasons);
    }

    /** The user's copies of the page's latest {@code limit} bulletins they are a recipient of, newest first. */
    public List<RecipientCopy> recipientRecords(String pageId, String psid, int limit) {
        return sql.list("""
                select r.bulletin_id, b.created_at, r.state, r.reason, r.attempts, r.decision_id, r.held_since,
                       r.ordered_at, r.updated_at
                from bulletin_recipient r join bulletin b on b.id = r.bulletin_id
                where b.page_id = ? and r.psid = ?
                order by b.created_at desc, b.id limit ?""", r -> new RecipientCopy(r.string("bulletin_id"),
                r.instant("created_at"), r.enumOf(RecipientState.class, "state"), r.string("reason"),
                r.intValue("attempts"), r.string("decision_id"), r.instant("held_since"), r.instant("ordered_at"),
                r.instant("updated_at")), pageId, psid, limit);
    }

    /** The page's conversations now: all, inside the window (user message since {@code windowStart}), held. */
    public AudienceCounts audience(String pageId, Instant windowStart) {
        return sql.value("""
                select count(*),
                       count(*) filter (where last_user_activity_at >= ?),
                       count(*) filter (where owner <> 'BOT' or question_pending or pending_pass_target is not null)
                from conversation where page_id = ?""", r -> new AudienceCounts(r.longValue(1), r.longValue(2),
                r.longValue(3)), windowStart, pageId);
    }

    private static Bulletin bulletin(Sql.Row r) throws SQLException {
        Instant sendAt = r.instant("send_at");
        return new Bulletin(r.string("id"), r.string("page_id"),
                new BulletinDraft(r.string("text"), quickReplies(r.string("quick_replies")),
                        r.enumOf(Audience.class, "audience"), r.string("tag"), r.string("policy"), sendAt),
                r.enumOf(Bulletin.State.class, "state"), sendAt, r.instant("created_at"), r.instant("started_at"),
                r.instant("finished_at"), r.bool("links_tracked"));
    }

    private static final TypeReference<List<QuickReply>> QUICK_REPLIES = new TypeReference<>() {
    };

    private static List<QuickReply> quickReplies(String json) {
        try {
            return ContractJson.mapper().readValue(json, QUICK_REPLIES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("bulletin quick replies unreadable", e);
        }
    }
}
