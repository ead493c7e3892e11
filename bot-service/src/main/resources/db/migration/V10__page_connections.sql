-- The pages' connections as handover-service publishes them on page.connections (issue 22, item 3), so a replica
-- that starts has the connected tokens before it has read the topic: the token encrypted (AES-256-GCM under
-- PAGE_TOKEN_KEY, the same key as handover-service's; key_id names it), never in clear, and the fingerprint of a
-- token Meta rejected. A disconnected page has no row.
create table page_connection (
    page_id              varchar(64)  primary key,
    revision             bigint       not null,
    key_id               varchar(64),
    token_ciphertext     text,
    rejected_fingerprint varchar(64),
    updated_at           timestamp with time zone not null
);
