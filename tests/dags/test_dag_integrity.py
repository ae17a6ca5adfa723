"""Every DAG file loads cleanly and every DAG in it follows the house rules.

The rules are checked over whatever the DAG folder holds (a new DAG file is covered without
touching this file), as the DAG processor loads it: a `BundleDagBag` over `dags/`, which puts
the folder on `sys.path` so the DAG files can share `dags/_common.py`. Each rule is a function
that returns the problems it finds, and is also shown failing on a planted bad DAG.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from newsmon.settings import DUCKDB_POOL

ROOT = Path(__file__).resolve().parents[2]
DAGS = ROOT / "dags"
# Imported by the tasks, never while a DAG file is parsed: the scheduler and the DAG processor
# parse every file again and again, and these take seconds and hundreds of MB between them.
HEAVY = ["duckdb", "great_expectations", "pypdfium2", "pandas", "pyarrow", "lxml", "trafilatura",
         "newsmon.pipeline", "newsmon.warehouse", "newsmon.quality", "newsmon.parse", "newsmon.report"]
DAG_FILES = sorted(p for p in DAGS.glob("*.py") if not p.name.startswith("_"))
POOLS = {"default_pool", DUCKDB_POOL}


def dag_problems(dag: Any) -> list[str]:
    """What makes `dag` break the house rules: no tags, no `doc_md` worth reading, a task with
    fewer than 2 retries or no failure callback, a pool nobody creates."""
    problems = []
    if "newsmon" not in (dag.tags or ()):
        problems.append(f"{dag.dag_id}: tags {sorted(dag.tags or ())} lack 'newsmon'")
    if len((dag.doc_md or "").strip()) < 200:
        problems.append(f"{dag.dag_id}: doc_md missing or too short to help an operator")
    for task in dag.tasks:
        if task.retries < 2:
            problems.append(f"{dag.dag_id}.{task.task_id}: retries={task.retries} (at least 2)")
        if not task.on_failure_callback:
            problems.append(f"{dag.dag_id}.{task.task_id}: no on_failure_callback")
        if task.pool not in POOLS:
            problems.append(f"{dag.dag_id}.{task.task_id}: pool {task.pool!r} is not one newsmon creates")
    return problems


def heavy_imports(dag_file: Path) -> list[str]:
    """The HEAVY modules importing `dag_file` loads, in a fresh interpreter, with the DAG folder
    on sys.path as the DAG processor has it."""
    code = (f"import json, runpy, sys; sys.path.append({str(dag_file.parent)!r}); runpy.run_path({str(dag_file)!r}); "
            f"print(json.dumps(sorted(m for m in sys.modules if m in {HEAVY!r} or m.split('.')[0] in {HEAVY!r} "
            f"or any(m.startswith(h + '.') for h in {HEAVY!r}))))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def dagbag(tmp_path_factory):
    import os

    os.environ.setdefault("AIRFLOW_HOME", str(tmp_path_factory.mktemp("airflow_home")))
    os.environ["AIRFLOW__CORE__LOAD_EXAMPLES"] = "False"
    from airflow.dag_processing.dagbag import BundleDagBag

    return BundleDagBag(dag_folder=str(DAGS), bundle_path=DAGS)


def test_no_import_errors(dagbag):
    assert dagbag.import_errors == {}
    assert "newsmon_afgazad" in dagbag.dags and "newsmon_report" in dagbag.dags


def test_every_dag_file_makes_dags_and_the_shared_module_is_not_parsed_as_one(dagbag):
    files = {Path(dag.fileloc).name for dag in dagbag.dags.values()}
    assert files == {p.name for p in DAG_FILES}
    assert not any(Path(f).name == "_common.py" for f in dagbag.file_last_changed)  # .airflowignore


def test_every_dag_follows_the_house_rules(dagbag):
    assert len(dagbag.dags) >= 3
    assert [p for dag in dagbag.dags.values() for p in dag_problems(dag)] == []


def test_the_rules_catch_a_planted_bad_dag():
    from airflow.sdk import DAG
    from airflow.providers.standard.operators.empty import EmptyOperator

    with DAG("planted", start_date=dt.datetime(2020, 1, 1), schedule=None) as dag:
        EmptyOperator(task_id="t", retries=1, pool="somebody_elses")
    problems = dag_problems(dag)
    assert any("tags" in p for p in problems) and any("doc_md" in p for p in problems)
    assert any("retries=1" in p for p in problems) and any("on_failure_callback" in p for p in problems)
    assert any("somebody_elses" in p for p in problems)


def test_the_dags_share_one_pool_one_asset_and_one_callback(dagbag):
    writers = {(dag.dag_id, t.task_id) for dag in dagbag.dags.values() for t in dag.tasks if t.pool == DUCKDB_POOL}
    assert {("newsmon_afgazad", "validate"), ("newsmon_afgazad", "load"),
            ("newsmon_report", "refresh_search_index"), ("newsmon_report", "compact_warehouse")} <= writers
    load = dagbag.dags["newsmon_afgazad"].get_task("load")
    report = dagbag.dags["newsmon_report"]
    assert list(load.outlets) == list(report.timetable.asset_condition.objects)  # the very asset the report waits on
    callbacks = {cb for dag in dagbag.dags.values() for t in dag.tasks for cb in _callbacks(t)}
    assert len(callbacks) == 1, callbacks
    assert not any(DUCKDB_POOL in p.read_text(encoding="utf-8") for p in DAGS.glob("*.py"))  # named in settings only


def _callbacks(task: Any) -> list[Any]:
    callback = task.on_failure_callback
    return list(callback) if isinstance(callback, (list, tuple)) else [callback]


def test_every_profile_file_is_a_dag_with_no_code_change(dagbag):
    """A source is one YAML file: the second one (darya) has its DAG from that file alone."""
    from newsmon.sources import available_sources

    assert "darya" in available_sources()
    assert {f"newsmon_{name}" for name in available_sources()} <= set(dagbag.dags)
    assert not any("darya" in p.read_text(encoding="utf-8") for p in DAGS.rglob("*.py"))


@pytest.mark.parametrize("source", ["afgazad", "darya"])
def test_daily_dag_shape(dagbag, source):
    dag = dagbag.dags[f"newsmon_{source}"]
    assert {"newsmon", source} <= set(dag.tags)
    assert dag.max_active_runs == 1
    assert [t.task_id for t in dag.topological_sort()] == ["discover", "fetch", "parse", "validate", "load"]
    # Later stages outrank earlier ones: a run in progress drains before new runs' stages.
    for task in dag.tasks:
        assert getattr(task.weight_rule, "value", task.weight_rule) == "upstream", task.task_id
    load = dag.get_task("load")
    assert load.pool == DUCKDB_POOL
    assert [a.name for a in load.outlets] == ["newsmon_articles"]
    # A run for D collects D's articles and starts only once D is over.
    assert type(dag.timetable).__name__ == "CronDataIntervalTimetable"
    assert f"`{source}`" in dag.doc_md and f"newsmon run --source {source}" in dag.doc_md


@pytest.mark.parametrize("dag_file", DAG_FILES, ids=lambda p: p.name)
def test_dag_file_imports_nothing_heavy(dag_file):
    assert heavy_imports(dag_file) == []


def test_the_heavy_import_check_catches_a_planted_import(tmp_path):
    (tmp_path / "_common.py").write_text((DAGS / "_common.py").read_text(encoding="utf-8"), encoding="utf-8")
    planted = tmp_path / "planted_dag.py"
    planted.write_text("import duckdb\nfrom _common import DEFAULT_ARGS\n", encoding="utf-8")
    assert "duckdb" in heavy_imports(planted)
