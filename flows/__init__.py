"""Prefect flows and tasks, the command line, and the arXiv-facing steps."""
