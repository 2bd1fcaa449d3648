-- The hardware facts that pass every plausibility check: what the trend views read.
-- columns: those of paper_hardware, without checks
create or replace view checked_hardware as
select * exclude (checks) from paper_hardware where len(checks) = 0;
