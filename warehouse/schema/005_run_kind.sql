-- What started the run: 'nightly' (continues from the last nightly window) or 'backfill'
-- (one chunk of a date range). Nightly runs continue only from nightly windows, so a
-- backfill of old years does not make the next night skip or re-read anything.
alter table ingest_runs add column if not exists kind varchar default 'nightly';
