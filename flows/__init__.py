"""The Prefect flows (nightly ingest, backfill, export, serve) and the arXiv-facing steps
they run: discovery, the PDF cache, parsing within a budget."""
