"""flopwatch: the compute deep-learning papers used and the scores they reached, in DuckDB.

The code lives in three sub-packages, one per step of the data's way:
`flopwatch.extractors` (PDF to facts), `flopwatch.warehouse` (facts to tables, views,
exports) and `flopwatch.flows` (the Prefect flows that run them); `flopwatch.cli` is the
`flopwatch` command.

In a notebook, `import flopwatch` gives the warehouse's views as pandas DataFrames and the
report's figures (see flopwatch.notebook): connect(), trend_fits(), trend_points(),
facts(arxiv_id) and plot_trend(benchmark, measure).
"""

from flopwatch.notebook import connect, facts, plot_trend, trend_fits, trend_points

__version__ = "0.1.0"
__all__ = ["__version__", "connect", "facts", "plot_trend", "trend_fits", "trend_points"]
