"""The DAG files load cleanly and follow the house rules."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ["great_expectations", "pandas", "duckdb", "pypdfium2", "pyarrow", "newsmon.pipeline"]


@pytest.fixture(scope="module")
def dagbag(tmp_path_factory):
    import os

    os.environ.setdefault("AIRFLOW_HOME", str(tmp_path_factory.mktemp("airflow_home")))
    os.environ["AIRFLOW__CORE__LOAD_EXAMPLES"] = "False"
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(dag_folder=str(ROOT / "dags"))


def test_no_import_errors(dagbag):
    assert dagbag.import_errors == {}
    assert "newsmon_afgazad" in dagbag.dags


def test_every_profile_file_is_a_dag_with_no_code_change(dagbag):
    """A source is one YAML file: the second one (darya) has its DAG from that file alone."""
    from newsmon.sources import available_sources

    assert "darya" in available_sources()
    assert {f"newsmon_{name}" for name in available_sources()} <= set(dagbag.dags)
    assert not any("darya" in p.read_text(encoding="utf-8") for p in (ROOT / "dags").rglob("*.py"))


@pytest.mark.parametrize("source", ["afgazad", "darya"])
def test_daily_dag_shape(dagbag, source):
    dag = dagbag.dags[f"newsmon_{source}"]
    assert {"newsmon", source} <= set(dag.tags)
    assert dag.max_active_runs == 1
    assert [t.task_id for t in dag.topological_sort()] == ["discover", "fetch", "parse", "validate", "load"]
    for task in dag.tasks:
        assert task.retries >= 2, task.task_id
        assert task.on_failure_callback, task.task_id
    # Later stages outrank earlier ones: a run in progress drains before new runs' stages.
    for task in dag.tasks:
        assert getattr(task.weight_rule, "value", task.weight_rule) == "upstream", task.task_id
    load = dag.get_task("load")
    assert load.pool == "newsmon_duckdb"
    assert [a.name for a in load.outlets] == ["newsmon_articles"]
    # A run for D collects D's articles and starts only once D is over.
    assert type(dag.timetable).__name__ == "CronDataIntervalTimetable"


def test_dag_file_has_no_heavy_top_level_imports():
    code = (
        "import json, sys, runpy; sys.path.insert(0, %r);"
        "runpy.run_path(%r);"
        "print(json.dumps([m for m in %r if m in sys.modules]))"
    ) % (str(ROOT / "dags"), str(ROOT / "dags" / "newsmon_daily.py"), HEAVY)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert json.loads(proc.stdout.strip().splitlines()[-1]) == []
