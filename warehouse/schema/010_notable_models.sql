-- Models of a curated record of notable models, one row per model (for epoch: Epoch AI's
-- "Notable AI Models", CC BY 4.0): each model's training cost as the record states or
-- estimates it. Loaded by `flopwatch import-reference epoch DIR`.
create table if not exists reference_notable_models (
    source             varchar not null,   -- e.g. epoch
    row_number         integer not null,   -- the record's position in its file (1 = first data row)
    name               varchar not null,   -- the model as the record names it, whitespace collapsed
    organization       varchar,            -- who built it
    published          date,               -- publication date
    domains            varchar[] not null, -- the record's domains: Language, Vision, Games, ...
    arxiv_id           varchar,            -- from the link (abs or pdf URL, version stripped), else from the notes
    link               varchar,            -- the record's link(s), as written
    parameters         double,             -- model parameters
    training_compute   double,             -- training compute, FLOP
    training_hours     double,             -- training time, hours
    hardware           varchar,            -- training hardware, as the record writes it
    accelerators       varchar[] not null, -- the catalog's names for that hardware (empty: none maps)
    hardware_quantity  double,             -- how many accelerators (chips)
    confidence         varchar,            -- the record's confidence in its compute: Confident, Likely, Speculative, Unknown
    compute_method     varchar,            -- how the record found the compute, read from its note: stated, hardware x time, parameters x tokens, operation counting, another model's, other
    parameters_note    varchar,            -- the record's note on the parameters
    compute_note       varchar,            -- the record's note on the training compute
    hours_note         varchar,            -- the record's note on the training time
    imported_at        timestamptz not null, -- when it was imported
    primary key (source, row_number)
);

-- Rows of a reference file that were not loaded, and why.
create table if not exists reference_skipped_rows (
    source      varchar not null,          -- the reference dataset
    row_number  integer not null,          -- the row's position in its file (1 = first data row)
    reason      varchar not null,          -- why it was skipped
    primary key (source, row_number)
);

insert or ignore into assumptions values
    ('growth_first_year', 2010, 'first publication year of the growth fits (compute_growth): Epoch AI fits its trend of training compute from 2010');
