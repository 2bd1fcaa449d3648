-- Feed entries a run could not use (no id or dates), counted so they are reported, not lost.
alter table ingest_runs add column if not exists unreadable integer default 0;
