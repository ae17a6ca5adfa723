"""On DuckLake a load skips the whole-history "is the rest in step" scan when the catalog's
snapshots show that nothing but the last load wrote `articles` or the derived tables since
(newsmon.warehouse.lake_snapshots), and runs it whenever anything else may have: a hand edit
(also one committed while a load was in flight), a gap in the snapshots. On a DuckDB file the
same holds by the aggregate of `articles` the last load marked (newsmon.warehouse.step_mark).
On a real DuckLake (local catalog, Parquet) and a real DuckDB file, with the offline mirror
loaded; the statements a load ran are recorded on their way to the real connection."""

from __future__ import annotations

import datetime as dt

import pytest

from newsmon.warehouse import open_for_write
from newsmon.warehouse.derived import IN_STEP_BOTH
from newsmon.warehouse.lake_snapshots import MARK_MESSAGE, METADATA
from newsmon.warehouse.load import load_day
from tests.warehouse_data import STARTED, Recording, ground_truth_frame, load_mirror, unseen_articles

CHECK = " ".join(IN_STEP_BOTH.split())
DAY = dt.date(2020, 2, 3)


@pytest.fixture(scope="module")
def truth():
    """The mirror's ground truth (read once)."""
    from newsmon.testing.mirror import load_ground_truth

    return load_ground_truth()


@pytest.fixture
def lake(tmp_path, monkeypatch, truth):
    monkeypatch.setenv("NEWSMON_HOME", str(tmp_path))
    con = open_for_write(f"ducklake:{tmp_path / 'meta.ducklake'}")
    load_mirror(con)
    yield con
    con.close()


def new_rows(truth: dict[dt.date, list[dict]], tag: str, n: int = 3) -> list[dict]:
    """`n` articles no load has seen (one mirror article a day, a word added)."""
    return unseen_articles(truth, DAY, n=n, tag=tag, per_day=1)


def load(con, rows: list[dict], run_id: str, before_commit=None) -> bool:
    """Load `rows`; whether the load ran the whole-history check."""
    recording = Recording(con)
    load_day(recording, source="afgazad", run_date=DAY, articles=ground_truth_frame(rows),  # type: ignore[arg-type]
             run={"run_id": run_id, "started_at": STARTED}, before_commit=before_commit)
    return CHECK in recording.statements


def derived_strays(con) -> tuple[int, int]:
    """Signatures and counted articles of no current article (what the check repairs)."""
    return con.execute("""
        SELECT (SELECT count(*) FROM article_minhash m WHERE NOT EXISTS (SELECT 1 FROM articles a
                    WHERE a.article_id = m.article_id AND a.content_sha256 = m.content_sha256)),
               (SELECT count(*) FROM term_count_articles c WHERE NOT EXISTS (SELECT 1 FROM articles a
                    WHERE a.article_id = c.article_id AND a.content_sha256 = c.content_sha256))
    """).fetchone()


def removed_by_hand_is_checked_and_repaired(con, truth: dict[dt.date, list[dict]], then: str) -> None:
    """An article of load "a" removed by hand: the next load checks and repairs the derived
    tables, and the one after it (tag `then`) skips the check again."""
    gone = new_rows(truth, "a")[0]["article_id"]
    con.execute("DELETE FROM articles WHERE article_id = ?", [gone])
    assert derived_strays(con) == (1, 1)
    assert load(con, new_rows(truth, "c"), "c")
    assert derived_strays(con) == (0, 0)
    assert not load(con, new_rows(truth, then), then)


def test_loads_after_a_load_skip_the_scan_and_every_edit_by_hand_brings_it_back(lake, truth):
    con = lake
    assert not load(con, new_rows(truth, "a"), "a")  # the mirror's loads left their marks
    marks_sql = f"SELECT count(*) FROM {METADATA}.ducklake_snapshot_changes WHERE author = 'newsmon' AND commit_message = ?"  # noqa: S608,E501
    marks = con.execute(marks_sql, [MARK_MESSAGE]).fetchone()[0]
    assert marks == len(truth) + 1

    # a table no check reads, written by hand: still skipped
    con.execute("DELETE FROM failures")
    assert not load(con, new_rows(truth, "b"), "b")

    removed_by_hand_is_checked_and_repaired(con, truth, then="d")

    # a derived table edited by hand: checked and repaired too
    con.execute("DELETE FROM term_count_articles WHERE article_id = ?", [new_rows(truth, "b")[0]["article_id"]])
    assert load(con, new_rows(truth, "e"), "e")
    assert con.execute("SELECT count(*) FROM term_count_articles").fetchone()[0] == \
        con.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert not load(con, new_rows(truth, "f"), "f")


def unsigned(con) -> int:
    """Articles without a signature of their body (what the check adds)."""
    return con.execute("SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM article_minhash m "
                       "WHERE m.article_id = a.article_id AND m.content_sha256 = a.content_sha256)").fetchone()[0]


def test_an_edit_committed_while_a_load_was_in_flight_is_checked_by_the_next_load(lake, truth):
    """A hand delete or update while a load is in flight conflicts with the load's inserts (DuckLake
    then retries the load, which reads after the edit); a hand insert does not conflict, commits
    between the load's read and its commit, and is found by the next load."""
    con = lake
    other = con.cursor()  # another writer that claims nothing (a hand edit), committing mid-load
    other.execute("USE lake")
    copied = "h" * 32

    def edit_by_hand(_con) -> None:
        other.execute("INSERT INTO articles SELECT * REPLACE (? AS article_id) FROM articles LIMIT 1", [copied])

    assert not load(con, new_rows(truth, "a"), "a", before_commit=edit_by_hand)  # no conflict: both committed
    assert con.execute("SELECT count(*) FROM articles WHERE article_id = ?", [copied]).fetchone()[0] == 1
    assert unsigned(con) == 1  # the load never saw the edit: it came after the load's read
    assert load(con, new_rows(truth, "b"), "b")
    assert unsigned(con) == 0 and derived_strays(con) == (0, 0)


def test_expired_snapshots_make_the_next_load_check(lake, truth):
    """An expired snapshot takes its record of changes with it: a gap in the snapshots after the
    mark, or the mark itself expired, is not known to be harmless."""
    con = lake
    assert not load(con, new_rows(truth, "a"), "a")
    con.execute("UPDATE runs SET message = 'edited' WHERE run_id = 'a'")  # harmless alone
    assert not load(con, new_rows(truth, "b"), "b")
    con.execute("UPDATE runs SET message = 'edited' WHERE run_id = 'b'")
    edit = con.execute("SELECT id FROM lake.current_snapshot()").fetchone()[0]
    con.execute("UPDATE runs SET message = 'edited again' WHERE run_id = 'b'")
    con.execute("CALL ducklake_expire_snapshots('lake', versions => [?])", [edit])  # a gap after the mark
    assert load(con, new_rows(truth, "c"), "c")
    assert not load(con, new_rows(truth, "d"), "d")
    con.execute("UPDATE runs SET message = 'edited' WHERE run_id = 'd'")
    con.execute("CALL ducklake_expire_snapshots('lake', older_than => now())")  # the mark expired
    assert load(con, new_rows(truth, "e"), "e")


def test_a_duckdb_file_reads_articles_alone_after_a_load_and_every_edit_by_hand_brings_the_check_back(
        tmp_path, monkeypatch, truth):
    monkeypatch.setenv("NEWSMON_HOME", str(tmp_path))
    con = open_for_write(tmp_path / "w.duckdb")
    load_mirror(con)
    assert not load(con, new_rows(truth, "a"), "a")  # the mirror's last load left its mark
    assert con.execute("""
        SELECT count(*), bit_xor(hash(article_id, content_sha256)),
               bit_xor(hash(article_id, content_sha256, source, language, coalesce(published_date, run_date)))
        FROM articles""").fetchone() == con.execute("SELECT articles, signed, counted FROM derived_step_mark").fetchone()
    assert not load(con, new_rows(truth, "b"), "b")

    removed_by_hand_is_checked_and_repaired(con, truth, then="h")

    # a body's hash changed by hand (the row count stays)
    edited = new_rows(truth, "b")[0]["article_id"]
    con.execute("UPDATE articles SET content_sha256 = 'edited' WHERE article_id = ?", [edited])
    assert derived_strays(con) == (1, 1)
    assert load(con, new_rows(truth, "d"), "d")
    assert derived_strays(con) == (0, 0)

    # a signature removed by hand: its count no longer matches
    con.execute("DELETE FROM article_minhash WHERE article_id = ?", [edited])
    assert load(con, new_rows(truth, "e"), "e")
    assert con.execute("SELECT count(*) FROM article_minhash WHERE article_id = ?", [edited]).fetchone() == (1,)

    # a batch that replaces stored articles is not all new: the whole check runs
    assert load(con, new_rows(truth, "e") + [dict(new_rows(truth, "f")[0])], "f")
    assert not load(con, new_rows(truth, "g"), "g")
    con.close()
