"""Near-duplicates (issue 18 item 4) on a real DuckDB warehouse holding the offline mirror: none
among the mirror's unrelated articles, a pair for a lightly edited republication of a real article
(the mirror has none: `mart_republished` only finds identical bodies), pairs following changed
and removed articles, and the threshold as a setting.

The expected similarity is computed here in plain Python from the two texts (the normaliser the
issue names, word 3-shingles, |A ∩ B| / |A ∪ B|), not by the module under test."""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest

from newsmon import settings
from newsmon.report import load_report_data
from newsmon.report.page import render
from newsmon.testing.mirror import load_ground_truth
from newsmon.warehouse import near_duplicates as nd
from newsmon.warehouse.load import load_day
from newsmon.warehouse.search import normalise
from tests.lsh_data import COPY_DAY, COPY_ID, load_copy, original, republished
from tests.warehouse_data import STARTED, ground_truth_frame

PAIRS = """
SELECT article_id, source, earlier_article_id, earlier_source, earlier_article_date, similarity
FROM mart_near_duplicates ORDER BY article_id, earlier_article_id
"""


def expected_similarity(a: str, b: str) -> float:
    def grams(text: str) -> set[tuple[str, ...]]:
        words = re.findall(r"[^\W_]+", normalise(text))
        return {tuple(words[i:i + 3]) for i in range(len(words) - 2)}
    x, y = grams(a), grams(b)
    return len(x & y) / len(x | y)


@pytest.fixture
def con(mirror_copy):
    return mirror_copy


def test_signatures_estimate_the_similarity_as_datasketch_does():
    """datasketch's MinHash is the reference: on pairs of real texts across the range of
    similarity, both estimates are within 0.12 (about 3 standard errors at 128 values) of the
    exact similarity, which is computed here from the shingle strings."""
    from datasketch import MinHash

    base = original()["body_text"]
    words = base.split()
    variants = [base, " ".join(words[: len(words) * 2 // 3]), " ".join(words[len(words) // 3:]),
                republished()["body_text"], next(r for r in load_ground_truth()[dt.date(2020, 1, 8)]
                                                 if r["language"] == "fa")["body_text"]]

    def strings(text: str) -> set[bytes]:
        grams = re.findall(r"[^\W_]+", normalise(text))
        return {" ".join(grams[i:i + 3]).encode() for i in range(len(grams) - 2)}

    for other in variants:
        exact = expected_similarity(base, other)
        assert nd.jaccard(nd.shingle_hashes(base), nd.shingle_hashes(other)) == pytest.approx(exact, abs=1e-9)
        mine = nd.estimate(nd.signature(nd.shingle_hashes(base)), nd.signature(nd.shingle_hashes(other)))
        reference = MinHash(num_perm=128, seed=1)
        reference.update_batch(list(strings(base)))
        theirs = MinHash(num_perm=128, seed=1)
        theirs.update_batch(list(strings(other)))
        assert abs(mine - exact) <= 0.12 and abs(reference.jaccard(theirs) - exact) <= 0.12, (exact, mine)


def test_the_banding_proposes_a_pair_at_the_threshold_99_times_in_100():
    for threshold in (0.3, 0.5, 0.6, 0.8, 0.9, 0.95):
        scheme = nd.scheme_for(threshold)
        assert scheme.bands * scheme.rows <= nd.NUM_PERM
        assert 1 - (1 - threshold ** scheme.rows) ** scheme.bands >= 0.99


def test_the_mirror_has_no_near_duplicates_and_every_article_is_signed(con):
    assert con.execute(PAIRS).fetchall() == []
    assert con.execute("SELECT count(*) FROM mart_republished").fetchone()[0] == 0  # no identical body either
    signed = con.execute("SELECT count(*), count(DISTINCT article_id), count(signature) FROM article_minhash").fetchone()
    assert signed == (71, 71, 71)
    # The unrelated articles really are far apart: the closest two of the mirror, computed here.
    rows = con.execute("SELECT body_text FROM articles").fetchall()
    closest = max(expected_similarity(a, b) for (a,), (b,) in itertools.combinations(rows, 2))
    assert closest < 0.1


def test_signing_a_whole_history_in_small_passes_finds_the_same_pairs(con):
    """The bulk path (everything unsigned: `chunk` articles a pass, each pass's candidates found
    against all buckets stored before it) stores what the daily loads stored."""
    load_copy(con, republished())
    tables = ("article_minhash", "article_lsh_bands", "near_duplicate_pairs")
    select = {"article_minhash": "SELECT * EXCLUDE (computed_at, doc) FROM article_minhash",
              "article_lsh_bands": "SELECT b.band, b.bucket, m.article_id FROM article_lsh_bands b "
                                   "JOIN article_minhash m USING (doc)",
              "near_duplicate_pairs": "SELECT * EXCLUDE (detected_at) FROM near_duplicate_pairs"}
    before = {t: sorted(con.execute(select[t]).fetchall()) for t in tables}
    con.begin()
    for sql in nd.CLEAR:
        con.execute(sql)
    done = nd.refresh_near_duplicates(con, chunk=7)
    con.commit()
    assert {t: sorted(con.execute(select[t]).fetchall()) for t in tables} == before
    assert done.signed == 72 and done.pairs == 1 == len(before["near_duplicate_pairs"])


def test_a_lightly_edited_republication_by_another_source_pairs_with_the_earlier_article(con):
    copy = republished()
    load_copy(con, copy)
    similarity = expected_similarity(original()["body_text"], copy["body_text"])
    assert 0.5 <= similarity < 1.0  # edited, yet a repeat
    rows = con.execute(PAIRS).fetchall()
    assert len(rows) == 1
    article_id, source, earlier_id, earlier_source, earlier_date, stored = rows[0]
    assert (article_id, source, earlier_id, earlier_source, earlier_date) == (
        COPY_ID, "darya", original()["article_id"], "afgazad", dt.date(2020, 1, 3))
    assert stored == pytest.approx(similarity, abs=1e-6)


def test_which_came_first_falls_back_to_the_first_load_when_the_dates_agree(con):
    copy = republished()
    copy["published_date"] = "2020-01-03"  # same day as the original, loaded later
    load_day(con, source="darya", run_date=dt.date(2020, 1, 3), articles=ground_truth_frame([copy]),
             run={"run_id": "darya-same-day", "started_at": STARTED})
    assert [(r[0], r[2]) for r in con.execute(PAIRS).fetchall()] == [(COPY_ID, original()["article_id"])]


def test_reloading_the_day_keeps_one_pair(con):
    load_copy(con, republished())
    load_copy(con, republished())
    assert con.execute("SELECT count(*) FROM near_duplicate_pairs").fetchone()[0] == 1
    assert con.execute("SELECT count(*) FROM article_minhash").fetchone()[0] == 72


def test_a_changed_article_updates_its_pairs(con):
    load_copy(con, republished())
    unrelated = next(r for r in load_ground_truth()[dt.date(2020, 1, 8)] if r["language"] == "fa")
    load_copy(con, republished(body=unrelated["body_text"] + "\n\nبازنشر."))  # the same URL, another text
    pairs = con.execute(PAIRS).fetchall()
    assert [(r[0], r[2]) for r in pairs] == [(COPY_ID, unrelated["article_id"])]
    load_copy(con, republished())  # and back
    assert [(r[0], r[2]) for r in con.execute(PAIRS).fetchall()] == [(COPY_ID, original()["article_id"])]


def test_a_removed_article_loses_its_pairs_at_the_next_load(con):
    load_copy(con, republished())
    con.execute("DELETE FROM articles WHERE article_id = ?", [COPY_ID])  # an operator removes it
    assert con.execute(PAIRS).fetchall() == []  # the mart never shows a pair of a missing article
    load_copy(con, None)  # the next load of any day
    assert con.execute("SELECT count(*) FROM near_duplicate_pairs").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM article_minhash WHERE article_id = ?", [COPY_ID]).fetchone()[0] == 0
    # no bucket row is left without its signature, and each signature has its bands
    assert con.execute("SELECT count(*) FROM article_lsh_bands WHERE doc NOT IN "
                       "(SELECT doc FROM article_minhash)").fetchone()[0] == 0
    bands = nd.scheme_for(settings.near_duplicate_threshold()).bands
    assert con.execute("SELECT count(*) FROM article_lsh_bands").fetchone()[0] == \
        bands * con.execute("SELECT count(signature) FROM article_minhash").fetchone()[0] > 0


def test_the_threshold_is_a_setting_and_a_change_recomputes_the_pairs(con, monkeypatch):
    copy = republished()
    load_copy(con, copy)
    similarity = expected_similarity(original()["body_text"], copy["body_text"])
    monkeypatch.setenv("NEWSMON_NEAR_DUPLICATE_THRESHOLD", f"{similarity + 0.01:.4f}")
    load_copy(con, None)
    assert con.execute(PAIRS).fetchall() == []
    assert con.execute("SELECT count(DISTINCT scheme), count(*) FROM article_minhash").fetchone() == (1, 72)
    monkeypatch.setenv("NEWSMON_NEAR_DUPLICATE_THRESHOLD", f"{similarity - 0.01:.4f}")
    load_copy(con, None)
    assert [r[0] for r in con.execute(PAIRS).fetchall()] == [COPY_ID]


@pytest.mark.parametrize("value", ["abc", "0", "1.5", "nan"])
def test_a_bad_threshold_fails_the_load_in_one_line_and_writes_nothing(con, monkeypatch, value):
    before = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    monkeypatch.setenv("NEWSMON_NEAR_DUPLICATE_THRESHOLD", value)
    with pytest.raises(ValueError) as caught:
        load_copy(con, republished())
    message = str(caught.value)
    assert "\n" not in message and "NEWSMON_NEAR_DUPLICATE_THRESHOLD" in message and repr(value) in message
    assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == before
    assert con.execute("SELECT count(*) FROM runs WHERE source = 'darya'").fetchone()[0] == 0


def test_the_report_marks_the_repeat_with_a_link_to_the_earlier_article(con, tmp_path):
    load_copy(con, republished())
    path = con.execute("SELECT file FROM pragma_database_list WHERE name = current_database()").fetchone()[0]
    con.close()
    data = load_report_data(COPY_DAY, path)
    assert set(data.repeats) == {COPY_ID}  # the mirror's own articles of the listed days repeat nothing
    earlier = original()
    page = render(data)  # a written file: the earlier article by its URL
    markers = re.findall(r'<div class="repeat muted" data-earlier="([0-9a-f]+)">repeats <a href="([^"]+)"', page)
    assert markers == [(earlier["article_id"], earlier["url"])]
    assert f"afgazad, 2020-01-03; {round(100 * expected_similarity(earlier['body_text'], republished()['body_text']))}%" in page
    live = render(data, archive_href=lambda article_id: f"/newsmon/archive/{article_id}")  # the plugin's page
    assert f'data-earlier="{earlier["article_id"]}">repeats <a href="/newsmon/archive/{earlier["article_id"]}"' in live
    original_day = render(load_report_data(dt.date(2020, 1, 3), path))
    assert 'class="repeat' not in original_day  # the earlier article is not marked


def test_signatures_are_the_same_whatever_the_block_of_shingles(monkeypatch):
    """`signatures` hashes a block of articles' shingles at a time (`_SIGN_BLOCK`, small enough
    to stay in the CPU's cache); the block never changes a signature."""
    import numpy as np

    rng = np.random.default_rng(17)
    sets = [rng.integers(0, 2**63, int(n), dtype=np.uint64) for n in rng.integers(1, 3000, 40)]
    one_by_one = np.vstack([nd.signatures([s]) for s in sets])
    for block in (1, 1 << 10, 1 << 13, 1 << 16, 1 << 20):
        monkeypatch.setattr(nd, "_SIGN_BLOCK", block)
        assert (nd.signatures(sets) == one_by_one).all(), block
