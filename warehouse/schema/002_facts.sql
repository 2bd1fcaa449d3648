-- What the extractors found in each paper. Every table is keyed by paper and extractor
-- version; loading a paper replaces all of its rows in one transaction.

-- One row per paper extraction: which rules ran, and whether the text could be read.
create table if not exists extractions (
    arxiv_id           varchar primary key,
    version            integer not null,          -- the paper version the PDF was
    extractor_version  varchar not null,
    extracted_at       timestamptz not null,   -- when the rules ran
    mention_count      integer not null,       -- rows in mentions for this paper
    error              varchar                    -- e.g. no text layer
);

-- Every value a rule found, with its evidence: page, character span, sentence or table row.
create table if not exists mentions (
    arxiv_id           varchar not null,
    extractor_version  varchar not null,
    field              varchar not null,          -- hardware, training_time, device_time, compute, parameters, results
    page               integer not null,          -- 1-based page of the PDF
    start_char         integer not null,          -- span in that page's normalised text
    end_char           integer not null,       -- end of the span (exclusive)
    quote              varchar not null,          -- the sentence or table row
    rule               varchar not null,          -- the pattern or table rule that fired
    in_table           boolean not null,       -- true when read from a table row
    value              json not null              -- the fact as extracted (field-specific keys)
);

-- Per-paper facts, the shape of the gold annotations (shared/corpus/GOLD.md).
-- Accelerator configurations the authors used, for training or inference.
create table if not exists paper_hardware (
    arxiv_id varchar not null, extractor_version varchar not null,
    accelerator varchar not null,                 -- canonical name from the accelerator catalog
    count integer,                                -- as stated; null when not stated
    count_unit varchar,                           -- devices, chips, cores or boards
    role varchar not null,                        -- training or inference
    quote varchar not null, page integer not null
);
-- Wall-clock durations of the authors' own training runs.
create table if not exists paper_training_time (
    arxiv_id varchar not null, extractor_version varchar not null,
    hours double not null,                        -- wall clock; a range's upper bound
    hours_low double,                             -- a range's lower bound
    subject varchar,                              -- what was trained, where the paper says
    quote varchar not null, page integer not null
);
-- Totals stated in device time (GPU-hours, TPU core-days, ...), as hours of one device.
create table if not exists paper_device_time (
    arxiv_id varchar not null, extractor_version varchar not null,
    device_hours double not null,                 -- hours of one device (GPU-hours, TPU core-hours)
    device varchar,                               -- GPU, TPU v3 core, ...
    quote varchar not null, page integer not null
);
-- Stated operation counts: per forward pass, or for the whole training.
create table if not exists paper_compute (
    arxiv_id varchar not null, extractor_version varchar not null,
    kind varchar not null,                        -- per_forward or training_total
    value double not null,                        -- in `unit`
    unit varchar not null,                        -- FLOPs, MACs or PF-days
    subject varchar,                              -- the model or run it counts
    quote varchar not null, page integer not null
);
-- Stated parameter counts of the authors' models.
create table if not exists paper_parameters (
    arxiv_id varchar not null, extractor_version varchar not null,
    model varchar,                                -- the model, where the paper names it
    value double not null,                        -- number of parameters
    quote varchar not null, page integer not null
);
-- The authors' best own result per benchmark and metric.
create table if not exists paper_results (
    arxiv_id varchar not null, extractor_version varchar not null,
    benchmark varchar not null,                   -- ImageNet, COCO, SQuAD 1.1, ...
    metric varchar not null,                      -- top-1 accuracy, AP, BLEU, ...
    split varchar,                                -- val, test, test-dev, ... where stated
    value double not null,                        -- as printed (percent or points)
    model varchar,                                -- the row or model the result belongs to
    in_table boolean not null,                    -- read from a table rather than a sentence
    quote varchar not null, page integer not null
);
