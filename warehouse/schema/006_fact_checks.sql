-- The plausibility checks (extractors/data/checks.json), loaded whenever the file changes:
-- what each one tests and its thresholds.
create table if not exists plausibility_checks (
    name            varchar primary key,   -- e.g. score_outside_range
    field           varchar not null,      -- the fact table it checks: hardware, results, ...
    description     varchar not null,      -- what a failing fact is, in words
    thresholds      json not null,         -- the check's figures (ranges, ratios, grace months)
    checks_version  varchar not null       -- the checks file's version
);

-- Names of the plausibility checks the fact fails (see plausibility_checks); empty when it
-- passes. Facts that fail one are kept, but the trend views leave them out.
alter table paper_hardware add column if not exists checks varchar[] default [];
-- Names of the plausibility checks the fact fails; empty when it passes.
alter table paper_training_time add column if not exists checks varchar[] default [];
-- Names of the plausibility checks the fact fails; empty when it passes.
alter table paper_device_time add column if not exists checks varchar[] default [];
-- Names of the plausibility checks the fact fails; empty when it passes.
alter table paper_compute add column if not exists checks varchar[] default [];
-- Names of the plausibility checks the fact fails; empty when it passes.
alter table paper_parameters add column if not exists checks varchar[] default [];
-- Names of the plausibility checks the fact fails; empty when it passes.
alter table paper_results add column if not exists checks varchar[] default [];
