-- Timers with several replicas (issue 18): the idle timer claims a conversation on its row (SELECT ... FOR UPDATE SKIP
-- LOCKED, then take_back_not_before = the claim's end), so that one replica calls take_thread_control for it; a
-- take-back that failed is not tried again before take_back_not_before, longer after every refusal. Both belong to
-- the current owner: they are reset when the owner changes.
alter table conversation add column take_back_not_before timestamp with time zone;
alter table conversation add column take_back_attempts integer not null default 0;
