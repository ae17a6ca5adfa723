"""The DuckDB shell the README offers (`.venv/bin/duckdb`, package duckdb-cli) on a real warehouse:
the README's own commands run as written, and each returns what Python's duckdb reads from the
same file. No command needs an extension: search's index is plain tables."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from newsmon.topics import TOPICS_DIR, load_topics
from newsmon.warehouse import open_for_write
from newsmon.warehouse.topics import refresh_topics
from tests.conftest import ROOT
from tests.warehouse_data import MARTS, load_mirror

DUCKDB = Path(sys.executable).with_name("duckdb")
# The README's shell commands on the warehouse: `.venv/bin/duckdb -readonly data/warehouse.duckdb -c "..."`.
README_COMMAND = re.compile(r"^\.venv/bin/duckdb -readonly data/warehouse\.duckdb -c .*$", re.M)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    """A folder laid out as the README assumes: data/warehouse.duckdb holding the mirror, its
    search index (built by the loads) and the shipped topics' matches (as the report DAG's
    refresh makes them)."""
    root = tmp_path_factory.mktemp("shell")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NEWSMON_HOME", str(root / "data"))
        con = open_for_write(root / "data" / "warehouse.duckdb")
        try:
            load_mirror(con)
            refresh_topics(con, load_topics([TOPICS_DIR]))
        finally:
            con.close()
    return root


def shell(workdir: Path, sql: str) -> subprocess.CompletedProcess:
    """`duckdb -readonly -json data/warehouse.duckdb -c SQL` from `workdir`, as a user runs it."""
    assert DUCKDB.is_file(), f"{DUCKDB}: no duckdb shell in the venv (pip install duckdb-cli, pinned in pyproject)"
    return subprocess.run([str(DUCKDB), "-readonly", "-json", "data/warehouse.duckdb", "-c", sql], cwd=workdir,
                          capture_output=True, text=True, timeout=60, env={**os.environ, "HOME": str(workdir)})


def plain(value):
    """A value as the shell's JSON and Python's duckdb can both be compared: text, lists of text
    (the shell writes HUGEINT sums as strings, Python has ints; it writes a timestamp's
    microseconds without trailing zeros, Python's str() with them)."""
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dt.datetime):
        return re.sub(r"\.?0+$", "", str(value)) if value.microsecond else str(value)
    return None if value is None else str(value)


def rows_of(proc: subprocess.CompletedProcess) -> list[dict]:
    """The rows of the shell's last statement (its -json mode prints one array per statement)."""
    assert proc.returncode == 0, proc.stderr
    arrays = [line for line in proc.stdout.splitlines() if line.startswith("[")]
    text = proc.stdout[proc.stdout.rindex(arrays[-1]):] if arrays else "[]"
    return [{k: plain(v) for k, v in row.items()} for row in json.loads(text)]


def python_rows(workdir: Path, sql: str) -> list[dict]:
    with duckdb.connect(str(workdir / "data" / "warehouse.duckdb"), read_only=True) as con:
        cursor = con.execute(sql)
        columns = [d[0] for d in cursor.description]
        return [{c: plain(v) for c, v in zip(columns, row)} for row in cursor.fetchall()]


@pytest.mark.parametrize("relation", [*MARTS, "search_documents", "search_docs", "search_stats", "search_terms"])
def test_every_mart_and_the_search_tables_read_in_the_shell_without_an_extension(workdir, relation):
    sql = f"SELECT * FROM {relation} ORDER BY ALL"
    expected = python_rows(workdir, sql)
    assert rows_of(shell(workdir, sql)) == expected
    assert expected or relation in ("mart_quarantine", "mart_republished", "mart_near_duplicates"), \
        f"{relation} is empty: it shows nothing"


def test_the_readme_commands_run_as_written_and_match_python(workdir):
    commands = README_COMMAND.findall((ROOT / "README.md").read_text(encoding="utf-8"))
    assert len(commands) >= 3, "the README shows a mart, the search tables and a term's postings in the shell"
    for command in commands:
        sql = shlex.split(command)[-1]
        statements = [s.strip() for s in sql.split(";") if s.strip()]
        expected = python_rows(workdir, statements[-1])
        assert expected, f"the README's example shows no rows on the mirror: {command}"
        assert rows_of(shell(workdir, sql)) == expected, command
