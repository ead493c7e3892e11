-- Bulletins (issue 20): one message from a page to many of its users, delivered per conversation on the decision
-- stream under the same epoch fence as every bot message, held while an agent holds the thread (or a handover is
-- pending), dropped with the reason when the 24-hour window closes first.
create table bulletin (
    id            varchar(64)   primary key,
    page_id       varchar(64)   not null,
    text          varchar(2000) not null,
    -- JSON array of {"title","payload"}: Messenger's quick replies (at most 13)
    quick_replies text          not null,
    -- WINDOW: the page's users inside the 24-hour window (messaging_type UPDATE); TAGGED: a non-promotional tagged
    -- update (MESSAGE_TAG with tag), with the policy the admin stated
    audience      varchar(16)   not null,
    tag           varchar(32),
    policy        varchar(500),
    -- SCHEDULED (waits for send_at), ACTIVE (recipients chosen, being delivered), DONE, CANCELLED
    state         varchar(16)   not null,
    send_at       timestamp with time zone not null,
    created_at    timestamp with time zone not null,
    started_at    timestamp with time zone,
    finished_at   timestamp with time zone,
    updated_at    timestamp with time zone not null,
    constraint bulletin_audience_check check (audience in ('WINDOW', 'TAGGED')),
    constraint bulletin_state_check check (state in ('SCHEDULED', 'ACTIVE', 'DONE', 'CANCELLED')),
    constraint bulletin_tag_check check ((audience = 'TAGGED') = (tag is not null))
);

create index bulletin_page_idx on bulletin (page_id, created_at);
create index bulletin_due_idx on bulletin (send_at) where state = 'SCHEDULED';

-- One row per recipient (a conversation of the page when the bulletin started): where its copy is.
-- PENDING (not decided yet), HELD (an agent holds the thread or a handover is pending), QUEUED (ordered on the
-- decision stream as decision_id), SENT, DROPPED (reason: outside_window, window_closed, cancelled, ...), FAILED
-- (reason from bot-service: rate_limited, outcome_unknown, rejected_by_meta, ...).
create table bulletin_recipient (
    bulletin_id varchar(64)  not null references bulletin (id),
    psid        varchar(64)  not null,
    state       varchar(16)  not null,
    reason      varchar(64),
    decision_id varchar(255),
    attempts    integer      not null,
    held_since  timestamp with time zone,
    updated_at  timestamp with time zone not null,
    primary key (bulletin_id, psid),
    constraint bulletin_recipient_state_check
        check (state in ('PENDING', 'HELD', 'QUEUED', 'SENT', 'DROPPED', 'FAILED'))
);

create index bulletin_recipient_open_idx on bulletin_recipient (bulletin_id, psid) where state in ('PENDING', 'HELD');
create unique index bulletin_recipient_decision_idx on bulletin_recipient (decision_id) where decision_id is not null;
