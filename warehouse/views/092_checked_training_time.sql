-- The training_time facts that pass every plausibility check (or were extracted before the checks
-- existed): what the trend views read.
-- columns: those of paper_training_time, without checks
create or replace view checked_training_time as
select * exclude (checks) from paper_training_time where coalesce(len(checks), 0) = 0;
