-- What handover-service learned about a page at run time from Meta's answers (issue 22): our app does not get the
-- page's idle threads (it is not the page's default app under Conversation Routing, or not its Primary Receiver).
-- A row is written only when something was found; it is cleared when Meta shows the opposite (our take succeeds).
create table page_health (
    page_id                  varchar(64)  primary key,
    -- since when our app looks like it is not the page's default app / Primary Receiver; null: nothing found
    not_default_app_since    timestamp with time zone,
    -- what showed it, in words a page admin reads (no message text, no token)
    not_default_app_evidence varchar(300),
    -- the app Meta gave the thread to instead, when one was named
    other_app_id             varchar(64),
    updated_at               timestamp with time zone not null
);
