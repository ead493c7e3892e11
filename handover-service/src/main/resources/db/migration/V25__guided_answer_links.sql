-- Tracked links of guided answers (issue 20 item 4): where a page's admin chose it, bot-service sends a guided
-- answer's links as tracked links per recipient and reports which on messenger.outbound (OutboundResult.trackedLinks);
-- ingress-service publishes the clicks on bulletin.clicks (BulletinClick.answerKey). Counted here once per recipient
-- and link, whatever the duplicates and replays: every insert is "on conflict do nothing" on the natural key.

-- The links of each guided answer that went out tracked: the URL last sent at that place of the answer's text (an edit
-- of the answer may change it; the figures stay with the place).
create table guided_link (
    page_id     varchar(64)   not null,
    answer_key  varchar(64)   not null,
    link_index  integer       not null,
    url         varchar(1000) not null,
    updated_at  timestamp with time zone not null,
    primary key (page_id, answer_key, link_index),
    constraint guided_link_index_check check (link_index between 0 and 255)
);

-- Recipients who got the link tracked: one row per recipient and link, however often the answer was sent to them.
create table guided_link_recipient (
    page_id       varchar(64) not null,
    answer_key    varchar(64) not null,
    link_index    integer     not null,
    psid          varchar(64) not null,
    first_sent_at timestamp with time zone not null,
    primary key (page_id, answer_key, link_index, psid),
    foreign key (page_id, answer_key, link_index) references guided_link (page_id, answer_key, link_index)
);

-- Unique clicks: one row per recipient and link. No foreign key to the recipients: a click may be read before the
-- report of the send that carried it (two topics); the figures count only clicks of recipients who got the link.
create table guided_link_click (
    page_id          varchar(64) not null,
    answer_key       varchar(64) not null,
    link_index       integer     not null,
    psid             varchar(64) not null,
    first_clicked_at timestamp with time zone not null,
    primary key (page_id, answer_key, link_index, psid),
    constraint guided_link_click_index_check check (link_index between 0 and 255)
);
