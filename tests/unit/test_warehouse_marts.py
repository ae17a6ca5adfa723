"""Migrations from an older warehouse, the reporting views against the mirror's ground truth,
export, and `newsmon sql` as a user meets it (refusals, waiting for a load)."""

from __future__ import annotations

import collections
import datetime as dt
import shutil
import subprocess
import sys
import textwrap

import pyarrow.parquet as pq
import pytest

from newsmon.records import content_hash
from newsmon.warehouse import connect, open_for_write
from newsmon.warehouse.load import load_day
from newsmon.warehouse.migrate import MIGRATIONS_DIR, available_migrations, migrate, pending_migrations, upgrade_if_needed
from newsmon.warehouse.queries import export_marts
from tests.warehouse_data import MARTS, STARTED, copy_of_mirror, ground_truth_frame, newsmon

STAGING = ["stg_article_versions", "stg_articles", "stg_dq_results", "stg_failures", "stg_latest_runs",
           "stg_near_duplicate_pairs", "stg_quarantine", "stg_runs", "stg_top_terms_daily", "stg_topic_matches",
           "stg_topics"]

@pytest.fixture
def mirror_db(tmp_path):
    path = tmp_path / "warehouse.duckdb"
    con, truth = copy_of_mirror(path, dq_failing_day=dt.date(2020, 1, 2))
    yield con, path, truth
    con.close()


# --- migrations -------------------------------------------------------------------------

def test_a_warehouse_of_the_previous_version_upgrades_itself_and_keeps_its_data(tmp_path):
    old_dir = tmp_path / "old_migrations"
    old_dir.mkdir()
    for name in ("001_initial.sql", "002_summary_views.sql"):  # what the first release shipped
        shutil.copy(MIGRATIONS_DIR / name, old_dir / name)
    path = tmp_path / "w.duckdb"
    con = connect(path)
    assert migrate(con, old_dir, views=None) == [1, 2]  # its views were inside 002 (today's read later tables)
    con.execute("INSERT INTO runs (run_id, source, run_date, status) VALUES ('old', 'afgazad', DATE '2020-01-01', 'success')")
    assert pending_migrations(con) == [m.version for m in available_migrations()][2:]
    con.close()

    assert upgrade_if_needed(path) == [m.version for m in available_migrations()][2:]  # what a reader does first
    con = open_for_write(path)  # and a writer: nothing left
    assert pending_migrations(con) == []
    assert con.execute("SELECT run_id FROM runs").fetchall() == [("old",)]
    views = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables WHERE table_type = 'VIEW'").fetchall()}
    assert set(MARTS) <= views
    assert con.execute("SELECT source, last_run_date FROM mart_freshness").fetchall() == [("afgazad", dt.date(2020, 1, 1))]
    con.close()
    assert upgrade_if_needed(path) == []


def test_a_failing_migration_leaves_the_previous_version(tmp_path):
    bad = tmp_path / "m"
    bad.mkdir()
    shutil.copy(MIGRATIONS_DIR / "001_initial.sql", bad / "001_initial.sql")
    (bad / "002_broken.sql").write_text("CREATE TABLE ok_part (x INT);\nCREATE TABLE articles (x INT);\n")
    con = connect(tmp_path / "w.duckdb")
    with pytest.raises(RuntimeError, match="002_broken.sql failed"):
        migrate(con, bad)
    assert [r[0] for r in con.execute("SELECT version FROM schema_version").fetchall()] == [1]
    assert con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'ok_part'").fetchone()[0] == 0
    con.close()


# --- views against the ground truth -----------------------------------------------------

def test_articles_daily_matches_the_ground_truth(mirror_db):
    con, _, truth = mirror_db
    expected = collections.Counter((dt.date.fromisoformat(r["published_date"]), r["section"], r["language"])
                                   for rows in truth.values() for r in rows)
    rows = con.execute("SELECT article_date, section, language, articles FROM mart_articles_daily").fetchall()
    assert {(d, s, lang): n for d, s, lang, n in rows} == dict(expected)
    words = con.execute("SELECT sum(words) FROM mart_articles_daily").fetchone()[0]
    assert words == sum(r["word_count"] for rows in truth.values() for r in rows)


def test_authors_matches_the_ground_truth(mirror_db):
    con, _, truth = mirror_db
    by_author: dict[str, list[dict]] = collections.defaultdict(list)
    for rows in truth.values():
        for r in rows:
            if r["author"]:
                by_author[r["author"]].append(r)
    rows = con.execute("SELECT author, articles, first_date, last_date, languages FROM mart_authors").fetchall()
    assert len(rows) == len(by_author)
    for author, n, first, last, languages in rows:
        mine = by_author[author]
        dates = [dt.date.fromisoformat(r["published_date"]) for r in mine]
        assert (n, first, last, languages) == (len(mine), min(dates), max(dates), sorted({r["language"] for r in mine}))


def test_dq_daily_and_freshness(mirror_db):
    con, _, truth = mirror_db
    rates = dict(con.execute("SELECT run_date, expectation_pass_rate FROM mart_dq_daily").fetchall())
    assert set(rates) == set(truth)
    assert rates[dt.date(2020, 1, 2)] == 0.5 and all(v == 1.0 for d, v in rates.items() if d != dt.date(2020, 1, 2))
    row_rates = con.execute("SELECT DISTINCT row_pass_rate FROM mart_dq_daily").fetchall()
    assert row_rates == [(1.0,)]
    last_day = max(truth)
    fresh = con.execute("SELECT source, last_run_date, last_run_status, last_success_run_date, last_article_date, "
                        "articles FROM mart_freshness").fetchall()
    newest = max(dt.date.fromisoformat(r["published_date"]) for rows in truth.values() for r in rows)
    assert fresh == [("afgazad", last_day, "success", last_day, newest, sum(map(len, truth.values())))]
    # a later failed run of the last day: the latest run counts for that day, the success stays the last success
    load_day(con, source="afgazad", run_date=last_day, articles=None,
             run={"run_id": "later-failure", "started_at": STARTED + dt.timedelta(days=30), "status": "failed",
                  "finished_at": dt.datetime(2030, 1, 1)})
    assert con.execute("SELECT run_id, status FROM mart_dq_daily WHERE run_date = ?", [last_day]).fetchone() == \
        ("later-failure", "failed")
    assert con.execute("SELECT last_run_status, last_success_run_date FROM mart_freshness").fetchone() == ("failed", last_day)


def test_republished_finds_the_same_body_under_another_url_and_date(mirror_db):
    con, _, truth = mirror_db
    assert con.execute("SELECT count(*) FROM mart_republished").fetchone()[0] == 0
    day = min(truth)
    original = dict(truth[day][0])
    later = day + dt.timedelta(days=40)
    copy = {**original, "url": original["url"].replace(".pdf", "-again.pdf"), "published_date": later.isoformat(),
            "article_id": "republished-copy"}
    load_day(con, source="afgazad", run_date=later, articles=ground_truth_frame([copy]), run={"run_id": "copy"})
    rows = con.execute("SELECT content_sha256, articles, urls, first_date, last_date, url_list FROM mart_republished").fetchall()
    assert rows == [(content_hash(original["body_text"]), 2, 2, day, later, sorted([original["url"], copy["url"]]))]


def test_a_changed_article_gives_a_second_version_in_the_views(mirror_db):
    con, _, truth = mirror_db
    day = min(truth)
    rows = [dict(r) for r in truth[day]]
    rows[0]["body_text"] += "\n\nA correction was added."
    rows[0]["content_sha256"] = content_hash(rows[0]["body_text"])
    result = load_day(con, source="afgazad", run_date=day, articles=ground_truth_frame(rows), run={"run_id": "again"})
    assert (result.new_articles, result.changed_articles, result.new_versions) == (0, 1, 1)
    assert con.execute("SELECT count(*) FROM article_versions WHERE article_id = ?", [rows[0]["article_id"]]).fetchone()[0] == 2
    assert con.execute("SELECT count(*) FROM mart_republished").fetchone()[0] == 0  # versions of one URL and date


@pytest.mark.parametrize("view", MARTS + STAGING)
def test_every_view_answers_quickly_on_the_mirror(mirror_db, view):
    con, _, _ = mirror_db
    assert con.execute(f"SELECT count(*) FROM {view}").fetchone()[0] >= 0  # noqa: S608 - names from a constant list


# --- export -----------------------------------------------------------------------------

def test_export_writes_every_mart_as_parquet(mirror_db, tmp_path):
    con, path, _ = mirror_db
    expected = {view: con.execute(f"SELECT count(*) FROM {view}").fetchone()[0] for view in MARTS}  # noqa: S608
    con.close()
    written = export_marts(tmp_path / "out", "parquet", path=path)
    assert sorted(p.name for p in written) == sorted(f"{v}.parquet" for v in MARTS)
    for file in written:
        assert pq.read_table(file).num_rows == expected[file.stem]
    assert pq.read_table(tmp_path / "out" / "mart_authors.parquet").schema.field("languages").type.value_type == "string"


# --- the command line -------------------------------------------------------------------

@pytest.mark.parametrize("sql", ["DROP TABLE articles", "INSERT INTO runs (run_id) VALUES ('x')",
                                 "COPY articles TO '/tmp/newsmon-x.csv'", "ATTACH ':memory:' AS m",
                                 "SELECT 1; DELETE FROM articles"])
def test_newsmon_sql_refuses_writes_with_a_clear_message(mirror_db, sql):
    con, path, _ = mirror_db
    before = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    con.close()
    proc = newsmon("sql", sql, env_path=path)
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr.startswith("newsmon sql: refused: ") and proc.stderr.count("\n") == 1
    assert connect(path, read_only=True).execute("SELECT count(*) FROM articles").fetchone()[0] == before


def test_newsmon_sql_formats_and_export(mirror_db, tmp_path):
    con, path, _ = mirror_db
    con.close()
    proc = newsmon("sql", "SELECT language, sum(articles) AS n FROM mart_articles_daily GROUP BY 1 ORDER BY 1",
                   "--format", "csv", env_path=path)
    assert proc.returncode == 0 and proc.stdout.splitlines()[0] == "language,n"
    proc = newsmon("export", "--format", "parquet", str(tmp_path / "marts"), env_path=path)
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in (tmp_path / "marts").iterdir()) == sorted(f"{v}.parquet" for v in MARTS)


def test_newsmon_sql_says_it_waits_while_a_load_holds_the_file(mirror_db):
    con, path, _ = mirror_db
    con.close()
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import duckdb, time
        con = duckdb.connect({str(path)!r})
        print("ready", flush=True)
        time.sleep(2.0)
        con.close()
    """)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        proc = newsmon("sql", "SELECT count(*) AS n FROM articles", "--format", "csv", env_path=path)
    finally:
        holder.kill()
        holder.wait()
    assert proc.returncode == 0, proc.stderr
    assert "is locked by PID" in proc.stderr and "waiting up to 30s" in proc.stderr
    assert proc.stdout.splitlines()[0] == "n"


def test_newsmon_sql_gives_up_with_one_line_when_the_load_does_not_end(mirror_db):
    con, path, _ = mirror_db
    proc = newsmon("sql", "SELECT 1", "--timeout", "0.5", env_path=path)  # this test's connection holds the file
    con.close()
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert "waiting up to 0.5s" in lines[0] and lines[-1].startswith("newsmon sql: warehouse ") and "gave up" in lines[-1]
