-- Per page: the handover settings a page admin edits.
create table page_settings (
    page_id               varchar(64)  primary key,
    channel               varchar(16)  not null,
    handover_active       boolean      not null,
    setup_kind            varchar(32)  not null,
    target_app_id         varchar(64)  not null,
    question_text         varchar(640) not null,
    accept_title          varchar(20)  not null,
    reject_title          varchar(20)  not null,
    confirmation_text     varchar(640) not null,
    stay_with_bot_text    varchar(640) not null,
    -- null: say nothing when the bot takes the conversation back
    bot_is_back_text      varchar(640),
    honour_inbox_requests boolean      not null,
    -- null: an agent keeps a conversation until they mark it done
    idle_timeout_minutes  integer,
    updated_at            timestamp with time zone not null,
    constraint page_settings_idle_timeout_positive check (idle_timeout_minutes is null or idle_timeout_minutes > 0)
);

-- Per conversation: who owns the thread now, under which epoch, and what is pending.
create table conversation (
    page_id                  varchar(64)  not null,
    psid                     varchar(64)  not null,
    owner                    varchar(16)  not null,
    owner_app_id             varchar(64),
    epoch                    bigint       not null,
    owner_since              timestamp with time zone not null,
    question_pending         boolean      not null,
    -- set between the user's "yes" and the pass_thread_control call: the confirmation must go out first
    pending_pass_decision_id varchar(255),
    pending_pass_target      varchar(64),
    pending_pass_deadline    timestamp with time zone,
    -- a replica calling pass_thread_control holds the conversation until then, so no other replica calls it too
    pending_pass_claimed_until timestamp with time zone,
    pending_pass_attempts    integer      not null,
    pending_pass_cause_event_id varchar(255),
    pending_pass_cause_at    timestamp with time zone,
    last_user_activity_at    timestamp with time zone,
    last_agent_activity_at   timestamp with time zone,
    -- Meta's timestamp of the event behind the latest transition; older events never undo it
    last_transition_event_at timestamp with time zone,
    updated_at               timestamp with time zone not null,
    primary key (page_id, psid)
);

create index conversation_pending_pass_idx on conversation (pending_pass_deadline)
    where pending_pass_deadline is not null;
create index conversation_agent_owned_idx on conversation (page_id) where owner = 'AGENT';

-- Every change of owner, for the page admin, the engineer on call and the tests.
create table control_transition (
    id             bigserial    primary key,
    page_id        varchar(64)  not null,
    psid           varchar(64)  not null,
    from_owner     varchar(16)  not null,
    to_owner       varchar(16)  not null,
    owner_app_id   varchar(64),
    epoch          bigint       not null,
    cause          varchar(64)  not null,
    cause_event_id varchar(255),
    occurred_at    timestamp with time zone,
    recorded_at    timestamp with time zone not null
);

create index control_transition_conversation_idx on control_transition (page_id, psid, id);

-- Decisions and control records written in the transaction of the change that made them, then published in order.
-- A row stays unpublished if the process dies before Kafka acknowledged it; it is published again on the next
-- event of the conversation or by the sweeper, and bot-service drops the duplicate by decision id.
create table outbox (
    id               bigserial    primary key,
    conversation_key varchar(255) not null,
    kind             varchar(16)  not null,
    payload          text         not null,
    created_at       timestamp with time zone not null,
    published_at     timestamp with time zone
);

create index outbox_unpublished_idx on outbox (conversation_key, id) where published_at is null;
