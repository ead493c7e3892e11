-- Access per page (issue 21 item 7): page admins' accounts, each with the pages it may manage. The password is kept
-- only as its bcrypt hash (cost 10 or more, salt included: "$2a$10$...", 60 characters).
create table admin_account (
    username      varchar(64)              primary key,
    password_hash varchar(100)             not null,
    created_at    timestamp with time zone not null,
    updated_at    timestamp with time zone not null
);

create table admin_account_page (
    username varchar(64) not null references admin_account (username) on delete cascade,
    page_id  varchar(64) not null,
    primary key (username, page_id)
);

-- Sign-in throttling, shared by every replica: consecutive failures of one subject (an account, or the operator
-- token), and until when it is locked after too many.
create table sign_in_throttle (
    subject      varchar(80)              primary key,
    failures     integer                  not null,
    locked_until timestamp with time zone
);

-- Every change of settings: who (an account, or "operator" for the admin token), what, when. Never a password or a
-- token; the page texts as the admin typed them (shortened), never a user's words.
create table settings_audit (
    id      bigserial                primary key,
    at      timestamp with time zone not null,
    actor   varchar(80)              not null,
    page_id varchar(64),
    action  varchar(40)              not null,
    detail  varchar(4000)            not null
);

create index settings_audit_page_idx on settings_audit (page_id, id desc);
