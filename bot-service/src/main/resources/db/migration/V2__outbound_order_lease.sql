-- The lease of an in-flight send. A SENDING row is leased to the handling that claimed it: lease_owner names it
-- (this replica's id and a token of that one handling), lease_until is when the lease ends (database time, the one
-- clock every replica shares), longer than the longest Send API call with its retries. A redelivered order that
-- finds the row SENDING and the lease running waits: the send is still in flight somewhere. Only once the lease
-- has ended (or its owner is known to have stopped) is the send declared lost (FAILED outcome_unknown), and the
-- owner's own late finish then changes nothing: it only records an outcome while the row is SENDING and its own.
-- A SENDING row written before this migration has no lease: it counts as ended.
alter table outbound_order add column lease_owner varchar(160);
alter table outbound_order add column lease_until timestamp with time zone;
