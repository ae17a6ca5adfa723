"""Shared fixtures: the offline mirror on 127.0.0.1, a temporary NEWSMON_HOME, and an
Airflow home with its metadata database and the DuckDB pool, for tests that run real
Airflow in a subprocess."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

# newsmon connects to no loopback address unless the operator allows it; the tests' mirrors and
# fault servers listen on 127.0.0.1 (any port). Tests of the refusal itself unset it.
os.environ["NEWSMON_ALLOW_HOSTS"] = "127.0.0.1"

# The test process runs the parser as the Python it is written in: unit tests reach into its
# functions with fakes and spies, which the mypyc build (newsmon/parse/compiled.py) does not take.
# The processes tests start (Airflow, the CLI) run the build, as production does, and
# tests/unit/test_parse_compiled_modules.py checks that both give the same records.
_COMPILED_SETTING = os.environ.get("NEWSMON_COMPILED")
os.environ["NEWSMON_COMPILED"] = "0"
import newsmon.parse  # noqa: E402, F401 - the package chooses its modules' path once, as it is imported

if _COMPILED_SETTING is None:
    del os.environ["NEWSMON_COMPILED"]
else:
    os.environ["NEWSMON_COMPILED"] = _COMPILED_SETTING


@pytest.fixture
def mirror_copy(tmp_path):
    """A writable copy of the loaded mirror, open for write (tests/warehouse_data.copy_of_mirror:
    the mirror loaded once per test process, copied for each test)."""
    from tests.warehouse_data import copy_of_mirror

    con, _ = copy_of_mirror(tmp_path / "w.duckdb")
    yield con
    con.close()


@pytest.fixture
def mirror_with_topics(tmp_path):
    """(connection, ground truth) of a new DuckDB file holding the mirror, loaded with the
    shipped topics stored before the loads, so the loads match (tests/warehouse_data.py)."""
    from tests.warehouse_data import copy_of_mirror

    con, truth = copy_of_mirror(tmp_path / "w.duckdb", topics=True)
    yield con, truth
    con.close()


@pytest.fixture(scope="session")
def mirror_dir(tmp_path_factory) -> Path:
    from newsmon.testing.mirror import build_mirror

    out = tmp_path_factory.mktemp("mirror")
    build_mirror(out)
    return out


@pytest.fixture(scope="session")
def mirror(mirror_dir):
    from newsmon.testing.server import MirrorServer

    with MirrorServer(mirror_dir) as server:
        yield server


@pytest.fixture(scope="session")
def darya_dir(tmp_path_factory) -> Path:
    """The second mirrored source, Darya News (HTML, section pages), built once."""
    from newsmon.testing.darya import build_mirror

    out = tmp_path_factory.mktemp("darya")
    build_mirror(out)
    return out


@pytest.fixture(scope="session")
def darya(darya_dir):
    from newsmon.testing.server import MirrorServer

    with MirrorServer(darya_dir) as server:
        yield server


@pytest.fixture
def newsmon_home(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "newsmon_home"
    monkeypatch.setenv("NEWSMON_HOME", str(home))
    monkeypatch.delenv("NEWSMON_WAREHOUSE", raising=False)
    return home


@pytest.fixture(scope="session")
def postgres_server():
    """A throwaway PostgreSQL on 127.0.0.1 for the session (tests/services.py)."""
    from tests.services import postgres

    with postgres() as server:
        yield server


@pytest.fixture(scope="session")
def redis_server():
    """A throwaway redis-server on 127.0.0.1 for the session (tests/services.py)."""
    from tests.services import redis

    with redis() as server:
        yield server


def ground_truth(day: str) -> list[dict]:
    """The ArticleRecords the mirror says a date must parse to."""
    from newsmon.testing.mirror import load_ground_truth

    return load_ground_truth().get(dt.date.fromisoformat(day), [])


@pytest.fixture(scope="session")
def airflow_env(tmp_path_factory) -> dict[str, str]:
    """Environment for `airflow` subprocesses: a fresh AIRFLOW_HOME, migrated, with the pool."""
    from tests.airflow_helpers import init_airflow

    home = tmp_path_factory.mktemp("airflow_home")
    env = {
        **os.environ,
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(ROOT / "dags"),
        "AIRFLOW__CORE__PLUGINS_FOLDER": str(ROOT / "plugins"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "GX_ANALYTICS_ENABLED": "false",
    }
    init_airflow(env)  # as `make airflow-init`: the database, and the pool the DAGs name (newsmon.settings)
    return env


def airflow(env: dict[str, str], *args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    proc = subprocess.run([str(BIN / "airflow"), *args], env=env, capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        raise AssertionError(f"airflow {' '.join(args)} exited {proc.returncode}:\n"
                             f"{proc.stdout[-6000:]}\n{proc.stderr[-6000:]}")
    return proc


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The files in the order of the seconds they took in a whole run (tests/file_weights.json),
    longest first, each file's tests in their order: pytest-xdist hands files out in this order
    (`make test`: --dist loadfile --no-loadscope-reorder), so the long end-to-end files start at
    once and the short files fill both workers to the end (longest-processing-time-first), rather
    than one worker running a last long file alone. A file not in the table goes by whether it
    holds a test marked slow (tests/file_weights.py)."""
    from tests import file_weights

    table = file_weights.load()
    slow_files = {item.path for item in items if item.get_closest_marker("slow")}
    weight: dict[Path, float] = {}
    for item in items:
        if item.path not in weight:
            name = item.path.relative_to(ROOT).as_posix() if item.path.is_relative_to(ROOT) else str(item.path)
            default = file_weights.UNKNOWN_SLOW if item.path in slow_files else file_weights.UNKNOWN
            weight[item.path] = table.get(name, default)
    items.sort(key=lambda item: -weight[item.path])


# -- the ledgers (tests/reliability/ledger.py): emptied at the start of a session, each
# rendered to its docs/ page (reliability.md, security.md) at the end when its tests recorded anything.
def _is_xdist_worker(session: pytest.Session) -> bool:
    """Under pytest-xdist the ledgers belong to the controller: workers only append entries."""
    return hasattr(session.config, "workerinput")


def pytest_sessionstart(session: pytest.Session) -> None:
    from tests.reliability import ledger

    if _is_xdist_worker(session):
        return

    for book in ledger.LEDGERS:
        book.path().unlink(missing_ok=True)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    from tests.reliability import ledger

    if _is_xdist_worker(session):
        return
    command = "python -m pytest " + (" ".join(session.config.invocation_params.args) or "tests")
    for book in ledger.LEDGERS:
        entries = book.read()
        if entries:
            book.doc.write_text(book.render(entries, exit_status=int(exitstatus), command=command), encoding="utf-8")
