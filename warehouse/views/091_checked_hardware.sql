-- The hardware facts that pass every plausibility check (or were extracted before the checks
-- existed): what the trend views read.
-- columns: those of paper_hardware, without checks
create or replace view checked_hardware as
select * exclude (checks) from paper_hardware where coalesce(len(checks), 0) = 0;
