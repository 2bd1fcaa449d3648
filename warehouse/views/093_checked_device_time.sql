-- The device_time facts that pass every plausibility check: what the trend views read.
-- columns: those of paper_device_time, without checks
create or replace view checked_device_time as
select * exclude (checks) from paper_device_time where len(checks) = 0;
