"""The warehouse bench's DuckLake copy is in the state a lake that loads daily is in: its last
commit marked as leaving the derived tables in step, so the measured day's load skips the
whole-history check as a daily load does (without the mark it scanned all history once, which
only a hand edit causes). A real (small) synthetic warehouse copied into a real DuckLake."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa

from benchmarks import bench_warehouse
from newsmon.records import ARTICLE_FIELDS
from newsmon.warehouse import lake_snapshots, open_for_write
from newsmon.warehouse.derived import IN_STEP_BOTH
from newsmon.warehouse.load import load_day
from tests.warehouse_data import Recording


def test_the_lake_copy_is_marked_and_its_next_load_skips_the_whole_history_check(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSMON_HOME", str(tmp_path))
    monkeypatch.setattr(bench_warehouse, "BUILD_MEMORY", "1GB")
    path = tmp_path / "warehouse.duckdb"
    bench_warehouse.build(path, 300, fts=False)
    lake = f"ducklake:{tmp_path / 'lake' / 'meta.ducklake'}"
    bench_warehouse.copy_to_lake(path, lake)
    con = open_for_write(lake)
    try:
        con.begin()
        assert lake_snapshots.undisturbed(con)
        con.rollback()
        gen = bench_warehouse.generator()
        day = dt.date(2025, 1, 2)
        batch = bench_warehouse.synthesize(gen, 1000, 5, 5, day).select(ARTICLE_FIELDS)
        batch = batch.set_column(ARTICLE_FIELDS.index("source"), "source", pa.array(["afgazad"] * 5))
        recording = Recording(con)
        result = load_day(recording, source="afgazad", run_date=day, articles=batch,  # type: ignore[arg-type]
                          run={"run_id": "after-copy"})
        gen.close()
        assert result.new_articles == 5 and result.search_documents == 305
        assert " ".join(IN_STEP_BOTH.split()) not in recording.statements
        assert con.execute("SELECT count(*) FROM articles").fetchone() == (305,)
    finally:
        con.close()
