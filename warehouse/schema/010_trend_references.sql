-- What the report and the efficiency view compare with: published trend rates, the levels
-- at which algorithmic efficiency is measured, and the hardware a projection is priced on.

-- Published rates of change the charts draw for comparison.
create table if not exists published_trends (
    name        varchar primary key,       -- the analysis, e.g. 'AI and Compute'
    measures    varchar not null,          -- what changes: 'training compute', 'compute to reach a level'
    benchmark   varchar,                   -- the benchmark it was measured on (null: none)
    target_error double,                   -- the level it was measured at, as efficiency_targets has it
    direction   varchar not null,          -- 'doubling' or 'halving'
    months      double not null,           -- months per doubling or halving
    first_year  integer not null,          -- the period it was measured over
    last_year   integer not null,          -- end of that period
    citation    varchar not null           -- where it was published
);
insert or ignore into published_trends values
    ('AI and Compute', 'training compute', null, null, 'doubling', 3.4, 2012, 2018,
     'Amodei and Hernandez, "AI and Compute", OpenAI, 2018'),
    ('AI and Efficiency', 'compute to reach a level', 'ImageNet', 0.435, 'halving', 16, 2012, 2019,
     'Hernandez and Brown, "Measuring the Algorithmic Efficiency of Neural Networks", 2020: 44x less compute for AlexNet-level accuracy (79.1% top-5)');

-- Score levels at which the efficiency view follows the least training compute that
-- reached them, per benchmark and trend metric (the level of a landmark model).
create table if not exists efficiency_targets (
    benchmark     varchar not null,        -- the benchmark
    metric        varchar not null,        -- the trend metric (see trend_points)
    target_error  double not null,         -- as a fraction: reached when error <= target_error
    label         varchar not null,        -- whose level it is
    primary key (benchmark, metric, target_error)
);
insert or ignore into efficiency_targets values
    ('ImageNet', 'top-1 error', 0.435, 'AlexNet level (top-1 accuracy 56.5%: the AlexNet Hernandez and Brown 2020 measured at 79.1% top-5)'),
    ('ImageNet', 'top-1 error', 0.239, 'ResNet-50 level (top-1 accuracy 76.1%)'),
    ('COCO', 'AP', 0.618, 'Mask R-CNN level (box AP 38.2)'),
    ('SQuAD 1.1', 'EM', 0.323, 'BiDAF level (EM 67.7)'),
    ('CoNLL-2003', 'F1', 0.091, 'LSTM-CRF level (F1 90.9, Lample et al. 2016)'),
    ('WMT2014 En-De', 'BLEU', 0.727, 'Transformer base level (BLEU 27.3)'),
    ('WMT2014 En-Fr', 'BLEU', 0.619, 'Transformer base level (BLEU 38.1)');

-- The hardware and price a projected training compute is converted to cost, energy and
-- CO2 with (target_projections); one row. Its peak and TDP come from the accelerators table.
create table if not exists cost_basis (
    accelerator          varchar primary key,  -- canonical name in the accelerator catalog
    usd_per_device_hour  double not null,      -- what one device-hour costs
    note                 varchar not null      -- where the price comes from
);
insert or ignore into cost_basis values
    ('NVIDIA A100', 4.10, 'on-demand cloud list price: 8 A100s (AWS p4d.24xlarge) at $32.77 an hour; set your own');
