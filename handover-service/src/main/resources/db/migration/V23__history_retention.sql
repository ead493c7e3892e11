-- Retention of a conversation's history (HANDOVER_RETENTION_DAYS, service.HistoryRetention): the job deletes the
-- oldest rows recorded before a moment, a bounded batch at a time, across every page; these indexes let it find them
-- without reading the tables.
create index conversation_step_recorded_idx on conversation_step (recorded_at);
create index control_transition_recorded_idx on control_transition (recorded_at);
