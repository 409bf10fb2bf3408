-- The SLA sweep (sla-jobs.ts) runs every few minutes over every open case. With a district's
-- backlog of overdue cases, the one index on the deadline made each run walk past the cases
-- already flagged (tens of thousands, read from the table one by one). Each sweep now reads an
-- index of exactly the cases it looks for: open and not yet flagged, or flagged and below the
-- top level of escalation. The old index served only these two queries.
drop index cases_due;
create index cases_due_unflagged on cases (resolve_due_at)
  where status in ('reported', 'accepted', 'dispatched', 'in_progress') and not overdue;
create index cases_overdue on cases (resolve_due_at)
  where status in ('reported', 'accepted', 'dispatched', 'in_progress') and overdue and escalation_level < 2;
-- A reporter row names the case it came from (a merge); removing a case checks this reference,
-- one scan of the whole table per case without an index.
create index case_reporter_source_case on case_reporter (source_case_id);
