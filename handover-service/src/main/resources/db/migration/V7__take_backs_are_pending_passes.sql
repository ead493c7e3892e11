-- One pass path (issue 18): the idle timeout's take-back and the page admin's "Give back to the bot" are pending passes
-- like an accepted handover or an honoured inbox request (target: our own app, carried out with take_thread_control),
-- so that their retries and giving up are the state machine's, and a crash between the decision and the call leaves
-- them to the pass timer. take_back_not_before / take_back_attempts now only hold the idle timer's wait after
-- take-backs that were given up (no longer its claim: the pending pass's claim is pending_pass_claimed_until).
alter table conversation drop constraint conversation_pending_pass_reason_check;
alter table conversation add constraint conversation_pending_pass_reason_check
    check (pending_pass_reason in ('ACCEPTED', 'INBOX_REQUEST', 'IDLE_TIMEOUT', 'ADMIN_GIVE_BACK'));
-- A claim of the old idle timer (a take-back in flight when the new version starts) is no wait after a failure.
update conversation set take_back_not_before = null where take_back_attempts = 0;
