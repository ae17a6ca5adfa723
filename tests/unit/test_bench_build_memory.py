"""The warehouse bench's build connections are held to $BENCH_BUILD_MEMORY and spill to its
directory (an unbounded 1M build was OOM-killed at 22.7 GB); the measured load is not bounded."""

from __future__ import annotations

import duckdb

from benchmarks import bench_warehouse


def test_a_build_connection_is_bounded_and_spills_to_the_bench_directory(tmp_path, monkeypatch):
    monkeypatch.setattr(bench_warehouse, "BUILD_MEMORY", "512MB")
    spill = tmp_path / "build-spill"
    con = bench_warehouse.bound_build(duckdb.connect(str(tmp_path / "w.duckdb")), spill)
    limit, directory = con.execute(
        "SELECT current_setting('memory_limit'), current_setting('temp_directory')").fetchone()
    assert limit == "488.2 MiB" and directory == str(spill) and spill.is_dir()
    con.close()


def test_the_measured_load_opens_the_warehouse_as_the_product_does():
    assert "bound_build" not in bench_warehouse.child_load.__code__.co_names
