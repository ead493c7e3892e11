-- Bulletins at the page's pace (issue 20, "At Meta's pace"): copies are ordered (released from PENDING or HELD to
-- QUEUED) at most bulletin.rate-per-page a second per page, whichever replica releases them. One row per page that
-- ever had a bulletin: the earliest time its next copy may be ordered (a generic cell rate algorithm: each copy
-- ordered moves it 1/rate later; a tick may release what fits until now + one tick). A replica releasing a page's
-- copies holds the row's lock (FOR UPDATE SKIP LOCKED: the other replicas take other pages meanwhile).
create table bulletin_page_pace (
    page_id      varchar(64) primary key,
    next_free_at timestamp with time zone not null
);

-- When the recipient's copy was last ordered (QUEUED; kept once it is sent, failed or dropped by bot-service's report):
-- the page's pace shows in it, and it is the "queued" step of the recipient's history.
alter table bulletin_recipient add column ordered_at timestamp with time zone;
