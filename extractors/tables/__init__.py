"""Facts in table rows: a header row names the columns, data rows below fill them.

`layout` finds rows, cells and captions; `columns` reads what each header cell names;
`reading` turns each value cell under a column into a fact about its row's model.
"""

from flopwatch.extractors.tables.columns import OTHER_DATASET, Column
from flopwatch.extractors.tables.reading import TableFact, facts, transposed_facts

__all__ = ["OTHER_DATASET", "Column", "TableFact", "facts", "transposed_facts"]
