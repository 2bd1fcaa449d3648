-- Accelerator datasheet figures, loaded from the versioned catalog
-- (extractors/data/accelerators.json) whenever the catalog changes.
create table if not exists accelerators (
    canonical       varchar primary key,   -- the name extractors use, e.g. 'NVIDIA V100'
    vendor          varchar not null,      -- NVIDIA, Google, ...
    kind            varchar not null,      -- gpu, tpu, cpu
    released        varchar,               -- year-month of release
    fp32_tflops     double,                -- FP32 peak per unit, TFLOP/s (null: no FP32 units, e.g. TPUs)
    tensor_tflops   double,                -- FP16/BF16 tensor peak per unit, TFLOP/s
    tdp_watts       double,                -- thermal design power per unit, W
    unit            varchar not null,      -- what one unit is: device, chip, board or core
    aliases         varchar[] not null,    -- how papers write it
    note            varchar,               -- where a figure is unsure, and why
    catalog_version varchar not null       -- the catalog file's version
);

-- Models of a published reference dataset, one row per model and benchmark
-- (for thompson2022: the per-paper CSVs of "The Computational Limits of Deep Learning").
create table if not exists reference_models (
    source              varchar not null,  -- e.g. thompson2022
    benchmark           varchar not null,  -- ImageNet, COCO, SQuAD 1.1, CoNLL-2003, WMT2014 En-De, WMT2014 En-Fr
    row_number          integer not null,  -- the row's position in its file (1 = first data row)
    name                varchar not null,  -- the model as the dataset names it
    year                integer,           -- publication year
    title               varchar,           -- the paper's title
    paper_url           varchar,           -- link to the paper
    arxiv_id            varchar,           -- parsed from paper_url where it is an arXiv link
    parameters          double,            -- model parameters
    flops               double,            -- operations per forward pass, as FLOPs
    multiadds           double,            -- operations per forward pass, as multiply-adds
    network_operations  double,            -- training operations: FLOPs x 3 x epochs x examples
    hardware_burden     double,            -- devices x peak FLOP/s x training seconds
    training_time_sec   double,            -- training time, seconds
    gpu_model           varchar,           -- training GPU, as the dataset names it
    gpu_amount          double,            -- how many GPUs
    tpu_model           varchar,           -- training TPU, as the dataset names it
    tpu_amount          double,            -- how many TPUs
    imported_at         timestamptz not null, -- when it was imported
    primary key (source, benchmark, row_number)
);

-- Benchmark scores of the reference models (percent or points, as published).
create table if not exists reference_scores (
    source      varchar not null,          -- the reference dataset
    benchmark   varchar not null,          -- the benchmark
    row_number  integer not null,          -- the model's row in reference_models
    metric      varchar not null,          -- top-1 accuracy, AP, EM, F1, BLEU, ...
    value       double not null,           -- as published
    primary key (source, benchmark, row_number, metric)
);

-- Assumptions of the compute and energy estimates; change a value to re-run the views with it.
create table if not exists assumptions (
    name         varchar primary key,      -- the assumption
    value        double not null,          -- its value
    description  varchar not null          -- what it means and where it comes from
);
insert or ignore into assumptions values
    ('utilisation', 0.4, 'share of the tensor peak a training run sustains (curated compute databases'' default)'),
    ('utilisation_llm', 0.3, 'the same for large language models (papers with 1e9 or more parameters)'),
    ('pue', 1.1, 'data-centre power usage effectiveness applied to accelerator TDP'),
    ('grid_kg_co2_per_kwh', 0.4, 'grid carbon intensity, kg CO2 per kWh: a placeholder to set for the site'),
    ('tpu_cores_per_chip', 2, 'TPU v2, v3 and v4 have 2 cores per chip'),
    ('tpu_chips_per_board', 4, 'a Cloud TPU board carries 4 chips');

-- Target errors for "compute needed to reach" in trend_fits, per benchmark and metric.
create table if not exists fit_targets (
    benchmark     varchar not null,         -- the benchmark
    metric        varchar not null,         -- the trend metric (see trend_points)
    target_error  double not null,          -- as a fraction: 0.05 is 5% top-1 error
    primary key (benchmark, metric)
);
insert or ignore into fit_targets values
    ('ImageNet', 'top-1 error', 0.05),
    ('COCO', 'AP', 0.30),
    ('SQuAD 1.1', 'EM', 0.05),
    ('CoNLL-2003', 'F1', 0.03),
    ('WMT2014 En-De', 'BLEU', 0.50),
    ('WMT2014 En-Fr', 'BLEU', 0.40);
