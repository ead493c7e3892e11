-- Drain before pass: control passes to another app only once bot-service reported the bot's last order, so that no
-- reply reaches the Send API after the bot lost the thread (Meta would refuse it: 10/2018300).

-- Why a pending pass waits: ACCEPTED (the user's "yes", cause user_accepted) or INBOX_REQUEST (another app's
-- request_thread_control, cause inbox_request). pending_pass_decision_id is the order it waits for in both cases.
alter table conversation add column pending_pass_reason varchar(16);
update conversation set pending_pass_reason = 'ACCEPTED' where pending_pass_decision_id is not null;
alter table conversation add constraint conversation_pending_pass_reason_check
    check (pending_pass_reason in ('ACCEPTED', 'INBOX_REQUEST'));

-- The last order decided for the conversation and whether bot-service reported what became of it (any outcome).
-- Only a report of this very order clears it: a late report of an older one leaves a newer order outstanding.
alter table conversation add column last_order_decision_id varchar(255);
alter table conversation add column last_order_reported boolean not null default false;
