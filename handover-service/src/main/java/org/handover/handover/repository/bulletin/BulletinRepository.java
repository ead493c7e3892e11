package org.handover.handover.repository.bulletin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
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

    private final EntityManager em;

    public BulletinRepository(EntityManager em) {
        this.em = em;
    }

    /** Stores a new bulletin. */
    public void insert(Bulletin b, Instant now) {
        em.createNativeQuery("insert into bulletin (" + COLUMNS + ", updated_at) values (:id, :page, :text, :qr, "
                + ":audience, :tag, :policy, :state, :sendAt, :createdAt, null, null, :tracked, :now)")
                .setParameter("id", b.id()).setParameter("page", b.pageId()).setParameter("text", b.draft().text())
                .setParameter("qr", ContractJson.toJson(b.draft().quickReplies()))
                .setParameter("audience", b.draft().audience().name()).setParameter("tag", b.draft().tag())
                .setParameter("policy", b.draft().policy()).setParameter("state", b.state().name())
                .setParameter("sendAt", b.sendAt()).setParameter("createdAt", b.createdAt())
                .setParameter("tracked", b.linksTracked()).setParameter("now", now).executeUpdate();
    }

    /** Stores the links of a tracked bulletin's text, in order. */
    public void insertLinks(String bulletinId, List<String> urls) {
        for (int i = 0; i < urls.size(); i++) {
            em.createNativeQuery("insert into bulletin_link (bulletin_id, link_index, url) values (:id, :index, :url)")
                    .setParameter("id", bulletinId).setParameter("index", i).setParameter("url", urls.get(i))
                    .executeUpdate();
        }
    }

    /**
     * Counts a click of {@code psid} on link {@code linkIndex} of the bulletin, once: true when it is the recipient's
     * first click on that link, false for a repeat (or a redelivered record), and for a link or recipient the
     * bulletin does not have (nothing stored).
     */
    public boolean click(String bulletinId, int linkIndex, String psid, Instant at) {
        return em.createNativeQuery("""
                insert into bulletin_click (bulletin_id, link_index, psid, first_clicked_at)
                select l.bulletin_id, l.link_index, r.psid, :at
                from bulletin_link l join bulletin_recipient r on r.bulletin_id = l.bulletin_id
                where l.bulletin_id = :id and l.link_index = :index and r.psid = :psid
                on conflict do nothing""").setParameter("id", bulletinId).setParameter("index", linkIndex)
                .setParameter("psid", psid).setParameter("at", at).executeUpdate() == 1;
    }

    /** Whether the bulletin has that link and that recipient (a click on them is counted, or was). */
    public boolean knows(String bulletinId, int linkIndex, String psid) {
        return ((Number) em.createNativeQuery("""
                select count(*) from bulletin_link l join bulletin_recipient r on r.bulletin_id = l.bulletin_id
                where l.bulletin_id = :id and l.link_index = :index and r.psid = :psid""")
                .setParameter("id", bulletinId).setParameter("index", linkIndex).setParameter("psid", psid)
                .getSingleResult()).longValue() > 0;
    }

    /** The bulletin's links with their unique clickers, and its recipients who clicked any. */
    public Clicks clicks(Bulletin b) {
        if (!b.linksTracked()) {
            return Clicks.NONE;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                select l.link_index, l.url, count(c.psid)
                from bulletin_link l left join bulletin_click c
                  on c.bulletin_id = l.bulletin_id and c.link_index = l.link_index
                where l.bulletin_id = :id group by l.link_index, l.url order by l.link_index""")
                .setParameter("id", b.id()).getResultList();
        long clickers = ((Number) em.createNativeQuery("select count(distinct psid) from bulletin_click "
                + "where bulletin_id = :id").setParameter("id", b.id()).getSingleResult()).longValue();
        return new Clicks(true, clickers, rows.stream().map(r -> new Clicks.Link(((Number) r[0]).intValue(),
                (String) r[1], ((Number) r[2]).longValue())).toList());
    }

    /** The page's bulletin {@code id}. */
    public Optional<Bulletin> find(String pageId, String id) {
        List<Bulletin> found = bulletins(em.createNativeQuery("select " + COLUMNS
                + " from bulletin where page_id = :page and id = :id").setParameter("page", pageId)
                .setParameter("id", id));
        return found.stream().findFirst();
    }

    /** The page's latest {@code limit} bulletins, newest first. */
    public List<Bulletin> list(String pageId, int limit) {
        return bulletins(em.createNativeQuery("select " + COLUMNS + " from bulletin where page_id = :page "
                + "order by created_at desc, id limit :limit").setParameter("page", pageId)
                .setParameter("limit", limit));
    }

    /** Locks up to {@code limit} scheduled bulletins due at {@code now}, skipping those another replica holds. */
    public List<Bulletin> lockDue(Instant now, int limit) {
        return bulletins(em.createNativeQuery("select " + COLUMNS + " from bulletin where state = 'SCHEDULED' "
                + "and send_at <= :now order by send_at, id limit :limit for update skip locked")
                .setParameter("now", now).setParameter("limit", limit));
    }

    /**
     * Starts a locked, due bulletin: every conversation of its page becomes a PENDING recipient, and the bulletin
     * ACTIVE. Returns how many recipients it has.
     */
    public int start(Bulletin b, Instant now) {
        int recipients = em.createNativeQuery("""
                insert into bulletin_recipient (bulletin_id, psid, state, attempts, updated_at)
                select :id, psid, 'PENDING', 0, :now from conversation where page_id = :page
                on conflict do nothing""").setParameter("id", b.id()).setParameter("page", b.pageId())
                .setParameter("now", now).executeUpdate();
        em.createNativeQuery("update bulletin set state = 'ACTIVE', started_at = :now, updated_at = :now "
                + "where id = :id").setParameter("id", b.id()).setParameter("now", now).executeUpdate();
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
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                select r.bulletin_id, b.page_id, r.psid, r.state, r.held_since, r.attempts, b.audience, b.tag,
                       b.text, b.quick_replies, b.links_tracked
                from bulletin_recipient r
                join bulletin b on b.id = r.bulletin_id
                join conversation c on c.page_id = b.page_id and c.psid = r.psid
                where b.page_id = :page and b.state = 'ACTIVE' and r.state in ('PENDING', 'HELD')
                  and (r.state = 'PENDING'
                       or (c.owner = 'BOT' and not c.question_pending and c.pending_pass_target is null)
                       or (b.audience = 'WINDOW'
                           and (c.last_user_activity_at is null or c.last_user_activity_at < :windowStart))
                       or (b.audience = 'TAGGED' and r.held_since < :holdStart))
                order by b.send_at, r.bulletin_id, r.psid
                limit :limit
                for update of r skip locked""")
                .setParameter("page", pageId).setParameter("windowStart", windowStart)
                .setParameter("holdStart", holdStart).setParameter("limit", limit).getResultList();
        return rows.stream().map(r -> new OpenRecipient((String) r[0], (String) r[1], (String) r[2],
                RecipientState.valueOf((String) r[3]), instant(r[4]), ((Number) r[5]).intValue(),
                Audience.valueOf((String) r[6]), (String) r[7], (String) r[8], quickReplies((String) r[9]),
                (Boolean) r[10]))
                .toList();
    }

    /** The pages with an active bulletin. */
    public List<String> activePages() {
        @SuppressWarnings("unchecked")
        List<String> pages = em.createNativeQuery("select distinct page_id from bulletin where state = 'ACTIVE' "
                + "order by page_id").getResultList();
        return pages;
    }

    /**
     * Locks the page's pace row ({@code bulletin_page_pace}, created on first use) and returns the earliest time its
     * next copy may be ordered; empty when another transaction (another replica) holds it now.
     */
    public Optional<Instant> lockPace(String pageId) {
        em.createNativeQuery("insert into bulletin_page_pace (page_id, next_free_at) values (:page, "
                + "timestamp with time zone 'epoch') on conflict do nothing").setParameter("page", pageId)
                .executeUpdate();
        @SuppressWarnings("unchecked")
        List<Object> rows = em.createNativeQuery("select next_free_at from bulletin_page_pace where page_id = :page "
                + "for update skip locked").setParameter("page", pageId).getResultList();
        return rows.stream().findFirst().map(BulletinRepository::instant);
    }

    /** The page's next copy may be ordered at {@code nextFreeAt} (its pace row, locked). */
    public void paced(String pageId, Instant nextFreeAt) {
        em.createNativeQuery("update bulletin_page_pace set next_free_at = :next where page_id = :page")
                .setParameter("next", nextFreeAt).setParameter("page", pageId).executeUpdate();
    }

    /** The recipient (locked) was ordered as {@code decisionId}, its {@code attempts}-th order. */
    public void ordered(String bulletinId, String psid, String decisionId, int attempts, Instant now) {
        em.createNativeQuery("update bulletin_recipient set state = 'QUEUED', reason = null, decision_id = :decision, "
                + "attempts = :attempts, ordered_at = :now, updated_at = :now where bulletin_id = :id and psid = :psid")
                .setParameter("decision", decisionId).setParameter("attempts", attempts).setParameter("now", now)
                .setParameter("id", bulletinId).setParameter("psid", psid).executeUpdate();
    }

    /** The recipient (locked) is held for {@code reason}; {@code held_since} keeps the first hold. */
    public void held(String bulletinId, String psid, String reason, Instant now) {
        em.createNativeQuery("update bulletin_recipient set state = 'HELD', reason = :reason, "
                + "held_since = coalesce(held_since, :now), updated_at = :now where bulletin_id = :id and psid = :psid")
                .setParameter("reason", reason).setParameter("now", now).setParameter("id", bulletinId)
                .setParameter("psid", psid).executeUpdate();
    }

    /** The recipient (locked) is dropped for {@code reason}. */
    public void dropped(String bulletinId, String psid, String reason, Instant now) {
        em.createNativeQuery("update bulletin_recipient set state = 'DROPPED', reason = :reason, updated_at = :now "
                + "where bulletin_id = :id and psid = :psid").setParameter("reason", reason)
                .setParameter("now", now).setParameter("id", bulletinId).setParameter("psid", psid).executeUpdate();
    }

    /**
     * bot-service reported the order {@code decisionId}: its recipient, if still QUEUED under that order, moves to
     * {@code state} with {@code reason}. Returns false when nothing changed (not a bulletin's, or reported before).
     */
    public boolean reported(String decisionId, RecipientState state, String reason, Instant now) {
        return em.createNativeQuery("update bulletin_recipient set state = :state, reason = :reason, "
                + "held_since = case when :state = 'HELD' then coalesce(held_since, :now) else held_since end, "
                + "updated_at = :now where decision_id = :decision and state = 'QUEUED'")
                .setParameter("state", state.name()).setParameter("reason", reason).setParameter("now", now)
                .setParameter("decision", decisionId).executeUpdate() == 1;
    }

    /**
     * Cancels the page's bulletin if it is scheduled or active: open recipients are dropped {@code reason}. Returns
     * false when there was nothing to cancel (unknown, done or cancelled already).
     */
    public boolean cancel(String pageId, String id, String reason, Instant now) {
        int cancelled = em.createNativeQuery("update bulletin set state = 'CANCELLED', finished_at = :now, "
                + "updated_at = :now where page_id = :page and id = :id and state in ('SCHEDULED', 'ACTIVE')")
                .setParameter("now", now).setParameter("page", pageId).setParameter("id", id).executeUpdate();
        if (cancelled == 0) {
            return false;
        }
        em.createNativeQuery("update bulletin_recipient set state = 'DROPPED', reason = :reason, updated_at = :now "
                + "where bulletin_id = :id and state in ('PENDING', 'HELD')").setParameter("reason", reason)
                .setParameter("now", now).setParameter("id", id).executeUpdate();
        return true;
    }

    /** Active bulletins with no recipient left open or queued become DONE. Returns how many. */
    public int finishSettled(Instant now) {
        return em.createNativeQuery("""
                update bulletin b set state = 'DONE', finished_at = :now, updated_at = :now
                where b.state = 'ACTIVE' and not exists (select 1 from bulletin_recipient r
                    where r.bulletin_id = b.id and r.state in ('PENDING', 'HELD', 'QUEUED'))""")
                .setParameter("now", now).executeUpdate();
    }

    /** The bulletin's recipients per state and reason. */
    public Progress progress(String id) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select state, reason, count(*) from bulletin_recipient "
                + "where bulletin_id = :id group by state, reason order by state, reason").setParameter("id", id)
                .getResultList();
        Map<RecipientState, Long> byState = new EnumMap<>(RecipientState.class);
        for (RecipientState s : RecipientState.values()) {
            byState.put(s, 0L);
        }
        Map<RecipientState, Map<String, Long>> reasons = new EnumMap<>(RecipientState.class);
        long total = 0;
        for (Object[] row : rows) {
            RecipientState state = RecipientState.valueOf((String) row[0]);
            long n = ((Number) row[2]).longValue();
            total += n;
            byState.merge(state, n, Long::sum);
            if (row[1] != null) {
                reasons.computeIfAbsent(state, s -> new LinkedHashMap<>()).merge((String) row[1], n, Long::sum);
            }
        }
        return new Progress(total, byState, reasons);
    }

    /** The user's copies of the page's latest {@code limit} bulletins they are a recipient of, newest first. */
    public List<RecipientCopy> recipientRecords(String pageId, String psid, int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                select r.bulletin_id, b.created_at, r.state, r.reason, r.attempts, r.decision_id, r.held_since,
                       r.ordered_at, r.updated_at
                from bulletin_recipient r join bulletin b on b.id = r.bulletin_id
                where b.page_id = :page and r.psid = :psid
                order by b.created_at desc, b.id limit :limit""").setParameter("page", pageId)
                .setParameter("psid", psid).setParameter("limit", limit).getResultList();
        return rows.stream().map(r -> new RecipientCopy((String) r[0], instant(r[1]),
                RecipientState.valueOf((String) r[2]), (String) r[3], ((Number) r[4]).intValue(), (String) r[5],
                instant(r[6]), instant(r[7]), instant(r[8]))).toList();
    }

    /** The page's conversations now: all, inside the window (user message since {@code windowStart}), held. */
    public AudienceCounts audience(String pageId, Instant windowStart) {
        Object[] row = (Object[]) em.createNativeQuery("""
                select count(*),
                       count(*) filter (where last_user_activity_at >= :windowStart),
                       count(*) filter (where owner <> 'BOT' or question_pending or pending_pass_target is not null)
                from conversation where page_id = :page""").setParameter("windowStart", windowStart)
                .setParameter("page", pageId).getSingleResult();
        return new AudienceCounts(((Number) row[0]).longValue(), ((Number) row[1]).longValue(),
                ((Number) row[2]).longValue());
    }

    private List<Bulletin> bulletins(Query query) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        return rows.stream().map(r -> new Bulletin((String) r[0], (String) r[1],
                new BulletinDraft((String) r[2], quickReplies((String) r[3]), Audience.valueOf((String) r[4]),
                        (String) r[5], (String) r[6], instant(r[8])),
                Bulletin.State.valueOf((String) r[7]), instant(r[8]), instant(r[9]), instant(r[10]),
                instant(r[11]), (Boolean) r[12])).toList();
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

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        throw new IllegalStateException("unexpected timestamp type " + value.getClass().getName());
    }
}
