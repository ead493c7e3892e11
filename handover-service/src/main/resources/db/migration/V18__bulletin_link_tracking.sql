-- Link tracking of bulletins (issue 20): each http(s) link of a bulletin's text is sent, per recipient, as a tracked
-- link on ingress-service (/l/<token>, a signed and encrypted token: bulletin, link index, recipient, target). The
-- clicks come back on bulletin.clicks and are counted here once per recipient and link.

-- Whether the bulletin's links are tracked: decided when it is composed (tracking configured, links in the text), so
-- that every recipient of one bulletin gets the same kind of text even if the configuration changes meanwhile.
alter table bulletin add column links_tracked boolean not null default false;

-- The links of a tracked bulletin's text, in order (TrackedLinks.find): what the click-through rate is per.
create table bulletin_link (
    bulletin_id varchar(64)   not null references bulletin (id),
    link_index  integer       not null,
    url         varchar(1000) not null,
    primary key (bulletin_id, link_index),
    constraint bulletin_link_index_check check (link_index between 0 and 255)
);

-- Unique clicks: one row per recipient and link, however often the recipient clicked or the record was delivered.
create table bulletin_click (
    bulletin_id      varchar(64) not null,
    link_index       integer     not null,
    psid             varchar(64) not null,
    first_clicked_at timestamp with time zone not null,
    primary key (bulletin_id, link_index, psid),
    foreign key (bulletin_id, link_index) references bulletin_link (bulletin_id, link_index),
    foreign key (bulletin_id, psid) references bulletin_recipient (bulletin_id, psid)
);
