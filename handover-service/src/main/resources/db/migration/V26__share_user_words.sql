-- The agent's context may carry the start of what the user last typed, when the page's admin turns that on
-- (issue 21 item 5; off by default). One row per conversation: the start of its latest typed free text (at most
-- InboundEvent.USER_TEXT_MAX characters), replaced by the next, deleted a day after it was written
-- (ConversationWordsRepository.WORDS_KEPT), and deleted for the whole page when the admin turns the option off.
alter table page_settings add column share_user_words boolean not null default false;

create table conversation_words (
    page_id     varchar(64)  not null,
    psid        varchar(64)  not null,
    event_id    varchar(255) not null,
    words       varchar(300) not null,
    occurred_at timestamp with time zone not null,
    recorded_at timestamp with time zone not null,
    primary key (page_id, psid)
);

create index conversation_words_recorded_at on conversation_words (recorded_at);
