-- The parameters facts that pass every plausibility check (or were extracted before the checks
-- existed): what the trend views read.
-- columns: those of paper_parameters, without checks
create or replace view checked_parameters as
select * exclude (checks) from paper_parameters where coalesce(len(checks), 0) = 0;
