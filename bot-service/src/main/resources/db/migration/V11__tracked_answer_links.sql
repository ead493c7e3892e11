-- Tracked links of guided answers (issue 20 item 4): when a page's admin chose it, a guided answer's links go out as
-- tracked links per recipient. Which ones (the answer's payload and its links' URLs, TrackedAnswerLinks as JSON) is
-- kept with the order, so that a redelivered order's report tells handover-service the same as the first one.
alter table outbound_order add column tracked_links text;
