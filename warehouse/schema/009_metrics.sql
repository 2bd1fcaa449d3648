-- The metrics results are reported in (extractors/data/benchmarks.json): which of them
-- are errors, where a lower value is the better result. Loaded whenever the file changes.
create table if not exists metrics (
    name                varchar primary key,   -- top-1 accuracy, top-1 error, BLEU, AP, ...
    lower_is_better     boolean not null,      -- an error: lower is better
    registry_version    varchar not null       -- the benchmarks file's version
);
