"""Shared by the near-duplicate tests (unit) and the DuckLake tests (integration): a real Dari
article of the mirror republished, lightly edited, by another source, and migration 012 told
from a warehouse rewritten in the layout before it (see tests/unit/test_migrations_lsh.py)."""

from __future__ import annotations

import datetime as dt

import duckdb
import numpy as np
import pyarrow as pa

from newsmon import settings
from newsmon.records import content_hash
from newsmon.testing.mirror import load_ground_truth
from newsmon.warehouse import near_duplicates as nd
from newsmon.warehouse.derived import refresh_derived
from newsmon.warehouse.load import load_day
from newsmon.warehouse.migrate import migrate
from tests.warehouse_data import STARTED, ground_truth_frame

ORIGINAL_SLUG = "kabul-air-pollution-silent-killer"  # a Dari article of 2020-01-03
COPY_DAY = dt.date(2020, 1, 10)
COPY_ID = "d" * 32

def original() -> dict:
    return next(r for rows in load_ground_truth().values() for r in rows if r["url"].endswith(f"/{ORIGINAL_SLUG}.pdf"))


def republished(body: str | None = None) -> dict:
    """The Dari article republished by another source a week later, lightly edited: a word
    changed, a sentence added at the end, ZWNJ and Arabic kaf where the original has neither."""
    row = dict(original())
    if body is None:
        body = (row["body_text"].replace("هزاران موتر", "صدها موتر")
                .replace("بزرگترین", "بزرگ\u200cترین").replace("کابل", "\u0643ابل")
                + "\n\nاین گزارش نخست در افغانستان آزاد نشر شده بود.")
    row.update(article_id=COPY_ID, source="darya", url="https://darya.example/2020/01/10/kabul-air.html",
               published_date=COPY_DAY.isoformat(), body_text=body, content_sha256=content_hash(body),
               title="آلودگی هوا در کابل")
    return row


def load_copy(con, row: dict | None) -> None:
    load_day(con, source="darya", run_date=COPY_DAY, articles=ground_truth_frame([row] if row else []),
             run={"run_id": f"darya-{COPY_DAY}-{row and row['content_sha256'][:8]}", "started_at": STARTED})


OLD_BANDS = """
CREATE TABLE article_lsh_bands (
    band       SMALLINT NOT NULL,
    bucket     BIGINT NOT NULL,
    article_id VARCHAR NOT NULL
)
"""
NEW_COPY_ID = "e" * 32


def as_before_012(con: duckdb.DuckDBPyConnection) -> list[tuple[str, int, int]]:
    """Turn a current warehouse into the form the code before migration 012 wrote; return its
    bucket rows (article_id, band, 64-bit bucket)."""
    scheme = nd.scheme_for(settings.near_duplicate_threshold())
    rows = []
    for article_id, sig in con.execute("SELECT article_id, signature FROM article_minhash "
                                       "WHERE signature IS NOT NULL").fetchall():
        buckets = nd.band_buckets(np.frombuffer(sig, dtype="<u4")[None, :], scheme)[0]
        rows += [(article_id, band, int(bucket)) for band, bucket in enumerate(buckets)]
    con.begin()
    con.execute("DROP TABLE article_lsh_bands")
    con.execute(OLD_BANDS)
    con.register("old_bands", pa.table({"article_id": [r[0] for r in rows], "band": [r[1] for r in rows],
                                        "bucket": [r[2] for r in rows]}))
    con.execute("INSERT INTO article_lsh_bands (band, bucket, article_id) "
                "SELECT band, bucket, article_id FROM old_bands")
    con.unregister("old_bands")
    con.execute("ALTER TABLE article_minhash DROP COLUMN doc")
    con.execute("DELETE FROM schema_version WHERE version = 12")
    con.commit()
    return rows


def fold(bucket: int) -> int:
    low = bucket & 0xFFFFFFFF
    return low - (1 << 32) if low >= 1 << 31 else low


def check_migration_012(con: duckdb.DuckDBPyConnection) -> None:
    """The whole story on one warehouse holding the mirror and the republished copy (a pair)."""
    old = as_before_012(con)
    assert len(old) > 1000 and any(b < -(1 << 31) or b >= 1 << 31 for _, _, b in old)  # real 64-bit values
    pairs_before = con.execute("SELECT article_id_a, article_id_b, similarity FROM near_duplicate_pairs").fetchall()
    assert len(pairs_before) == 1

    assert migrate(con) == [12]
    signed = con.execute("SELECT count(*), count(doc), count(DISTINCT doc), min(doc) FROM article_minhash").fetchone()
    assert signed[0] == signed[1] == signed[2] and signed[3] == 1
    migrated = con.execute("SELECT m.article_id, b.band, b.bucket FROM article_lsh_bands b "
                           "JOIN article_minhash m USING (doc)").fetchall()
    assert sorted(migrated) == sorted((a, band, fold(b)) for a, band, b in old)
    assert con.execute("SELECT count(*) FROM article_lsh_bands").fetchone()[0] == len(old)
    # the SQL fold and the one new loads store agree
    assert [fold(b) for _, _, b in old[:200]] == nd.stored_buckets(np.array([b for _, _, b in old[:200]])).tolist()
    assert migrate(con) == []  # idempotent

    # a load after it: nothing of the history is re-signed, and a new copy finds the migrated
    # buckets of both earlier texts (new docs follow the migrated ones)
    con.begin()
    done = refresh_derived(con)
    con.commit()
    assert done is not None and done.near_duplicates.signed == 0
    assert con.execute("SELECT article_id_a, article_id_b, similarity FROM near_duplicate_pairs").fetchall() == \
        pairs_before
    copy = dict(republished(), article_id=NEW_COPY_ID, url="https://darya.example/2020/01/10/kabul-air-2.html")
    load_copy(con, copy)
    pairs = {(a, b) for a, b in con.execute("SELECT article_id_a, article_id_b FROM near_duplicate_pairs").fetchall()}
    assert pairs == {tuple(sorted(p)) for p in [(COPY_ID, original()["article_id"]),
                                                (NEW_COPY_ID, original()["article_id"]), (NEW_COPY_ID, COPY_ID)]}
    assert con.execute("SELECT min(doc) FROM article_minhash WHERE article_id = ?", [NEW_COPY_ID]).fetchone()[0] == \
        signed[0] + 1
