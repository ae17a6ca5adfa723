"""Crash consistency: a load killed with SIGKILL leaves the warehouse as before or as after.

The load stage (`pipeline.load_stage`, what the DAG's load task and `newsmon run` call: migrate,
the day's transaction, the full-text index refresh) runs in a real subprocess on a copy of a real
warehouse file, and is killed:

- at every statement boundary, one trial per boundary: the test-only hook
  `NEWSMON_TEST_CRASH_AT=N` (newsmon.warehouse.connection) makes the writer SIGKILL its own
  process just before its Nth statement, so the kill lands between statements, inside the
  day's transaction and inside the search-index refresh, reproducibly;
- after a random delay (seeded) into the load, from outside, to land inside statements too.

After every kill the file must hold exactly the state before the load or exactly the state a
complete load gives (row counts and content hash of every table, fts index included; per-run
clock columns left out for the comparison with "after", see warehouse_state.PER_RUN_COLUMNS),
and the retried load must complete, give the "after" state and match the ground truth.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import signal
import subprocess
import sys
import time

import duckdb
import pytest

from newsmon import pipeline
from newsmon.warehouse.connection import CRASH_ENV
from tests.conftest import ROOT, ground_truth
from tests.profiles import fast_profile
from tests.reliability.ledger import record
from tests.reliability.warehouse_state import PER_RUN_COLUMNS, differences, warehouse_state

SOURCE = "afgazad"
PROFILE = fast_profile(SOURCE)
LOADED = [dt.date(2020, 1, 1), dt.date(2020, 1, 2)]  # in the warehouse before the killed load
DAY = dt.date(2020, 1, 3)  # staged (fetched, parsed, validated), then loaded and killed
SEED = 8
TIMED_KILLS = 8
MAX_POINTS = 200  # a guard against a hook that never fires, not a sample size
# A loader process that has imported everything once and forks one child per trial: each child
# is a real process that runs the real load stage (and is killed); the parent only pays the
# ~2.5 s of imports once. It has opened no DuckDB connection, so forking it is safe.
ZYGOTE = """
import datetime as dt, os, sys, traceback
import newsmon.warehouse.load, newsmon.warehouse.migrate, newsmon.warehouse.search, duckdb_extensions
from newsmon.pipeline import load_stage
from newsmon.sources import load_profile
source, day, crash_env = sys.argv[1], dt.date.fromisoformat(sys.argv[2]), sys.argv[3]
print("ready", flush=True)
for line in sys.stdin:
    crash_at, warehouse = line.rstrip("\\n").split("\\t", 1)
    pid = os.fork()
    if pid == 0:
        os.environ["NEWSMON_WAREHOUSE"] = warehouse
        os.environ.pop(crash_env, None)
        if crash_at != "-":
            os.environ[crash_env] = crash_at
        code = 0
        try:
            load_stage(load_profile(source), day)
        except BaseException:
            traceback.print_exc()
            code = 1
        sys.stderr.flush()
        os._exit(code)
    print(f"pid {pid}", flush=True)
    print(f"exit {os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])}", flush=True)
"""


class Loader:
    """The zygote above: `run(warehouse, crash_at)` forks one load and returns its exit code."""

    def __init__(self, home) -> None:
        env = {**os.environ, "NEWSMON_HOME": str(home)}
        env.pop(CRASH_ENV, None)
        self.proc = subprocess.Popen([sys.executable, "-c", ZYGOTE, SOURCE, DAY.isoformat(), CRASH_ENV],
                                     cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout.readline().strip() == "ready"

    def run(self, warehouse, crash_at: int | None = None, kill_after: float | None = None) -> int:
        self.proc.stdin.write(f"{'-' if crash_at is None else crash_at}\t{warehouse}\n")
        self.proc.stdin.flush()
        pid = int(self.proc.stdout.readline().split()[1])
        if kill_after is not None:
            time.sleep(kill_after)
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:  # it had finished already
                pass
        return int(self.proc.stdout.readline().split()[1])

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


@pytest.fixture
def staged(mirror, tmp_path, monkeypatch):
    """A warehouse with two dates loaded and a third staged; returns (home, pristine copy)."""
    home = tmp_path / "home"
    monkeypatch.setenv("NEWSMON_HOME", str(home))
    monkeypatch.delenv("NEWSMON_WAREHOUSE", raising=False)
    for day in LOADED:
        pipeline.run_day(PROFILE, day, mirror.base_url)
    pipeline.discover_stage(PROFILE, DAY, mirror.base_url)
    pipeline.fetch_stage(PROFILE, DAY, mirror.base_url)
    pipeline.parse_stage(PROFILE, DAY)
    pipeline.validate_stage(PROFILE, DAY)
    pristine = tmp_path / "before.duckdb"
    shutil.copyfile(home / "warehouse.duckdb", pristine)  # closed by every stage: no WAL beside it
    return home, pristine


def fresh_copy(pristine, path):
    for leftover in (path, path.with_name(path.name + ".wal")):
        leftover.unlink(missing_ok=True)
    shutil.copyfile(pristine, path)
    return path


def load_in_process(monkeypatch, warehouse) -> None:
    monkeypatch.setenv("NEWSMON_WAREHOUSE", str(warehouse))
    pipeline.load_stage(PROFILE, DAY)


def articles_of_day(warehouse) -> int:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute("SELECT count(*) FROM articles WHERE run_date = ?", [DAY]).fetchone()[0]


@pytest.mark.slow
def test_a_load_killed_anywhere_leaves_before_or_after_and_the_retry_completes(staged, tmp_path, monkeypatch):
    home, pristine = staged
    before_exact = warehouse_state(pristine)
    before = warehouse_state(pristine, exclude=PER_RUN_COLUMNS)
    reference = fresh_copy(pristine, tmp_path / "after.duckdb")
    load_in_process(monkeypatch, reference)
    after = warehouse_state(reference, exclude=PER_RUN_COLUMNS)
    assert differences(before, after), "the load under test changes nothing"
    expected = len(ground_truth(DAY.isoformat()))
    assert articles_of_day(reference) == expected

    outcomes = {"before": 0, "after": 0}
    trial = tmp_path / "trial.duckdb"

    def check_and_retry(label: str) -> str:
        state = warehouse_state(trial, exclude=PER_RUN_COLUMNS)
        if state == before:
            assert warehouse_state(trial) == before_exact, f"{label}: as before except a clock column?"
            seen = "before"
        else:
            assert state == after, f"{label}: half a load: {differences(before, state)} / {differences(after, state)}"
            seen = "after"
        outcomes[seen] += 1
        load_in_process(monkeypatch, trial)  # the retried load
        assert warehouse_state(trial, exclude=PER_RUN_COLUMNS) == after, f"{label}: the retry did not complete"
        assert articles_of_day(trial) == expected
        return seen

    # 1. every statement boundary, until the load runs out of statements before the hook fires
    loader = Loader(home)
    points, per_point = 0, []
    for n in range(1, MAX_POINTS + 1):
        fresh_copy(pristine, trial)
        code = loader.run(trial, crash_at=n)
        if code == 0:
            break
        assert code == -signal.SIGKILL, f"statement {n}: the load exited {code} (see its traceback above)"
        per_point.append(check_and_retry(f"killed before statement {n}"))
        points += 1
    else:
        pytest.fail(f"the load was still running statements after {MAX_POINTS} kill points")
    assert points >= 20, f"only {points} statements: too few kill points to mean anything"
    # one commit point: every kill before it leaves "before", every kill after it "after"
    first_after = per_point.index("after") if "after" in per_point else points
    assert 0 < first_after < points and per_point == ["before"] * first_after + ["after"] * (points - first_after)

    # 2. random delays (seeded) into the load, killed from outside: inside statements too
    fresh_copy(pristine, trial)
    started = time.monotonic()
    load_in_process(monkeypatch, trial)
    span = time.monotonic() - started
    rng = random.Random(SEED)
    timed = {"before": 0, "after": 0}
    for k in range(TIMED_KILLS):
        fresh_copy(pristine, trial)
        code = loader.run(trial, kill_after=rng.uniform(0, span * 1.2))
        assert code in (0, -signal.SIGKILL), f"timed trial {k}: the load exited {code}"
        timed[check_and_retry(f"killed by timer (trial {k})")] += 1
    loader.close()

    record("load (migrate, day transaction, search-index refresh) killed with SIGKILL before each of its statements",
           trials=points,
           outcome=f"{points} kill points: {per_point.count('before')} left the warehouse exactly as before, "
                   f"{per_point.count('after')} exactly as after (row counts + content hash of all "
                   f"{len(after)} tables), 0 half-loaded; every retried load completed with "
                   f"{expected} articles = ground truth")
    record("load killed with SIGKILL after a seeded random delay (inside statements)",
           trials=TIMED_KILLS,
           outcome=f"{timed['before']} as before, {timed['after']} as after, 0 half-loaded; "
                   f"every retried load matched the ground truth")
