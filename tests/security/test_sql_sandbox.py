"""The SQL command and every other user-facing read of the warehouse, attacked as a user would.

`newsmon sql` runs text a person typed and the plugin's search API runs what a browser sent, so
each reader connection is a sandbox (newsmon.warehouse.connection): no file outside the
warehouse, no network, no extension loaded or fetched on demand, no setting changed back, a
memory limit, and `--timeout` interrupts a query that runs too long. The probes run the real
`newsmon` console script as a subprocess against a real DuckDB warehouse file (and a DuckLake
one), and the plugin's routes through FastAPI's TestClient, as tests/unit/test_report.py does.

Canary files outside NEWSMON_HOME hold a marker that must never appear in any output.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import pty
import subprocess
import sys
import textwrap
import time
import tty
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from newsmon.cli import main as newsmon_main
from tests.conftest import BIN, ROOT
from tests.security import probe

MARKER = "canary-7f3a91"  # in every canary file; never in any output
DAY = dt.date(2020, 1, 3)
HOSTILE_TITLE = "Kabul \x1b]0;pwned\x07 \x1b[2J\rforged \x9b31m end"  # OSC title, clear screen, CR, C1 CSI
ONE_LINE_PREFIX = "newsmon sql: "


# --- fixtures -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def world(tmp_path_factory) -> dict[str, Path]:
    """A real warehouse file in NEWSMON_HOME, and canary files (CSV, text, Parquet, a DuckDB
    file) in a directory outside it."""
    from newsmon.warehouse.migrate import migrate

    root = tmp_path_factory.mktemp("sandbox")
    home, outside = root / "home", root / "outside"
    home.mkdir()
    outside.mkdir()
    (outside / "secret.csv").write_text(f"name,value\nkey,{MARKER}\n")
    (outside / "secret.txt").write_text(f"{MARKER}\n")
    (outside / "secret.json").write_text(json.dumps({"value": MARKER}))
    pq.write_table(pa.table({"value": [MARKER]}), outside / "secret.parquet")
    other = duckdb.connect(str(outside / "other.duckdb"))
    other.execute("CREATE TABLE secrets AS SELECT ? AS value", [MARKER])
    other.close()

    warehouse = home / "warehouse.duckdb"
    con = duckdb.connect(str(warehouse))
    try:
        migrate(con)
        for aid, title in (("a1", "Kabul winter report"), ("evil", HOSTILE_TITLE)):
            con.execute("""INSERT INTO articles (article_id, source, url, section, language, title, author,
                           published_date, body_text, word_count, fetched_at, run_date, loaded_at)
                           VALUES (?, 'afgazad', ?, 'news', 'en', ?, 'A. Writer', ?, ?, 3, now(), ?, now())""",
                        [aid, f"https://www.afgazad.com/pdf/{aid}.pdf", title, DAY, f"body of {aid} with snowfall", DAY])
    finally:
        con.close()
    return {"home": home, "outside": outside, "warehouse": warehouse}


def cli_env(world: dict[str, Path], **extra: str) -> dict[str, str]:
    env = {**os.environ, "NEWSMON_HOME": str(world["home"]), "NEWSMON_WAREHOUSE": str(world["warehouse"]), **extra}
    for name in ("NEWSMON_READER_MEMORY_LIMIT", "NEWSMON_READER_THREADS", "NEWSMON_WAREHOUSE_KIND"):
        if name not in extra:
            env.pop(name, None)
    return env


def newsmon(world: dict[str, Path], *args: str, timeout: float = 120, **env: str) -> subprocess.CompletedProcess:
    """The real console script, as a user runs it (PYTHONPATH passes through, so it runs this tree)."""
    return subprocess.run([str(BIN / "newsmon"), *args], capture_output=True, text=True, cwd=ROOT,
                          env=cli_env(world, **env), timeout=timeout)


def assert_one_line_error(proc: subprocess.CompletedProcess, starts: str) -> str:
    assert proc.returncode == 1, (proc.returncode, proc.stdout[-500:], proc.stderr[-2000:])
    assert proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith(starts), proc.stderr[-2000:]
    assert MARKER not in proc.stderr and "root:" not in proc.stderr
    return proc.stderr.strip()


# --- file reads through `newsmon sql` -------------------------------------------------------

FILE_READS = {
    "read_csv('/etc/passwd')": "SELECT * FROM read_csv('/etc/passwd')",
    "read_text('/etc/passwd')": "SELECT content FROM read_text('/etc/passwd')",
    "read_text of a canary outside NEWSMON_HOME": "SELECT content FROM read_text('{outside}/secret.txt')",
    "read_blob of a canary": "SELECT content FROM read_blob('{outside}/secret.txt')",
    "read_csv_auto of a canary": "SELECT * FROM read_csv_auto('{outside}/secret.csv')",
    "glob('/root/*')": "SELECT * FROM glob('/root/*')",
    "glob of the directory holding the canaries": "SELECT * FROM glob('{outside}/*')",
    "read_parquet of a path outside": "SELECT * FROM read_parquet('{outside}/secret.parquet')",
    "a Parquet path as a table (replacement scan)": "SELECT * FROM '{outside}/secret.parquet'",
    "a path reached by ../ from NEWSMON_HOME": "SELECT content FROM read_text('{home}/../outside/secret.txt')",
    "read_json of a canary": "SELECT * FROM read_json('{outside}/secret.json')",
}


@pytest.mark.parametrize("label", list(FILE_READS))
def test_file_reads_are_refused_in_newsmon_sql(world, label):
    query = FILE_READS[label].format(outside=world["outside"], home=world["home"])
    proc = newsmon(world, "sql", query)
    line = assert_one_line_error(proc, f"{ONE_LINE_PREFIX}Permission Error: ")
    assert "disabled by configuration" in line
    probe(f"{label} through newsmon sql", trials=1, area="sql command",
          outcome="refused: one line 'Permission Error: Cannot access file \"...\" - file system operations are "
                  "disabled by configuration'; exit 1; nothing of the file shown")


STATEMENTS = {
    "ATTACH of another DuckDB file": "ATTACH '{outside}/other.duckdb' AS o",
    "COPY TO a file": "COPY articles TO '{outside}/dump.csv'",
    "INSTALL an extension": "INSTALL httpfs",
    "LOAD an extension": "LOAD httpfs",
    "SET to unlock file access": "SET enable_external_access = true",
    "RESET the lock": "RESET lock_configuration",
    "PRAGMA to change limits": "PRAGMA memory_limit = '64GB'",
    "DROP TABLE": "DROP TABLE articles",
    "INSERT": "INSERT INTO runs (run_id) VALUES ('x')",
    "two statements, a write hidden after a read": "SELECT 1; DELETE FROM articles",
}


def test_statements_that_write_or_escape_are_refused_in_newsmon_sql(world):
    """Already held before the sandbox (the statement check refuses them); re-tested."""
    for label, template in STATEMENTS.items():
        proc = newsmon(world, "sql", template.format(outside=world["outside"]))
        assert_one_line_error(proc, f"{ONE_LINE_PREFIX}refused: ")
    assert not (world["outside"] / "dump.csv").exists()
    con = duckdb.connect(str(world["warehouse"]), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 2
    finally:
        con.close()
    probe("writes and escapes as statements through newsmon sql (ATTACH, COPY TO, INSTALL, LOAD, SET, RESET, "
          "PRAGMA, DROP, INSERT, a write after a read)", trials=len(STATEMENTS), area="sql command",
          outcome="already held, re-tested: refused in one line 'refused: ... read-only here'; exit 1; "
                  "warehouse unchanged, no file written")


def test_the_sandbox_is_in_force_in_newsmon_sql(world):
    """What the sandbox consists of, as the command itself sees it: shown through `newsmon sql`."""
    proc = newsmon(world, "sql", "SELECT name, value FROM duckdb_settings() WHERE name IN ('enable_external_access', "
                                 "'autoinstall_known_extensions', 'autoload_known_extensions', 'lock_configuration', "
                                 "'memory_limit', 'threads', 'temp_directory') ORDER BY name", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    settings = {row["name"]: row["value"] for row in json.loads(proc.stdout)}
    assert settings == {"autoinstall_known_extensions": "false", "autoload_known_extensions": "false",
                        "enable_external_access": "false", "lock_configuration": "true",
                        "memory_limit": "953.6 MiB", "temp_directory": "", "threads": "2"}
    proc = newsmon(world, "sql", "SELECT current_setting('memory_limit') AS m, current_setting('threads') AS t",
                   "--format", "csv", NEWSMON_READER_MEMORY_LIMIT="300MB", NEWSMON_READER_THREADS="1")
    assert proc.stdout.splitlines()[1] == "286.1 MiB,1", proc.stderr
    probe("extensions loaded or installed on demand by a query through newsmon sql", trials=1, area="sql command",
          outcome="autoinstall and autoload off, external access off, configuration locked, memory 1 GB and "
                  "2 threads by default (NEWSMON_READER_MEMORY_LIMIT / NEWSMON_READER_THREADS honoured), no spilling")


def test_a_reader_connection_cannot_attach_copy_load_or_unlock(world):
    """Below the statement check: the DuckDB connection every reader gets refuses by itself."""
    from newsmon.warehouse.connection import connect

    outside = world["outside"]
    attempts = {
        "ATTACH": f"ATTACH '{outside}/other.duckdb' AS o (READ_ONLY)",
        "COPY TO": f"COPY (SELECT 1) TO '{outside}/copied.csv'",
        "INSTALL from a local repository": f"INSTALL httpfs FROM '{outside}'",
        "LOAD a file": f"LOAD '{outside}/evil.duckdb_extension'",
        "read_text": f"SELECT * FROM read_text('{outside}/secret.txt')",
    }
    settings = ["SET enable_external_access = true", "RESET enable_external_access", "SET lock_configuration = false",
                "SET memory_limit = '64GB'", "PRAGMA threads = 64", "SET allowed_directories = ['/']",
                "SET autoinstall_known_extensions = true", "SET temp_directory = '/tmp'"]
    con = connect(world["warehouse"], read_only=True)
    try:
        for label, sql in attempts.items():
            with pytest.raises(duckdb.PermissionException):
                con.execute(sql)
        for sql in settings:
            with pytest.raises(duckdb.InvalidInputException, match="configuration has been locked"):
                con.execute(sql)
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 2  # still a working reader
    finally:
        con.close()
    assert not (outside / "copied.csv").exists()
    probe("ATTACH, COPY TO, INSTALL, LOAD and read_text on a reader connection itself (under the statement check)",
          trials=len(attempts), area="sql command", outcome="refused by DuckDB: Permission Error each time")
    probe("SET / RESET / PRAGMA to undo the sandbox on a reader connection", trials=len(settings), area="sql command",
          outcome="refused: 'the configuration has been locked' each time")


# --- time and memory ----------------------------------------------------------------------

def test_timeout_interrupts_a_runaway_query_and_the_warehouse_stays_usable(world):
    started = time.monotonic()
    proc = newsmon(world, "sql", "SELECT count(*) FROM range(CAST(10^14 AS BIGINT))", "--timeout", "2", timeout=90)
    elapsed = time.monotonic() - started
    line = assert_one_line_error(proc, ONE_LINE_PREFIX)
    assert line == "newsmon sql: query interrupted after 2.0 s (--timeout)"
    assert elapsed < 2 + 25, elapsed  # interpreter start-up on a loaded 2-core machine, then the 2 s bound
    after = newsmon(world, "sql", "SELECT count(*) AS n FROM articles", "--format", "csv")
    assert after.returncode == 0 and after.stdout.splitlines() == ["n", "2"], after.stderr
    writer = duckdb.connect(str(world["warehouse"]))  # no lock left behind
    writer.close()
    probe("SELECT count(*) FROM range(CAST(10^14 AS BIGINT)) with --timeout 2 through newsmon sql", trials=1, area="sql command",
          outcome=f"interrupted: one line 'query interrupted after 2.0 s (--timeout)'; exit 1; command ended in "
                  f"{elapsed:.1f} s; warehouse readable and writable afterwards")


def test_query_timeout_in_the_library_stops_within_a_fraction_of_a_second(world):
    from newsmon.warehouse.queries import QueryInterrupted, read_only_query

    started = time.monotonic()
    with pytest.raises(QueryInterrupted, match=r"^query interrupted after 0\.5 s$"):
        read_only_query("SELECT count(*) FROM range(CAST(10^14 AS BIGINT))", path=world["warehouse"],
                        query_timeout_s=0.5)
    elapsed = time.monotonic() - started
    assert elapsed < 0.5 + 1.5, elapsed
    assert read_only_query("SELECT count(*) FROM articles", path=world["warehouse"])[1] == [(2,)]
    probe("runaway query with query_timeout_s=0.5 (library)", trials=1, area="sql command",
          outcome=f"QueryInterrupted after {elapsed:.2f} s; next query on the warehouse answered")


def test_memory_limit_refuses_a_query_that_needs_more(world):
    big = "SELECT length(string_agg(repeat('x', 1000), '')) AS n FROM range(1000000)"  # ~1 GB of string
    proc = newsmon(world, "sql", big, "--memory-limit", "100MB")
    line = assert_one_line_error(proc, f"{ONE_LINE_PREFIX}Out of Memory Error: ")
    spill = "SELECT count(DISTINCT i) FROM range(30000000) t(i)"  # would spill to disk were spilling allowed
    spilled = newsmon(world, "sql", spill, "--memory-limit", "100MB")
    assert_one_line_error(spilled, f"{ONE_LINE_PREFIX}Out of Memory Error: ")
    assert not list(world["home"].glob("*.tmp")), "a reader never spills to disk"
    default = newsmon(world, "sql", "SELECT length(string_agg(repeat('x', 1000), '')) AS n FROM range(2000000)")
    assert_one_line_error(default, f"{ONE_LINE_PREFIX}Out of Memory Error: ")  # 2 GB > the 1 GB default
    probe("queries needing more memory than the reader limit (100 MB given; 2 GB against the 1 GB default; "
          "a spilling DISTINCT)", trials=3, area="sql command",
          outcome=f"refused: one line '{line[len(ONE_LINE_PREFIX):][:40]}...'; exit 1; nothing spilled to disk")


# --- control characters in output ---------------------------------------------------------

HOSTILE = "SELECT title FROM articles WHERE article_id = 'evil'"
CONTROL_BYTES = ("\x1b", "\x07", "\r", "\x9b")


def test_crawled_control_characters_are_shown_escaped_in_a_table(world):
    proc = newsmon(world, "sql", HOSTILE)
    assert proc.returncode == 0, proc.stderr
    assert not any(c in proc.stdout for c in CONTROL_BYTES), repr(proc.stdout)
    assert "Kabul \\x1b]0;pwned\\x07 \\x1b[2J\\rforged \\x9b31m end" in proc.stdout
    as_json = newsmon(world, "sql", HOSTILE, "--format", "json")
    assert not any(c in as_json.stdout for c in CONTROL_BYTES), repr(as_json.stdout)
    assert json.loads(as_json.stdout) == [{"title": HOSTILE_TITLE}]  # faithful: the same string, decoded
    piped = subprocess.run([str(BIN / "newsmon"), "sql", HOSTILE, "--format", "csv"], capture_output=True,
                           cwd=ROOT, env=cli_env(world), timeout=120)  # bytes: the CR inside the cell kept
    rows = list(csv.reader(io.StringIO(piped.stdout.decode("utf-8"), newline="")))
    assert rows == [["title"], [HOSTILE_TITLE]], "csv into a pipe or file stays faithful for the program reading it"
    probe("title with ESC/BEL/CR/C1 terminal escapes through newsmon sql (table, json, csv into a pipe)", trials=3,
          area="sql command", outcome="table: shown as \\x1b, \\x07, \\r, \\x9b; json: \\u escapes, json.loads gives "
                                      "the exact title back; csv into a pipe: faithful (documented)")


def test_csv_on_a_terminal_is_escaped_too(world):
    leader, follower = pty.openpty()
    tty.setraw(follower)  # no newline translation: what the program wrote is what arrives
    proc = subprocess.Popen([str(BIN / "newsmon"), "sql", HOSTILE, "--format", "csv"], stdout=follower,
                            stderr=subprocess.PIPE, cwd=ROOT, env=cli_env(world))
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 4096)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=120)
    os.close(leader)
    shown = b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")  # csv's own line ends
    assert proc.returncode == 0, proc.stderr.read()
    assert not any(c in shown for c in CONTROL_BYTES), repr(shown)
    assert "\\x1b]0;pwned\\x07" in shown
    probe("title with terminal escapes through newsmon sql --format csv on a terminal (pty)", trials=1,
          area="sql command", outcome="shown escaped (\\x1b ...), no control character reached the terminal")


# --- the plugin's search API and the report's reads ---------------------------------------

@pytest.fixture
def plugin(world, monkeypatch, tmp_path):
    monkeypatch.setenv("AIRFLOW_HOME", str(tmp_path / "airflow"))
    monkeypatch.setenv("NEWSMON_HOME", str(world["home"]))
    monkeypatch.setenv("NEWSMON_WAREHOUSE", str(world["warehouse"]))
    sys.path.insert(0, str(ROOT / "plugins"))
    try:
        import newsmon_plugin
    finally:
        sys.path.remove(str(ROOT / "plugins"))
    return newsmon_plugin


@pytest.fixture
def opened(monkeypatch, world):
    """Every warehouse connection opened while a route runs, each probed with a file read."""
    from newsmon.warehouse import connection

    seen: list[dict[str, object]] = []
    original = connection.connect

    def spying(*args, **kwargs):
        con = original(*args, **kwargs)
        state = con.execute("SELECT current_setting('enable_external_access'), "
                            "current_setting('lock_configuration')").fetchone()
        try:
            leaked = con.execute("SELECT content FROM read_text(?)", [str(world["outside"] / "secret.txt")]).fetchall()
        except duckdb.PermissionException:
            leaked = None
        seen.append({"external_access": state[0], "locked": state[1], "leaked": leaked})
        return con

    monkeypatch.setattr(connection, "connect", spying)
    return seen


def _client(plugin):
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    sub = FastAPI()
    sub.include_router(plugin.router)  # the routes without Airflow's login (tested in test_report.py)
    main = FastAPI()
    main.mount("/newsmon", sub)
    return TestClient(main)


HOSTILE_QUERIES = ["read_csv('/etc/passwd')", "') UNION SELECT content FROM read_text('/etc/passwd') --",
                   "x' OR 1=1; SELECT * FROM glob('/root/*') --", "%' ; COPY articles TO '/tmp/x.csv' ; --"]


def test_search_api_reads_are_sandboxed(plugin, opened, world):
    client = _client(plugin)
    for q in HOSTILE_QUERIES + ["winter"]:
        response = client.get("/newsmon/api/search", params={"q": q})
        assert response.status_code == 200, response.text
        assert MARKER not in response.text and "root:x:0:0" not in response.text
    assert [r["title"] for r in client.get("/newsmon/api/search", params={"q": "winter"}).json()["results"]] == \
        ["Kabul winter report"]
    assert opened and all(c == {"external_access": False, "locked": True, "leaked": None} for c in opened), opened
    probe("hostile search strings (read_csv, UNION read_text, glob, COPY) through the plugin's search API",
          trials=len(HOSTILE_QUERIES), area="search API",
          outcome="200 with matching articles only; parameters, never SQL; canary and /etc/passwd never shown")
    probe("a file read on the very connections the search API opens", trials=len(opened), area="search API",
          outcome="refused (Permission Error) on every one: external access off, configuration locked")


def test_report_reads_are_sandboxed(plugin, opened, world):
    client = _client(plugin)
    page = client.get("/newsmon/", params={"date": str(DAY)})
    assert page.status_code == 200 and "Kabul winter report" in page.text
    assert opened and all(c == {"external_access": False, "locked": True, "leaked": None} for c in opened), opened
    probe("a file read on the connections the report (plugin page) opens", trials=len(opened), area="search API",
          outcome="refused (Permission Error) on every one: external access off, configuration locked")


# --- DuckLake: the reader still reads its Parquet data, and nothing else --------------------

def test_ducklake_reader_reads_its_data_and_nothing_else(tmp_path, monkeypatch, world):
    from newsmon.warehouse import open_for_write
    from newsmon.warehouse.connection import connect
    from tests.warehouse_data import load_mirror

    monkeypatch.setenv("NEWSMON_HOME", str(tmp_path))
    target = f"ducklake:{tmp_path / 'meta.ducklake'}"
    con = open_for_write(target)
    truth = load_mirror(con)
    con.close()
    total = sum(map(len, truth.values()))
    reader = connect(target, read_only=True)
    try:
        # body_text lives in the Parquet files under meta.ducklake.files/: allowed_directories keeps them readable
        assert reader.execute("SELECT count(*), sum(length(body_text)) > 0 FROM articles").fetchone() == (total, True)
        for sql in (f"SELECT * FROM read_text('{world['outside']}/secret.txt')", "SELECT * FROM read_csv('/etc/passwd')",
                    f"SELECT * FROM read_text('{tmp_path}/meta.ducklake.files/../../outside/secret.txt')"):
            with pytest.raises(duckdb.PermissionException):
                reader.execute(sql)
        with pytest.raises(duckdb.InvalidInputException, match="locked"):
            reader.execute("SET enable_external_access = true")
    finally:
        reader.close()
    proc = subprocess.run([str(BIN / "newsmon"), "sql", "SELECT count(*) AS n FROM articles WHERE body_text <> ''",
                           "--format", "csv"], capture_output=True, text=True, cwd=ROOT, timeout=120,
                          env={**cli_env(world), "NEWSMON_HOME": str(tmp_path), "NEWSMON_WAREHOUSE": target})
    assert proc.returncode == 0 and proc.stdout.splitlines() == ["n", str(total)], proc.stderr
    refused = subprocess.run([str(BIN / "newsmon"), "sql", "SELECT * FROM read_csv('/etc/passwd')"],
                             capture_output=True, text=True, cwd=ROOT, timeout=120,
                             env={**cli_env(world), "NEWSMON_HOME": str(tmp_path), "NEWSMON_WAREHOUSE": target})
    assert_one_line_error(refused, f"{ONE_LINE_PREFIX}Permission Error: ")
    probe("file reads and SET on a DuckLake reader (its Parquet data stays readable)", trials=4, area="sql command",
          outcome="DuckLake data read through allowed_directories; /etc/passwd, a canary and ../ out of the data "
                  "directory refused (Permission Error); SET refused (locked)")


# --- the smaller items --------------------------------------------------------------------

BAD_TIMEOUTS = ["-1", "0", "nan", "inf", "-inf", "NaN"]


def test_bad_timeouts_are_refused_in_one_line(world, capsys, monkeypatch):
    monkeypatch.setenv("NEWSMON_HOME", str(world["home"]))
    monkeypatch.setenv("NEWSMON_WAREHOUSE", str(world["warehouse"]))
    tried = 0
    for command in (["sql", "SELECT 1"], ["parse", str(world["outside"] / "secret.txt")]):
        for value in BAD_TIMEOUTS:
            assert newsmon_main([*command, f"--timeout={value}"]) == 1  # "-inf" alone would look like an option
            out, err = capsys.readouterr()
            assert out == "" and err.count("\n") == 1, err
            assert err.startswith(f"newsmon {command[0]}: --timeout ") and "seconds" in err, err
            tried += 1
    probe("negative, zero, NaN and infinite --timeout (newsmon sql, newsmon parse)", trials=tried,
          area="command line", outcome="refused: one line naming --timeout and the value; exit 1; nothing run")


def test_a_range_over_366_dates_needs_yes(monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("NEWSMON_HOME", str(tmp_path))
    started: list[dt.date] = []

    def fake_run_day(source, day, **kwargs):
        started.append(day)
        return {"articles": 0}

    monkeypatch.setattr("newsmon.pipeline.run_day", fake_run_day)
    for command in ("run", "reparse"):
        assert newsmon_main([command, "--source", "afgazad", "--from", "1900-01-01", "--to", "2100-01-01"]) == 1
        out, err = capsys.readouterr()
        assert started == [] and out == "" and err.count("\n") == 1, err
        assert err.startswith(f"newsmon {command}: --from 1900-01-01 --to 2100-01-01 is 73,050 dates") and "--yes" in err
    assert newsmon_main(["run", "--source", "afgazad", "--from", "2020-01-01", "--to", "2020-12-31"]) == 0  # 366
    assert len(started) == 366
    started.clear()
    assert newsmon_main(["run", "--source", "afgazad", "--from", "2020-01-01", "--to", "2021-01-01", "--yes"]) == 0
    assert len(started) == 367
    capsys.readouterr()
    probe("newsmon run / reparse --from 1900-01-01 --to 2100-01-01 (73,050 dates)", trials=2, area="command line",
          outcome="refused before any run: one line naming the count and --yes; 366 dates run without asking, "
                  "367 with --yes")


def test_report_says_it_waits_for_a_locked_warehouse(world, tmp_path):
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import duckdb, time
        con = duckdb.connect({str(world['warehouse'])!r})
        print("ready", flush=True)
        time.sleep(2.0)
        con.close()
    """)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        proc = newsmon(world, "report", "--date", str(DAY), "--out", str(tmp_path / "r.html"))
    finally:
        holder.kill()
        holder.wait()
    assert proc.returncode == 0, proc.stderr
    notices = proc.stderr.strip().splitlines()
    assert len(notices) == 1 and notices[0].startswith("newsmon: warehouse ") and "is locked by PID" in notices[0] \
        and "waiting up to 60s" in notices[0], proc.stderr
    assert (tmp_path / "r.html").is_file()
    probe("newsmon report while a load holds the warehouse", trials=1, area="command line",
          outcome="one line 'warehouse ... is locked by PID n ...; waiting up to 60s', then the report")


def test_eval_floors_errors_name_the_file(tmp_path, capsys):
    bad_json = tmp_path / "bad.json"
    bad_json.write_text("{not json")
    wrong_shape = tmp_path / "shape.json"
    wrong_shape.write_text("[1, 2]")
    wrong_floor = tmp_path / "floor.json"
    wrong_floor.write_text(json.dumps({"partitions": {"dev": {"fields": {"en": {"title": "high"}}}}}))
    cases = {tmp_path / "missing.json": "no such file", bad_json: "not valid JSON", wrong_shape: '"partitions"',
             wrong_floor: "fields.en"}
    for path, problem in cases.items():
        started = time.monotonic()
        assert newsmon_main(["eval", "--floors", str(path)]) == 1
        out, err = capsys.readouterr()
        assert out == "" and err.count("\n") == 1, err
        assert err.startswith(f"newsmon eval: floors file {path}: ") and problem in err, err
        assert time.monotonic() - started < 5, "refused before any scoring"
    probe("newsmon eval --floors with a missing file, bad JSON, a wrong shape, a non-number floor", trials=len(cases),
          area="command line", outcome="one line 'floors file PATH: <problem>'; exit 1; before any scoring")
