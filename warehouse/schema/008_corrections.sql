-- The user's corrections (FLOPWATCH_CORRECTIONS, default corrections.csv beside the
-- warehouse), loaded by `flopwatch corrections apply` and at the start of every ingest and
-- reextract: one row per decision. The fact tables keep what the rules found; the
-- curated_* views apply these rows, and the trend views read the curated facts.
create table if not exists corrections (
    line        integer not null,           -- the row's line in the file
    arxiv_id    varchar not null,           -- the paper
    field       varchar not null,           -- hardware, training_time, device_time, compute, parameters or results
    action      varchar not null,           -- reject, replace or add
    target      json not null,              -- the fact's key values (reject and replace), e.g. {"benchmark": "ImageNet", "metric": "top-1 accuracy", "value": 79.0}
    new_values  json not null,              -- the values a replace sets, or the fact an add adds
    quote       varchar,                    -- the evidence for a replace or an add: a quote of the PDF
    page        integer,                    -- the quote's page
    who         varchar,                    -- who decided
    why         varchar,                    -- and why
    file        varchar not null,           -- the file the row was read from
    loaded_at   timestamptz not null        -- when it was loaded
);
