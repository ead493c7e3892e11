-- The outbox with several replicas (issue 18): a record that can never be published (its payload cannot be read, the
-- broker refuses it for good: too large, invalid) is parked, with the reason, instead of blocking its conversation
-- and the sweeper; it is counted (handover.outbox.publish{outcome=parked}) and kept for an operator.
alter table outbox add column parked_at timestamp with time zone;
alter table outbox add column park_reason varchar(255);

create index outbox_parked_idx on outbox (parked_at) where parked_at is not null;

-- One pass path (issue 18): a pass of control given up (Meta refused it, or kept failing) after the user accepted the
-- handover tells the user so; null says nothing. Existing pages get the default English text.
alter table page_settings add column handover_failed_text varchar(2000)
    default 'Sorry, nobody from our team can take over right now. I am still here: choose one of the options or ask me again.';
