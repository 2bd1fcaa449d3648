"""flopwatch: the compute deep-learning papers used and the scores they reached, in DuckDB.

The code lives in three sub-packages, one per step of the data's way:
`flopwatch.extractors` (PDF to facts), `flopwatch.warehouse` (facts to tables, views,
exports) and `flopwatch.flows` (the Prefect flows that run them); `flopwatch.cli` is the
`flopwatch` command.
"""

__version__ = "0.1.0"
