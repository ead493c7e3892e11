-- Events already acted on, so that a redelivery (Meta retry, consumer restart, replay) changes nothing twice.
create table processed_event (
    event_id         varchar(255) primary key,
    conversation_key varchar(255) not null,
    processed_at     timestamp with time zone not null
);

create index processed_event_processed_at_idx on processed_event (processed_at);
