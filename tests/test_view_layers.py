"""The views come in layers (macros, staging, intermediate, marts): each reads only views
of its own layer or the ones before, and they are created after the views they read."""

from __future__ import annotations

from flopwatch.warehouse.corrections import KEYS
from flopwatch.warehouse.db import writer
from flopwatch.warehouse.views import LAYERS, views


def test_a_view_reads_only_views_of_its_layer_or_the_ones_before_created_first():
    made: dict[str, str] = {}
    for view in views():
        for read in view.reads:
            assert read in made, f"{view.name} reads {read} before it is created"
            assert LAYERS.index(made[read]) <= LAYERS.index(view.layer), \
                f"{view.layer} view {view.name} reads {made[read]} view {read}"
        made[view.name] = view.layer
    assert {v.layer for v in views()} == set(LAYERS)


def test_checked_and_curated_views_are_generated_for_every_fact_table(tmp_path):
    names = {v.name for v in views()}
    assert {f"checked_{f}" for f in KEYS} | {f"curated_{f}" for f in KEYS} <= names
    with writer(tmp_path / "w.duckdb") as con:
        con.execute("""insert into paper_hardware (arxiv_id, extractor_version, accelerator,
                       count, count_unit, role, quote, page, checks) values
                       ('2101.00001', 'x', 'NVIDIA V100', 8, 'devices', 'training', 'q', 1, []),
                       ('2101.00001', 'x', 'NVIDIA K80', 9, 'devices', 'training', 'q', 1,
                        ['count_outside_range'])""")
        con.execute("""insert into corrections values
            (1, '2101.00001', 'hardware', 'replace',
             '{"accelerator": "NVIDIA V100", "count": 8, "role": "training"}', '{"count": 16}',
             'on 16 V100s', 2, 'me', 'the text says 16', 'c.csv', now()),
            (2, '2101.00001', 'hardware', 'reject',
             '{"accelerator": "NVIDIA P100", "count": 4, "role": "training"}', '{}',
             null, null, 'me', 'gone', 'c.csv', now())""")
        # the failing fact is not checked; the replace applies; the reject finds nothing
        assert con.execute("select accelerator, count, curation, page from curated_hardware"
                           ).fetchall() == [("NVIDIA V100", 16, "replaced", 2)]
        assert con.execute("select line from stale_corrections").fetchall() == [(2,)]
