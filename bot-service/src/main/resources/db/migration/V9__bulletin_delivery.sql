-- Bulletins (issue 20): one copy of a bulletin per conversation, whatever the order that carries it. handover-service
-- may order a bulletin for a conversation more than once (its first order was refused while an agent held the thread,
-- and a new one is decided when the bot owns it again); each order has its own decision id (outbound_order), and the
-- first that is about to call the Send API claims this row in the same transaction as its SENDING claim. A later
-- order of the same bulletin for the same conversation finds the row and is refused duplicate: never twice.
create table bulletin_delivery (
    bulletin_id      varchar(64)  not null,
    conversation_key varchar(255) not null,
    decision_id      varchar(255) not null,
    created_at       timestamp with time zone not null,
    primary key (bulletin_id, conversation_key)
);
