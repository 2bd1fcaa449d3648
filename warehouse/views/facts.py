"""The staging views of the fact tables, generated from one list: for each field, the facts
that pass the plausibility checks (`checked_<field>`), those after the user's corrections
(`curated_<field>`); the corrections that no longer find their fact
(`stale_corrections`) and the facts a check held back (`fact_checks`). A field's key and
value columns are `corrections.KEYS` and `corrections.VALUES`, the same ones `flopwatch
corrections` reads and writes.
"""

from __future__ import annotations

from collections.abc import Iterator

from flopwatch.warehouse.corrections import KEYS, NUMERIC, VALUES

# Columns a fact keeps as the rules found them, and their value in a fact a correction adds.
_KEPT = {"results": (("in_table", "false"),)}
# Numeric values stored as integers.
_INTEGER = {"count"}


def _new(column: str, json: str = "new_values") -> str:
    """The JSON value of a correction as the column's type."""
    if column in _INTEGER:
        return f"({json}->>'{column}')::double::integer"
    return f"({json}->>'{column}')::double" if column in NUMERIC else f"({json}->>'{column}')"


def _matches(field: str) -> str:
    """A correction's target names the fact `f`: each key equal, nulls equal too."""
    return " and ".join(
        f"(c.target->>'{k}')::double is not distinct from f.{k}::double" if k in NUMERIC
        else f"(c.target->>'{k}') is not distinct from f.{k}" for k in KEYS[field])


def _checked(field: str) -> str:
    return f"""-- The {field} facts that pass every plausibility check (or were extracted before
-- the checks existed): what the trend views read.
-- columns: those of paper_{field}, without checks
create or replace view checked_{field} as
select * exclude (checks) from paper_{field} where coalesce(len(checks), 0) = 0;
"""


def _curated(field: str) -> str:
    values = VALUES[field]
    kept = _KEPT.get(field, ())
    extracted = ",\n       ".join(
        [f"coalesce({_new(v)}, {v}) as {v}" for v in values] + [k for k, _ in kept])
    added = ",\n       ".join([_new(v) for v in values] + [default for _, default in kept])
    return f"""-- The {field} facts after the user's corrections: those that pass the plausibility
-- checks, less those a correction rejects, with the values a correction replaces, and the
-- facts a correction adds. What the trend views read.
-- columns: those of paper_{field}, without checks
--   curation: extracted (as the rules found it), replaced or added
create or replace view curated_{field} as
with c as (select * from corrections where field = '{field}'),
decided as (
    select f.*, c.action, c.new_values, c.quote as corrected_quote, c.page as corrected_page
    from checked_{field} f
    left join c on c.arxiv_id = f.arxiv_id and c.action in ('reject', 'replace')
        and {_matches(field)}
)
select arxiv_id, extractor_version,
       {extracted},
       coalesce(corrected_quote, quote) as quote, coalesce(corrected_page, page) as page,
       case when action = 'replace' then 'replaced' else 'extracted' end as curation
from decided
where action is distinct from 'reject'
union all
select c.arxiv_id, 'correction',
       {added},
       c.quote, c.page, 'added'
from c
where c.action = 'add';
"""


def _stale() -> str:
    found = "\n    or\n".join(
        f"""    (c.field = '{field}' and exists (
        select 1 from checked_{field} f where f.arxiv_id = c.arxiv_id
        and {_matches(field)}))""" for field in KEYS)
    return f"""-- Corrections whose fact the rules no longer find (a rule or the paper changed):
-- they apply to nothing until their target is updated. `flopwatch corrections check` lists
-- them.
-- columns:
--   line: the correction's line in its file
--   arxiv_id: the paper
--   field: the fact table
--   action: reject or replace
--   target: the fact's key values the correction names
--   why: the correction's reason
create or replace view stale_corrections as
select c.line, c.arxiv_id, c.field, c.action, c.target, c.why
from corrections c
where c.action in ('reject', 'replace') and not (
{found}
)
order by c.line;
"""


def _columns(field: str) -> str:
    """A fact table's value columns and those it keeps as extracted."""
    return ", ".join([*VALUES[field], *(k for k, _ in _KEPT.get(field, ()))])


def _fact_checks() -> str:
    failing = "\n    union all\n".join(
        f"""    select arxiv_id, extractor_version, '{field}' as field, checks, quote, page,
           to_json(struct_pack({_columns(field)})) as fact
    from paper_{field} where len(checks) > 0""" for field in KEYS)
    return f"""-- Facts held back by a plausibility check, one row per fact and check it failed:
-- why a value the rules found is not in the trends. `flopwatch evaluate` counts the same
-- on extractor output, against the gold.
-- columns:
--   arxiv_id: the paper
--   extractor_version: version of the extraction rules that found the fact
--   field: the fact table: hardware, training_time, device_time, compute, parameters, results
--   check_name: the check it failed (a row of plausibility_checks)
--   description: what the check tests
--   fact: the fact's values (the fact table's columns), as JSON
--   quote: the sentence or table row it was read from
--   page: 1-based PDF page of the quote
create or replace view fact_checks as
with failing as (
{failing}
)
select f.arxiv_id, f.extractor_version, f.field, u.check_name, c.description, f.fact,
       f.quote, f.page
from failing f
cross join unnest(f.checks) as u(check_name)
left join plausibility_checks c on c.name = u.check_name
order by f.arxiv_id, f.field, check_name;
"""


def generated() -> Iterator[tuple[str, str]]:
    """(view name, SQL) of each generated staging view."""
    for field in KEYS:
        yield f"checked_{field}", _checked(field)
        yield f"curated_{field}", _curated(field)
    yield "stale_corrections", _stale()
    yield "fact_checks", _fact_checks()
