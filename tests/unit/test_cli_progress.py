"""The operator's first hour: the progress of long commands (a range of
`newsmon run` / `reparse`, `newsmon eval`) on stderr: a bar on a terminal, plain lines elsewhere,
stdout the same machine-readable lines either way.

The commands run as a user runs them, in a subprocess on the offline mirror; the terminal is a
real pseudo-terminal (the child's stderr on its slave side)."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tests.profiles import fast_profile_file

DATES = ["2020-01-01", "2020-01-02"]  # the run's range; both have articles on the mirror
NOT_ARCHIVED = "2020-01-03"  # never run here: its reparse fails (no raw archive)
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # ESC, CR, BEL ...: anything but text, tab and newline
ETA = re.compile(r"ETA\s+(\x1b\[[0-9;]*m)?\d+:\d\d:\d\d")


def on_terminal(home: Path, *args: str, term: str = "xterm-256color") -> tuple[int, str, str]:
    """`newsmon ARGS` with its stderr on a pseudo-terminal and stdout on a pipe: (exit code,
    stdout, what the terminal received)."""
    master, slave = pty.openpty()
    env = {**env_home(home), "TERM": term, "COLUMNS": "160"}
    with subprocess.Popen([sys.executable, "-m", "newsmon.cli", *args], stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=slave, env=env) as proc:
        os.close(slave)
        received = bytearray()
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal's last writer
                break
            if not chunk:
                break
            received += chunk
        os.close(master)
        out = proc.stdout.read().decode() if proc.stdout else ""
        code = proc.wait(timeout=300)
    return code, out, received.decode(errors="replace")


def env_home(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "NEWSMON_WAREHOUSE"}
    return {**env, "NEWSMON_HOME": str(home)}


def cli(home: Path, *args: str) -> subprocess.CompletedProcess:
    """`newsmon ARGS` with pipes for stdout and stderr (no terminal), on NEWSMON_HOME `home`."""
    return subprocess.run([sys.executable, "-m", "newsmon.cli", *args], capture_output=True, text=True, timeout=300,
                          env=env_home(home))


@pytest.fixture(scope="module")
def ran(mirror, tmp_path_factory):
    """A range run on the mirror off a terminal: (home, the process, articles per date as the
    warehouse holds them)."""
    home = tmp_path_factory.mktemp("home")
    profile = fast_profile_file(tmp_path_factory.mktemp("profile"))
    proc = cli(home, "run", "--source", str(profile), "--from", DATES[0], "--to", DATES[-1],
               "--base-url", mirror.base_url)
    assert proc.returncode == 0, proc.stderr
    with duckdb.connect(str(home / "warehouse.duckdb"), read_only=True) as con:
        counts = dict(con.execute("SELECT strftime(run_date, '%Y-%m-%d'), count(*) FROM articles GROUP BY ALL").fetchall())
    assert sorted(counts) == DATES and all(counts.values())
    return home, proc, counts


def plain_lines(counts: dict[str, int], dates: list[str], of: int | None = None) -> list[str]:
    """What a range of `of` dates (default: `dates`) prints off a terminal for `dates`: one line
    per date, its articles and the running total."""
    lines, total = [], 0
    for n, day in enumerate(dates, 1):
        total += counts[day]
        lines.append(f"{day}: {counts[day]} articles loaded ({n}/{of or len(dates)} dates, {total} articles so far)")
    return lines


# -- off a terminal: plain lines --------------------------------------------------------------

def test_a_range_run_off_a_terminal_prints_one_plain_line_per_date(ran):
    home, proc, counts = ran
    assert proc.stderr.splitlines() == plain_lines(counts, DATES)
    assert not CONTROL.search(proc.stderr)
    records = [json.loads(line) for line in proc.stdout.splitlines()]  # stdout: only the JSON line of each date
    assert [(r["date"], r["articles"]) for r in records] == [(d, counts[d]) for d in DATES]


def test_a_failed_date_of_a_reparse_range_is_counted_and_the_rest_still_shown(ran):
    home, _, counts = ran
    proc = cli(home, "reparse", "--source", "afgazad", "--from", DATES[0], "--to", NOT_ARCHIVED)
    assert proc.returncode == 1
    lines = proc.stderr.splitlines()
    total = sum(counts.values())
    assert lines[:2] == plain_lines(counts, DATES, of=3)
    assert lines[2].startswith(f"newsmon reparse: {NOT_ARCHIVED}: no raw archive")
    assert lines[3:] == [f"{NOT_ARCHIVED}: failed (3/3 dates, {total} articles so far)",
                         f"newsmon reparse: 1 date(s) failed: {NOT_ARCHIVED}"]
    assert not CONTROL.search(proc.stderr)


def test_one_date_prints_no_progress(ran):
    home, _, counts = ran
    proc = cli(home, "reparse", "--source", "afgazad", "--date", DATES[0])
    assert proc.returncode == 0 and proc.stderr == ""
    assert json.loads(proc.stdout)["articles"] == counts[DATES[0]]


def test_eval_off_a_terminal_prints_a_plain_line_per_document(tmp_path):
    proc = cli(tmp_path, "eval", "--partition", "html-heldout")
    assert proc.returncode == 0, proc.stderr
    documents = int(re.search(r"^== html-heldout: (\d+) documents", proc.stdout, re.M).group(1))
    lines = proc.stderr.splitlines()
    assert len(lines) == documents > 0
    for n, line in enumerate(lines, 1):
        assert re.fullmatch(rf"html-heldout/\S+: scored \({n}/{documents} documents\)", line), line
    assert not CONTROL.search(proc.stderr) and not CONTROL.search(proc.stdout)


# -- on a terminal: a bar ---------------------------------------------------------------------

def test_a_reparse_range_on_a_terminal_shows_a_bar_with_the_date_counts_and_an_eta(ran):
    home, _, counts = ran
    code, out, screen = on_terminal(home, "reparse", "--source", "afgazad", "--from", DATES[0], "--to", DATES[-1])
    assert code == 0, screen
    last = screen.replace("\r\n", "\r").split("\r")  # each redraw of the bar's line
    final = [part for part in last if "100%" in part]
    assert final, screen
    bar = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", final[-1])
    assert DATES[-1] in bar and "2/2 dates" in bar and f"{sum(counts.values())} articles so far" in bar, bar
    assert ETA.search(final[-1]) and "━" in bar, bar
    assert "\x1b[" in screen  # drawn in place, not printed as log lines
    assert plain_lines(counts, DATES)[0] not in screen
    records = [json.loads(line) for line in out.splitlines()]  # stdout, a pipe here: still only JSON lines
    assert [r["date"] for r in records] == DATES and not CONTROL.search(out)


def test_eval_on_a_terminal_shows_a_bar_with_the_document(tmp_path):
    code, out, screen = on_terminal(tmp_path, "eval", "--partition", "html-heldout")
    assert code == 0, screen
    documents = int(re.search(r"^== html-heldout: (\d+) documents", out, re.M).group(1))
    bar = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen)
    assert re.search(rf"html-heldout/\S+ .*{documents}/{documents} documents\s+100%", bar), bar[-500:]
    assert ETA.search(screen) and "scored (" not in screen


def test_a_dumb_terminal_gets_plain_lines(ran):
    home, _, counts = ran
    code, _, screen = on_terminal(home, "reparse", "--source", "afgazad", "--from", DATES[0], "--to", DATES[-1],
                                  term="dumb")
    assert code == 0
    assert screen.replace("\r\n", "\n").splitlines() == plain_lines(counts, DATES)
