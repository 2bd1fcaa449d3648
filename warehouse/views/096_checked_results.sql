-- The results facts that pass every plausibility check (or were extracted before the checks
-- existed): what the trend views read.
-- columns: those of paper_results, without checks
create or replace view checked_results as
select * exclude (checks) from paper_results where coalesce(len(checks), 0) = 0;
