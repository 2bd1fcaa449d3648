-- One row per arXiv paper: the latest version seen, and what became of its PDF.
create table if not exists papers (
    arxiv_id          varchar primary key,   -- '1706.03762' or old-style 'hep-th/9901001', no version
    version           integer not null,      -- the N of vN last processed
    title             varchar,               -- as arXiv lists it
    authors           varchar[],             -- author names in order
    abstract          varchar,               -- arXiv's summary, whitespace collapsed
    categories        varchar[],             -- every arXiv category of the paper
    primary_category  varchar,               -- arXiv's primary category, e.g. cs.LG
    published         timestamptz,           -- first version's submission time (arXiv 'published')
    updated           timestamptz,           -- this version's time (arXiv 'updated')
    pdf_url           varchar,               -- where the PDF was fetched from
    pdf_sha256        varchar,               -- sha256 of the cached PDF, null when the download failed
    pages             integer,               -- pages in the PDF
    text_chars        integer,               -- characters in the PDF's text layer
    status            varchar not null,      -- 'ok', 'no_text' or 'failed'
    error             varchar,               -- why, when status is 'failed' or 'no_text'
    run_id            varchar,               -- the ingest run that last wrote this row
    loaded_at         timestamptz not null   -- when this row was last written
);

-- One row per submission-date window ingested, with the latest run over it and what that
-- run did. Re-running the very same window and categories updates its row (and counts
-- `attempts`), so a re-run adds no rows anywhere; each night's window is a new row.
create table if not exists ingest_runs (
    run_id        varchar primary key,       -- the latest run over this window
    flow_run_id   varchar,                   -- Prefect's id, to find the run's logs and artifacts
    window_from   timestamptz not null,      -- first submission time covered
    window_to     timestamptz not null,      -- last submission time covered
    categories    varchar[] not null,        -- sorted
    attempts      integer not null default 1, -- runs over this very window
    first_started_at timestamptz not null,   -- when the first run over this window started
    started_at    timestamptz not null,      -- when the latest run started
    ended_at      timestamptz,               -- when it ended (null while running)
    status        varchar not null,          -- 'running', 'completed' or 'failed'
    found         integer default 0,         -- entries the API listed in the window
    new           integer default 0,         -- papers not seen before
    updated       integer default 0,         -- papers seen again with a newer version
    retried       integer default 0,         -- papers that had failed before, tried again
    unchanged     integer default 0,         -- papers skipped: same version already loaded
    failed        integer default 0,         -- papers whose download or parse failed
    error         varchar                    -- why the run failed, when it did
);

-- Each paper version's failure at a step, kept even when an older good version stays in
-- `papers` or a later retry succeeds.
create table if not exists ingest_failures (
    arxiv_id        varchar not null,
    version         integer not null,        -- the paper version that failed
    step            varchar not null,            -- 'download', 'parse' or 'load'
    error           varchar not null,            -- the latest reason
    run_id          varchar not null,            -- the latest run it failed in
    attempts        integer not null default 1, -- how many runs failed on it
    first_failed_at timestamptz not null,    -- first failure
    last_failed_at  timestamptz not null,    -- latest failure
    primary key (arxiv_id, version, step)
);
