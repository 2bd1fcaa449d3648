"""Facts in tables, in five steps, each its own module:

`cells` splits a PDF line into cells and reads a value cell ("76.3 ± 0.2", "3.2M", "-");
`columns` reads what a header cell names (a size, a cost, a time, a metric on a benchmark);
`ownership` tells the authors' own rows from cited baselines and rows that are no model;
`grid` puts them together as a table (header lines and group headings, body rows) under
its caption (`captions`: the "Table N" block that is its own, and what it says);
`facts` turns each value cell under a column into a fact about its row's model.
"""

from flopwatch.extractors.tables.columns import OTHER_DATASET, Column
from flopwatch.extractors.tables.facts import TableFact, facts, transposed_facts

__all__ = ["OTHER_DATASET", "Column", "TableFact", "facts", "transposed_facts"]
