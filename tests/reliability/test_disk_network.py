"""Disk and network faults during a run: the run fails with one clear line naming what failed,
the warehouse is unchanged (row counts and content hash of every table, every column), and the
retried run succeeds and matches the ground truth.

- the mirror server goes away mid-run: after its first N requests it drops every connection and
  closes its socket (N chosen so that it lands in discovery, and at several points of the fetch);
- a full disk: the run in a subprocess whose file-size limit (RLIMIT_FSIZE) is tiny, so every
  write past it fails with EFBIG as on a full file system; this works as root, where chmod does
  not (CI runs as root) and mounting a small tmpfs needs privileges CI may not have. Once for the
  whole run (the raw archive and staging writes fail), once for the load stage alone (DuckDB's
  own writes fail, inside the day's transaction);
- an unwritable staging folder: the date's staging path is taken by a file (again root-proof).
"""

from __future__ import annotations

import datetime as dt
import os
import resource
import subprocess
import sys
import threading

import duckdb
import pytest

from newsmon import pipeline
from newsmon.cli import main as newsmon
from newsmon.settings import staging_dir
from newsmon.testing.faults import Fault, FaultServer
from tests.conftest import ROOT, ground_truth
from tests.profiles import FAST_RETRIES, fast_profile, fast_profile_file
from tests.reliability.ledger import record
from tests.reliability.warehouse_state import differences, warehouse_state

SOURCE = "afgazad"
FIRST = dt.date(2020, 1, 1)  # loaded before every fault, so the warehouse has something to lose
DAY = dt.date(2020, 1, 2)
CUT_AFTER = (1, 2, 4, 6, 8)  # requests served before the server goes away (discover: robots + listing)
RAW_LOCK_WORDS = ("Traceback", "IO Error", "Could not set lock")


# The mirror's pace and backoffs lifted; a short read timeout, since a vanished server is the point.
FETCH = {**FAST_RETRIES, "read_timeout_s": 2.0}
PROFILE = fast_profile(SOURCE, **FETCH)


@pytest.fixture(scope="module")
def profile_file(tmp_path_factory) -> str:
    """PROFILE as a file, for `newsmon run --source` (in this process and in subprocesses)."""
    return str(fast_profile_file(tmp_path_factory.mktemp("profile"), SOURCE, **FETCH))


@pytest.fixture
def loaded_home(mirror, newsmon_home, profile_file):
    assert newsmon(["run", "--source", profile_file, "--date", FIRST.isoformat(), "--base-url", mirror.base_url]) == 0
    return newsmon_home


class VanishingServer(FaultServer):
    """The mirror, gone after `after` requests: later connections are dropped unanswered, and
    the listening socket is closed (connection refused) right after the first drop."""

    def __init__(self, directory, after: int) -> None:
        super().__init__(directory)
        self.after, self.served = after, 0

    def _take_fault(self, path):
        with self._lock:
            self.served += 1
            if self.served <= self.after:
                return None
            if self.served == self.after + 1:
                threading.Thread(target=self._close_socket, daemon=True).start()
        return Fault.drop(times=None)

    def _close_socket(self) -> None:
        httpd = self._httpd
        if httpd is not None:
            httpd.shutdown()
            httpd.server_close()


def run_cli(capsys, profile_file: str, *args: str) -> tuple[int, list[str]]:
    capsys.readouterr()
    code = newsmon(["run", "--source", profile_file, *args])
    return code, [line for line in capsys.readouterr().err.splitlines() if line.strip()]


def articles_of(home, day) -> int:
    with duckdb.connect(str(home / "warehouse.duckdb"), read_only=True) as con:
        return con.execute("SELECT count(*) FROM articles WHERE run_date = ?", [day]).fetchone()[0]


def assert_one_clear_line(lines: list[str], *words: str) -> str:
    errors = [line for line in lines if line.startswith("newsmon run:")]
    assert len(errors) == 1, lines
    assert all(w in errors[0] for w in words), errors[0]
    assert not any(w in line for line in lines for w in RAW_LOCK_WORDS), lines
    return errors[0]


def retry_succeeds(capsys, profile_file: str, home, base_url: str) -> None:
    code, lines = run_cli(capsys, profile_file, "--date", DAY.isoformat(), "--base-url", base_url)
    assert code == 0, lines
    assert articles_of(home, DAY) == len(ground_truth(DAY.isoformat()))


def test_the_mirror_going_away_mid_run_fails_it_cleanly_and_the_retry_succeeds(mirror, mirror_dir, loaded_home,
                                                                                capsys, profile_file):
    messages = []
    for after in CUT_AFTER:
        before = warehouse_state(loaded_home / "warehouse.duckdb")
        with VanishingServer(mirror_dir, after) as server:
            code, lines = run_cli(capsys, profile_file, "--date", DAY.isoformat(), "--base-url", server.base_url)
        assert code == 1, lines
        messages.append(assert_one_clear_line(lines, "source unreachable", str(DAY)))
        after_state = warehouse_state(loaded_home / "warehouse.duckdb")
        assert not differences(before, after_state), (after, differences(before, after_state))
    stages = sorted({m.split(f"{DAY}: ", 1)[1].split(":", 1)[0] for m in messages})
    assert stages == ["discover", "fetch"], messages  # both network stages were cut
    retry_succeeds(capsys, profile_file, loaded_home, mirror.base_url)
    record("mirror server gone mid-run (drops connections, then refuses them) after N requests",
           trials=len(CUT_AFTER),
           outcome=f"N = {', '.join(map(str, CUT_AFTER))}: every run exited 1 with one line "
                   f"(\"{messages[-1][:90]}…\"), cut in {' and '.join(stages)}; warehouse unchanged "
                   f"(hash of every table); the retried run loaded {len(ground_truth(DAY.isoformat()))} "
                   f"articles = ground truth")


# argv: limit, then `newsmon` arguments, or `load DATE`: the load stage alone (what the DAG's
# load task runs), its error reported the way the CLI reports one.
FSIZE_CLI = """
import datetime as dt, resource, sys
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
if sys.argv[2] == "load":
    from newsmon.pipeline import load_stage
    from newsmon.sources import load_profile
    try:
        load_stage(load_profile("afgazad"), dt.date.fromisoformat(sys.argv[3]))
    except Exception as exc:
        print(f"newsmon run: {exc}", file=sys.stderr)
        sys.exit(1)
    sys.exit(0)
from newsmon.cli import main
sys.exit(main(sys.argv[2:]))
"""


def run_with_file_limit(home, limit: int, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NEWSMON_HOME": str(home)}
    env.pop("NEWSMON_WAREHOUSE", None)
    return subprocess.run([sys.executable, "-c", FSIZE_CLI, str(limit), *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.mark.slow
def test_a_full_disk_fails_the_run_cleanly_and_the_retry_succeeds(mirror, loaded_home, capsys, profile_file):
    size_before = resource.getrlimit(resource.RLIMIT_FSIZE)
    outcomes = []
    # the whole run on a disk with 8 KB left per file: the raw archive / staging writes fail
    before = warehouse_state(loaded_home / "warehouse.duckdb")
    proc = run_with_file_limit(loaded_home, 8 * 1024, "run", "--source", profile_file, "--date", DAY.isoformat(),
                               "--base-url", mirror.base_url)
    assert proc.returncode == 1, proc.stderr[-3000:]
    line = assert_one_clear_line(proc.stderr.splitlines(), "cannot write the raw archive", "File too large")
    outcomes.append(line)
    assert not differences(before, warehouse_state(loaded_home / "warehouse.duckdb"))

    # the stages up to validate with room, then the load with none: DuckDB's own writes fail
    pipeline.discover_stage(PROFILE, DAY, mirror.base_url)
    pipeline.fetch_stage(PROFILE, DAY, mirror.base_url)
    pipeline.parse_stage(PROFILE, DAY)
    pipeline.validate_stage(PROFILE, DAY)
    before = warehouse_state(loaded_home / "warehouse.duckdb")
    proc = run_with_file_limit(loaded_home, 16 * 1024, "load", DAY.isoformat())
    assert proc.returncode == 1, proc.stderr[-3000:]
    outcomes.append(assert_one_clear_line(proc.stderr.splitlines(), "Could not write file", "File too large"))
    assert not differences(before, warehouse_state(loaded_home / "warehouse.duckdb"))

    assert resource.getrlimit(resource.RLIMIT_FSIZE) == size_before  # only the subprocesses were limited
    retry_succeeds(capsys, profile_file, loaded_home, mirror.base_url)
    record("full disk (RLIMIT_FSIZE: every write past the limit fails with EFBIG) during a run",
           trials=len(outcomes),
           outcome="whole run (8 KB) and load stage alone (16 KB): each exited 1 with one line "
                   f"(\"{outcomes[0][:80]}…\" / \"{outcomes[1][:80]}…\"); warehouse unchanged (hash of every "
                   "table); the retried run matched the ground truth")


def test_an_unwritable_staging_folder_fails_the_run_cleanly_and_the_retry_succeeds(mirror, loaded_home, capsys,
                                                                                   profile_file):
    before = warehouse_state(loaded_home / "warehouse.duckdb")
    blocked = staging_dir(SOURCE, DAY)
    blocked.parent.mkdir(parents=True, exist_ok=True)
    blocked.write_text("not a folder")  # root ignores chmod; a file in the way stops root too
    code, lines = run_cli(capsys, profile_file, "--date", DAY.isoformat(), "--base-url", mirror.base_url)
    assert code == 1, lines
    line = assert_one_clear_line(lines, "cannot write staging file", str(blocked))
    assert not differences(before, warehouse_state(loaded_home / "warehouse.duckdb"))
    blocked.unlink()
    retry_succeeds(capsys, profile_file, loaded_home, mirror.base_url)
    record("unwritable staging folder (the date's staging path taken by a file)", trials=1,
           outcome=f"exited 1 with one line (\"{line[:110]}…\"); warehouse unchanged (hash of every table); "
                   f"the retried run matched the ground truth")
