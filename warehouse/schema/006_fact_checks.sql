-- The plausibility checks (extractors/data/checks.json), loaded whenever the file changes:
-- what each one tests and its thresholds.
create table if not exists plausibility_checks (
    name            varchar primary key,   -- e.g. score_outside_range
    field           varchar not null,      -- the fact table it checks: hardware, results, ...
    description     varchar not null,      -- what a failing fact is, in words
    thresholds      json not null,         -- the check's figures (ranges, ratios, grace months)
    checks_version  varchar not null       -- the checks file's version
);

-- No "default []" on these columns: DuckDB 1.5 cannot replay such an ALTER from its WAL
-- when a process dies before the next checkpoint (tests/test_warehouse_db.py).

-- Names of the plausibility checks the fact fails (see plausibility_checks); empty when it
-- passes, null for facts extracted before the checks existed (flopwatch reextract checks
-- them). Facts that fail one are kept, but the trend views leave them out.
alter table paper_hardware add column if not exists checks varchar[];
-- Names of the plausibility checks the fact fails; empty when it passes, null if unchecked.
alter table paper_training_time add column if not exists checks varchar[];
-- Names of the plausibility checks the fact fails; empty when it passes, null if unchecked.
alter table paper_device_time add column if not exists checks varchar[];
-- Names of the plausibility checks the fact fails; empty when it passes, null if unchecked.
alter table paper_compute add column if not exists checks varchar[];
-- Names of the plausibility checks the fact fails; empty when it passes, null if unchecked.
alter table paper_parameters add column if not exists checks varchar[];
-- Names of the plausibility checks the fact fails; empty when it passes, null if unchecked.
alter table paper_results add column if not exists checks varchar[];
