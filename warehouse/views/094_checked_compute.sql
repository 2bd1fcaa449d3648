-- The compute facts that pass every plausibility check (or were extracted before the checks
-- existed): what the trend views read.
-- columns: those of paper_compute, without checks
create or replace view checked_compute as
select * exclude (checks) from paper_compute where coalesce(len(checks), 0) = 0;
