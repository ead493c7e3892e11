-- bot-service's own schema (Flyway creates it: quarkus.flyway.schemas=bot). Nothing here is shared with
-- handover-service, even when both use the same database.

-- The owner and epoch of each conversation, as told by CONTROL_CHANGE decisions. A conversation without a row is
-- owned by the bot at epoch 0. The epoch never goes down (a late or replayed change is ignored).
create table conversation_control (
    conversation_key varchar(255) primary key,
    page_id          varchar(64)  not null,
    psid             varchar(128) not null,
    owner            varchar(16)  not null,
    epoch            bigint       not null,
    updated_at       timestamp with time zone not null
);

-- One row per reply order ever handled: the persisted dedupe key (decision_id) and what became of it.
-- state SENDING is written and committed before the Send API is called; a row still SENDING when its order is
-- delivered again means the process stopped between the call and the record: it is not sent again.
create table outbound_order (
    decision_id   varchar(255) primary key,
    page_id       varchar(64)  not null,
    psid          varchar(128) not null,
    epoch         bigint       not null,
    kind          varchar(32)  not null,
    state         varchar(16)  not null,
    reason        varchar(64),
    message_id    varchar(255),
    error_code    integer,
    error_subcode integer,
    -- What was (or, in shadow mode, would have been) sent: the bot's own texts, never the user's.
    message       text,
    created_at    timestamp with time zone not null,
    updated_at    timestamp with time zone not null
);

create index outbound_order_conversation_idx on outbound_order (page_id, psid, created_at);

-- Each page's guided-response catalog (the JSON document of the documented format). A deleted page keeps its row
-- with document null, so the revision keeps increasing and the seed files do not bring it back on restart.
create table page_catalog (
    page_id    varchar(64) primary key,
    revision   bigint      not null,
    document   text,
    updated_at timestamp with time zone not null
);
