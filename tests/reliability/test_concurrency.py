"""Concurrency: two backfills of overlapping date ranges started together, with `newsmon sql`
queries running in a loop the whole time.

Real processes: two `newsmon run --from D1 --to D2` backfills (the real command, given the
afgazad profile with its politeness delay lifted as a profile file: tests/profiles.py) against
the mirror on 127.0.0.1, on one fresh
warehouse file, and the real `newsmon sql` command started again and again until both end. DuckDB
lets one process hold the file while it writes, so every process meets the others' locks.

It must end with no lost date, no duplicate row, no raw DuckDB lock error shown to anyone (a
process that finds the file locked waits and says so in one line), and no reader ever seeing
part of a day (a date's article count is 0 or the whole day, never in between).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import threading
import time

import duckdb
import pytest

from tests.conftest import BIN, ROOT, ground_truth
from tests.profiles import FAST_RETRIES, fast_profile_file
from tests.reliability.ledger import record

SOURCE = "afgazad"
RANGES = [("2020-01-01", "2020-01-07"), ("2020-01-04", "2020-01-10")]  # overlap: 04-07 (07 has failures)
DAYS = [dt.date(2020, 1, d) for d in range(1, 11)]
QUERY = "SELECT CAST(run_date AS VARCHAR) AS day, count(*) AS n FROM articles GROUP BY ALL"
RAW_ERRORS = ("Could not set lock", "Conflicting lock", "IO Error", "Traceback", "database is locked")
WAITING = "is locked"  # the one line a waiting process prints (connection._waiting_message)


@pytest.mark.slow
def test_two_overlapping_backfills_and_readers_lose_nothing_and_duplicate_nothing(mirror, newsmon_home, tmp_path):
    env = {**os.environ, "NEWSMON_HOME": str(newsmon_home)}
    env.pop("NEWSMON_WAREHOUSE", None)
    profile = fast_profile_file(tmp_path, SOURCE, **FAST_RETRIES, read_timeout_s=5.0)
    writers = [subprocess.Popen([str(BIN / "newsmon"), "run", "--source", str(profile),
                                 "--from", first, "--to", last, "--base-url", mirror.base_url],
                                cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for first, last in RANGES]
    readers: list[subprocess.CompletedProcess] = []

    def read_until_done() -> None:
        while any(w.poll() is None for w in writers):
            readers.append(subprocess.run([str(BIN / "newsmon"), "sql", QUERY, "--format", "json"], cwd=ROOT,
                                          env=env, capture_output=True, text=True, timeout=120))
            time.sleep(0.1)  # a steady stream of readers, leaving the writers some CPU

    reader = threading.Thread(target=read_until_done)
    reader.start()
    outputs = [w.communicate(timeout=600) for w in writers]
    reader.join(timeout=300)

    for w, (out, err) in zip(writers, outputs):
        assert w.returncode == 0, err[-3000:]
        assert not any(e in err for e in RAW_ERRORS), err[-3000:]
    writer_waits = sum(err.count(WAITING) for _, err in outputs)
    runs = [json.loads(line) for out, _ in outputs for line in out.splitlines() if line.startswith("{")]
    assert len(runs) == sum(len(range(int(a[-2:]), int(b[-2:]) + 1)) for a, b in RANGES)

    expected = {d.isoformat(): len(ground_truth(d.isoformat())) for d in DAYS}
    answered = waited = 0
    for proc in readers:
        assert not any(e in proc.stderr for e in RAW_ERRORS), proc.stderr
        if proc.returncode != 0:  # only before the very first load has made the file
            assert "does not exist yet" in proc.stderr, proc.stderr
            continue
        answered += 1
        waited += WAITING in proc.stderr
        for row in json.loads(proc.stdout):
            assert row["n"] == expected[row["day"]], f"a reader saw part of {row['day']}: {row}"
    assert answered >= 3, f"only {answered} queries answered while the backfills ran"

    with duckdb.connect(str(newsmon_home / "warehouse.duckdb"), read_only=True) as con:
        per_day = dict(con.execute(QUERY).fetchall())
        duplicates = {
            "articles": con.execute("SELECT count(*) - count(DISTINCT article_id) FROM articles").fetchone()[0],
            "article_versions": con.execute("SELECT count(*) - count(DISTINCT (article_id, content_sha256)) "
                                            "FROM article_versions").fetchone()[0],
            "failures": con.execute("SELECT count(*) - count(DISTINCT (source, run_date, url, stage)) "
                                    "FROM failures").fetchone()[0],
            "search_documents": con.execute("SELECT count(*) - count(DISTINCT article_id) "
                                            "FROM search_documents").fetchone()[0],
            "runs": con.execute("SELECT count(*) - count(DISTINCT run_id) FROM runs").fetchone()[0],
        }
        indexed = con.execute("SELECT count(*) FROM search_documents").fetchone()[0]
        run_days = dict(con.execute("SELECT CAST(run_date AS VARCHAR), count(*) FROM runs "
                                    "WHERE status = 'success' GROUP BY ALL").fetchall())
    assert per_day == expected  # no lost date, none short
    assert duplicates == dict.fromkeys(duplicates, 0)
    assert indexed == sum(expected.values())
    covering = {d.isoformat(): sum(a <= d.isoformat() <= b for a, b in RANGES) for d in DAYS}
    assert run_days == covering  # every run recorded as its own run, none lost to the other backfill

    record("two overlapping backfills (`newsmon run --from/--to`, 01-07 and 04-10) started together, "
           "`newsmon sql` in a loop throughout",
           trials=len(runs) + len(readers),
           outcome=f"{len(runs)} date runs exited 0; {len(readers)} sql queries ({answered} answered, {waited} of "
                   f"them after waiting for a writer's lock with a one-line notice; writers waited "
                   f"{writer_waits} time(s), each with a notice), 0 raw lock errors, no reader saw part of a "
                   f"day; all {len(DAYS)} dates with {sum(expected.values())} articles = ground truth, "
                   f"0 duplicate rows in articles, versions, failures, search documents, runs")
