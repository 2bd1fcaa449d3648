-- Models as rows, and the training schedule: what the study's per-model method needs.

-- The paper's models: one row per model (a table row, or a sentence naming one of the
-- paper's own models), each value with the quote, page and rule it came from and the names
-- of the plausibility checks it fails (empty when it passes).
create table if not exists paper_models (
    arxiv_id            varchar not null,
    extractor_version   varchar not null,
    model               varchar not null,      -- the model as the row or sentence names it
    variant             integer not null,      -- 1, 2, ... for rows of one name whose values differ (e.g. two resolutions)
    own                 boolean not null,      -- marked as the authors' own (a row marked 'ours', or named as the paper names its models)
    parameters          double,                -- parameters of this model
    parameters_quote    varchar,               -- the row or sentence it was read from
    parameters_page     integer,               -- its page
    parameters_rule     varchar,               -- the rule that read it
    parameters_checks   varchar[],             -- plausibility checks the value fails
    ops_forward_pass    double,                -- operations of one forward pass, FLOPs (multiply-adds count 2)
    ops_unit            varchar,               -- the unit the paper stated: FLOPs or MACs
    ops_quote           varchar,               -- the row or sentence it was read from
    ops_page            integer,               -- its page
    ops_rule            varchar,               -- the rule that read it
    ops_checks          varchar[],             -- plausibility checks the value fails
    results             struct(benchmark varchar, metric varchar, split varchar, value double, quote varchar, page integer, rule varchar, checks varchar[])[]  -- this model's scores (benchmark, metric, split, value as printed), each with its quote, page, rule and failed checks
);

-- How much data the paper's longest training run saw, one row per kind of fact.
create table if not exists paper_training_schedule (
    arxiv_id            varchar not null,
    extractor_version   varchar not null,
    kind                varchar not null,      -- epochs, iterations, batch_size or tokens
    value               double not null,       -- the number stated
    quote               varchar not null,      -- the sentence it was read from
    page                integer not null,      -- its page
    rule                varchar not null       -- the pattern that read it
);

-- The benchmarks the trends use (extractors/data/benchmarks.json), loaded whenever the
-- file changes.
create table if not exists benchmarks (
    name                varchar primary key,   -- ImageNet, COCO, SQuAD 1.1, ...
    spellings           varchar[] not null,    -- how papers write it, lower case
    trend_metric        varchar,               -- the metric trend_points fits (null: not fitted)
    y_scale             varchar not null,      -- the study's y axis for the benchmark
    training_set        varchar,               -- the standard training set
    training_examples   double,                -- its size, in examples_unit
    examples_unit       varchar,               -- images, sentences, sentence pairs, ...
    registry_version    varchar not null       -- the benchmarks file's version
);

insert or ignore into assumptions values
    ('min_fit_points', 8, 'fewest points a trend fit needs before trend_fits quotes what it implies (halving multiplier, compute for a target)');
