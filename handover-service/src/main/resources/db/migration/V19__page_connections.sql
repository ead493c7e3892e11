-- Pages connected through the admin API and the settings page (issue 22, item 3): the page access token, encrypted
-- (AES-256-GCM under PAGE_TOKEN_KEY; key_id names the key, so the key can be rotated), who connected it and when, and
-- whether Meta rejected the page's token (190/102: the page needs reconnecting). The token in clear is never stored.
-- A row may hold only a rejection (an environment token Meta rejected) and no connected token.
create table page_connection (
    page_id              varchar(64)  primary key,
    -- the key that sealed token_ciphertext; null with it when no token is connected
    key_id               varchar(64),
    -- base64 of IV + AES-GCM ciphertext and tag; the page id is its additional authenticated data
    token_ciphertext     text,
    -- first 16 bytes of the token's SHA-256 (hex): tells tokens apart without holding one
    token_fingerprint    varchar(64),
    connected_at         timestamp with time zone,
    -- the account (or "operator") that connected or rotated the token
    connected_by         varchar(100),
    -- the fingerprint of the token Meta rejected, when and with what (Meta's code and message, no token)
    rejected_fingerprint varchar(64),
    rejected_at          timestamp with time zone,
    rejected_detail      varchar(300),
    -- increases with every change: the order of the records on page.connections
    revision             bigint       not null,
    updated_at           timestamp with time zone not null,
    constraint page_connection_token_whole check ((key_id is null) = (token_ciphertext is null))
);
