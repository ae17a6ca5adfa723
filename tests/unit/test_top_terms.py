"""mart_top_terms_daily (issue 18 item 2) on a real DuckDB warehouse holding the offline mirror.

The expected top terms are computed here in plain Python from the corpus ground truth (title and
body of each article, the search normaliser, the formula of docs/warehouse.md), not read from
the warehouse; the stop word lists are the module's data (checked on their own)."""

from __future__ import annotations

import collections
import datetime as dt
import math
import re

import pytest

from newsmon.records import content_hash
from newsmon.testing.mirror import load_ground_truth
from newsmon.warehouse import open_for_write
from newsmon.warehouse.load import load_day
from newsmon.warehouse.search import normalise
from newsmon.warehouse.top_terms import refresh_top_terms, stop_words
from tests.warehouse_data import STARTED, copy_of_mirror, ground_truth_frame

TOP_OF_DAY = """
SELECT rank, term, score, occurrences, articles, window_occurrences, day_terms, window_terms
FROM mart_top_terms_daily WHERE article_date = ? AND language = ? ORDER BY rank
"""
DERIVED = ("term_count_articles", "term_counts_daily", "top_terms_daily")


def counted_terms(row: dict) -> list[str]:
    stop = stop_words(row["language"])
    words = re.findall(r"[^\W_]+", normalise(f"{row['title'] or ''}\n{row['body_text'] or ''}"))
    return [w for w in words if len(w) > 1 and w not in stop and not w.isnumeric()]


def expected_top(rows: list[dict], day: dt.date, language: str) -> list[tuple]:
    """The formula, by hand: z-scored log-odds of the day against the 28 days before it."""
    day_counts, window_counts = collections.Counter(), collections.Counter()
    in_articles = collections.Counter()
    for row in rows:
        published = dt.date.fromisoformat(str(row["published_date"]))
        if row["language"] != language:
            continue
        if published == day:
            terms = counted_terms(row)
            day_counts.update(terms)
            in_articles.update(set(terms))
        elif day - dt.timedelta(days=28) <= published < day:
            window_counts.update(counted_terms(row))
    n_d, n_w = sum(day_counts.values()), sum(window_counts.values())
    scored = []
    for term, y_d in day_counts.items():
        y_w = window_counts[term]
        if y_d < 2:
            continue
        delta = math.log((y_d + 0.5) / (n_d - y_d + 0.5)) - math.log((y_w + 0.5) / (n_w - y_w + 0.5))
        score = delta / math.sqrt(1 / (y_d + 0.5) + 1 / (n_d - y_d + 0.5) + 1 / (y_w + 0.5) + 1 / (n_w - y_w + 0.5))
        if score > 0:
            scored.append((score, term, y_d, in_articles[term], y_w, n_d, n_w))
    scored.sort(key=lambda s: (-s[0], s[1]))
    return [(rank, term, score, y_d, arts, y_w, n_d, n_w)
            for rank, (score, term, y_d, arts, y_w, n_d, n_w) in enumerate(scored[:20], start=1)]


def all_rows() -> list[dict]:
    return [row for rows in load_ground_truth().values() for row in rows]


def assert_same(got: list[tuple], expected: list[tuple]) -> None:
    assert [(r[0], r[1]) for r in got] == [(r[0], r[1]) for r in expected]
    for g, e in zip(got, expected):
        assert g[2] == pytest.approx(e[2], rel=1e-12)
        assert g[3:] == e[3:]


@pytest.fixture
def con(mirror_copy):
    return mirror_copy


@pytest.mark.parametrize("language", ["fa", "ps", "en", "de"])
def test_the_top_terms_of_a_day_are_the_hand_computed_ones(con, language):
    day = dt.date(2020, 1, 10)
    expected = expected_top(all_rows(), day, language)
    assert len(expected) >= 2, "the day has terms to rank"
    assert_same(con.execute(TOP_OF_DAY, [day, language]).fetchall(), expected)


def test_every_mirror_day_and_language_matches_and_holds_no_stop_word(con):
    rows = all_rows()
    for day in load_ground_truth():
        for language in ("fa", "ps", "en", "de", "fr"):
            got = con.execute(TOP_OF_DAY, [day, language]).fetchall()
            assert_same(got, expected_top(rows, day, language))
            assert not {r[1] for r in got} & stop_words(language)


def test_stop_words_come_from_stopwords_iso_and_the_project_lists_normalised():
    assert {"the", "and", "of"} <= stop_words("en")
    assert {"und", "der", "die"} <= stop_words("de") and {"les", "des"} <= stop_words("fr")
    assert {"است", "میشود", "از"} <= stop_words("fa")  # stopwords-iso's می‌شود, without its ZWNJ
    assert {"میباشد", "گردید"} <= stop_words("fa")  # the project's Dari additions
    assert {"د", "په", "چې", "او", "کې"} <= stop_words("ps")  # the project's Pashto list
    assert "افغانستان" not in stop_words("fa") | stop_words("ps")
    assert all(" " not in w and w == normalise(w) for lang in ("en", "de", "fr", "fa", "ps") for w in stop_words(lang))


def test_a_changed_article_recounts_its_day_and_rescores_the_days_after(con):
    rows = all_rows()
    changed = dict(next(r for r in rows if r["language"] == "fa" and r["published_date"] == "2020-01-05"))
    changed["body_text"] = changed["body_text"] + "\n\n" + " ".join(["زعفران هرات"] * 6)
    changed["content_sha256"] = content_hash(changed["body_text"])
    load_day(con, source="afgazad", run_date=dt.date(2020, 1, 5), articles=ground_truth_frame([changed]),
             run={"run_id": "afgazad-2020-01-05-edited", "started_at": STARTED})
    edited = [changed if r["article_id"] == changed["article_id"] else r for r in rows]
    for day in (dt.date(2020, 1, 5), dt.date(2020, 1, 6), dt.date(2020, 1, 12)):  # the day and its windows
        assert_same(con.execute(TOP_OF_DAY, [day, "fa"]).fetchall(), expected_top(edited, day, "fa"))
    assert con.execute(TOP_OF_DAY, [dt.date(2020, 1, 5), "fa"]).fetchone()[1] in {"زعفران", "هرات"}


def test_the_incremental_tables_equal_a_recount_from_scratch(con):
    before = {t: sorted(con.execute(f"SELECT * EXCLUDE (computed_at) FROM {t}" if t == "top_terms_daily"  # noqa: S608
                                    else f"SELECT * FROM {t}").fetchall()) for t in DERIVED}  # noqa: S608
    con.begin()
    for table in DERIVED:
        con.execute(f"DELETE FROM {table}")  # noqa: S608 - names from a constant
    refresh_top_terms(con)
    con.commit()
    after = {t: sorted(con.execute(f"SELECT * EXCLUDE (computed_at) FROM {t}" if t == "top_terms_daily"  # noqa: S608
                                   else f"SELECT * FROM {t}").fetchall()) for t in DERIVED}  # noqa: S608
    assert after == before and before["top_terms_daily"]


def test_a_bulk_recount_in_small_passes_equals_the_incremental_tables(con, monkeypatch):
    """The bulk path (a whole history: groups counted `chunk` articles, days scored BULK_DAYS
    days at a time) gives the tables the loads made, however small the passes."""
    from newsmon.warehouse import top_terms

    before = {t: sorted(con.execute(f"SELECT * EXCLUDE (computed_at) FROM {t}" if t == "top_terms_daily"  # noqa: S608
                                    else f"SELECT * FROM {t}").fetchall()) for t in DERIVED}  # noqa: S608
    monkeypatch.setattr(top_terms, "BULK_DAYS", 3)
    con.begin()
    for table in DERIVED:
        con.execute(f"DELETE FROM {table}")  # noqa: S608 - names from a constant
    done = refresh_top_terms(con, chunk=5)
    con.commit()
    after = {t: sorted(con.execute(f"SELECT * EXCLUDE (computed_at) FROM {t}" if t == "top_terms_daily"  # noqa: S608
                                   else f"SELECT * FROM {t}").fetchall()) for t in DERIVED}  # noqa: S608
    assert after == before and before["top_terms_daily"]
    assert done.articles == con.execute("SELECT count(*) FROM articles").fetchone()[0]


def test_loading_the_days_in_reverse_order_gives_the_same_top_terms(tmp_path):
    con = open_for_write(tmp_path / "reverse.duckdb")
    for day, rows in sorted(load_ground_truth().items(), reverse=True):  # a backfill run newest first
        load_day(con, source="afgazad", run_date=day, articles=ground_truth_frame(rows),
                 run={"run_id": f"afgazad-{day}", "started_at": STARTED})
    reverse = sorted(con.execute("SELECT * EXCLUDE (computed_at) FROM top_terms_daily").fetchall())
    con.close()
    con, _ = copy_of_mirror(tmp_path / "in_order.duckdb")  # the days loaded oldest first
    in_order = sorted(con.execute("SELECT * EXCLUDE (computed_at) FROM top_terms_daily").fetchall())
    con.close()
    assert reverse == in_order and len(in_order) > 100
