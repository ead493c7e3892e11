-- Handover analytics and the agent's context (issue 21 items 5 and 6): what each processed event of a conversation
-- came to, so that questions asked, accepted and declined, guided answers and the agent's replies can be counted by
-- Meta's event time (replays decide the same) and the guided options a user went through can be told to the agent.
-- Written in the transaction that records the event id in processed_event, so a duplicate (Meta retry, redelivery,
-- replay) writes nothing twice; the unique event id is a second guard. Never holds message text: the payload is the
-- page's own guided option id.
create table conversation_step (
    id          bigserial     primary key,
    page_id     varchar(64)   not null,
    psid        varchar(64)   not null,
    event_id    varchar(255)  not null,
    event_class varchar(16)   not null,
    kind        varchar(64),
    -- USER (the user wrote or tapped), AGENT (an agent's message: an echo of another app), null for anything else
    actor       varchar(8),
    -- the state machine's outcome code: answered, asked, accepted, rejected, fallback, agent_owns, ...
    outcome     varchar(64)   not null,
    -- the guided option chosen (GUIDED events only)
    payload     varchar(1000),
    occurred_at timestamp with time zone not null,
    recorded_at timestamp with time zone not null,
    constraint conversation_step_actor_check check (actor is null or actor in ('USER', 'AGENT'))
);

create unique index conversation_step_event_idx on conversation_step (event_id);
create index conversation_step_page_time_idx on conversation_step (page_id, occurred_at);
create index conversation_step_conversation_idx on conversation_step (page_id, psid, occurred_at);
-- The analytics read a page's changes of owner by time.
create index control_transition_page_time_idx on control_transition (page_id, (coalesce(occurred_at, recorded_at)));
