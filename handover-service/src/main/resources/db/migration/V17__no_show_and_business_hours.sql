-- Issue 21, agent no-show and business hours.
-- The cause of each conversation's latest change of owner: the no-show take-back follows only a pass the user
-- accepted (user_accepted). Rows from before know none (null): no no-show take-back for them, the idle timeout still.
alter table conversation add column owner_cause varchar(40);
-- A no-show take-back is one more reason of the one pass path (V7).
alter table conversation drop constraint conversation_pending_pass_reason_check;
alter table conversation add constraint conversation_pending_pass_reason_check
    check (pending_pass_reason in ('ACCEPTED', 'INBOX_REQUEST', 'IDLE_TIMEOUT', 'ADMIN_GIVE_BACK', 'NO_SHOW'));

-- Per page: the agent's no-show wait (null: off) and what the bot says when it takes the thread back after one.
alter table page_settings add column no_show_minutes integer;
alter table page_settings add column no_show_text varchar(2000)
    default 'Sorry, nobody from our team could answer you in time. I am back: choose one of the options or ask me again.';
-- Business hours (null zone: always open): the zone, the weekly spans as "Mon 09:00-12:00, 13:00-17:00" lines,
-- holidays as ISO dates one per line, what the bot does outside them, and the out-of-hours text.
alter table page_settings add column hours_time_zone varchar(64);
alter table page_settings add column hours_weekly varchar(4000);
alter table page_settings add column hours_holidays varchar(4000);
alter table page_settings add column hours_outside varchar(24);
alter table page_settings add column out_of_hours_text varchar(2000)
    default 'Our team is not available right now. I am still here: choose one of the options or ask me again.';
