"""Migration 012 on a warehouse written before it (issue 17 item 4): the LSH bucket rows go from
(band, 64-bit bucket, VARCHAR article_id) to (band, 32-bit bucket, integer doc), every signature
gets its doc, the next loads find candidates among the migrated buckets, and a second migrate
does nothing.

The "before" warehouse is what the code before 012 left: its bucket rows are recomputed here from
the stored signatures with `band_buckets` (unchanged since 010) and written in 010's layout,
`doc` dropped, version 12 unrecorded. The expected 32-bit buckets are folded here in plain
Python (the low 32 bits, read as a signed integer), not by the code under test."""

from __future__ import annotations

import duckdb
import numpy as np
import pyarrow as pa

from newsmon import settings
from newsmon.warehouse import near_duplicates as nd
from newsmon.warehouse.derived import refresh_derived
from newsmon.warehouse.migrate import migrate
from tests.unit.test_near_duplicates import COPY_ID, load_copy, original, republished

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


def test_migration_012_converts_a_warehouse_written_before_it(mirror_copy):
    load_copy(mirror_copy, republished())
    check_migration_012(mirror_copy)

