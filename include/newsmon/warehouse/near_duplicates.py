"""Near-duplicate articles across days and sources: MinHash over word shingles, LSH kept in the warehouse.

    refresh_near_duplicates(con)   # inside the load's transaction, after the articles are written

Why it looks like this:
- the text compared is the body normalised by the search normaliser
  (`newsmon.warehouse.search.normalise`) and split into words, as overlapping 3-word shingles:
  ZWNJ, Arabic vs Persian letter forms, short vowels and case never make two copies differ,
  while a changed word changes only the three shingles that hold it;
- a MinHash signature (datasketch, 128 permutations) and its LSH band buckets (bands x rows
  chosen so a pair at the threshold is proposed 99% of the time: `scheme_for`) are stored per
  article (`article_minhash`, `article_lsh_bands`). A load signs only its new or changed
  articles and finds their candidates with one join on (band, bucket) against every stored
  article: history is never recomputed;
- LSH only proposes: the stored signatures' estimate weeds out most false candidates, and a pair
  is kept (`near_duplicate_pairs`) when the exact Jaccard similarity of the two shingle sets
  reaches the threshold (`NEWSMON_NEAR_DUPLICATE_THRESHOLD`). The estimate is never stored as
  the similarity;
- a changed article (another content hash) or a removed one loses its signature, buckets and
  pairs and is signed again, so the pairs always describe current bodies. Changing the threshold
  (or the shingling) changes the scheme, and the next load recomputes everything.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa

from newsmon import settings
from newsmon.warehouse.search import normalise

SHINGLE_WORDS = 3
NUM_PERM = 128
SEED = 1
# A body of fewer shingles (a caption, a stub, a notice) says too little to call two texts the same.
MIN_SHINGLES = 10
LSH_RECALL = 0.99  # chance that LSH proposes a pair whose true similarity is at the threshold
# Candidates whose MinHash estimate falls this far below the threshold are not compared exactly:
# with 128 permutations the estimate's standard error is at most 0.045, so this is over 3 of them.
ESTIMATE_MARGIN = 0.15
_WORD = re.compile(r"[^\W_]+", re.UNICODE)  # the search index's tokens

_SIGNATURES_VIEW = "_newsmon_nd_signatures"
_BANDS_VIEW = "_newsmon_nd_bands"
_PAIRS_VIEW = "_newsmon_nd_pairs"

SCHEMES = "SELECT DISTINCT scheme FROM article_minhash"
CLEAR = ("DELETE FROM near_duplicate_pairs", "DELETE FROM article_lsh_bands", "DELETE FROM article_minhash")
# Signed articles whose current body is not the one signed (changed), or that are gone.
_STALE = """
SELECT m.article_id FROM article_minhash m
WHERE NOT EXISTS (SELECT 1 FROM articles a
                  WHERE a.article_id = m.article_id AND a.content_sha256 = m.content_sha256)
"""
DELETE_STALE_PAIRS = f"""
DELETE FROM near_duplicate_pairs
WHERE article_id_a IN ({_STALE}) OR article_id_b IN ({_STALE})
"""
DELETE_STALE_BANDS = f"DELETE FROM article_lsh_bands WHERE article_id IN ({_STALE})"
DELETE_STALE_SIGNATURES = f"DELETE FROM article_minhash WHERE article_id IN ({_STALE})"
SELECT_UNSIGNED = """
SELECT article_id, content_sha256, body_text FROM articles a
WHERE NOT EXISTS (SELECT 1 FROM article_minhash m WHERE m.article_id = a.article_id)
"""
INSERT_SIGNATURES = f"""
INSERT INTO article_minhash (article_id, content_sha256, scheme, shingles, signature, computed_at)
SELECT article_id, content_sha256, scheme, shingles, signature, CAST($now AS TIMESTAMP) FROM {_SIGNATURES_VIEW}
"""
INSERT_BANDS = f"""
INSERT INTO article_lsh_bands (band, bucket, article_id) SELECT band, bucket, article_id FROM {_BANDS_VIEW}
"""
# Every stored article sharing a bucket with one of the new ones (new ones included).
CANDIDATES = f"""
SELECT DISTINCT n.article_id, h.article_id
FROM {_BANDS_VIEW} n JOIN article_lsh_bands h ON h.band = n.band AND h.bucket = n.bucket
WHERE h.article_id <> n.article_id
"""
SIGNATURES_OF = "SELECT article_id, signature FROM article_minhash WHERE list_contains($ids, article_id)"
BODIES_OF = "SELECT article_id, body_text FROM articles WHERE list_contains($ids, article_id)"
INSERT_PAIRS = f"""
INSERT INTO near_duplicate_pairs (article_id_a, article_id_b, similarity, detected_at)
SELECT article_id_a, article_id_b, similarity, CAST($now AS TIMESTAMP) FROM {_PAIRS_VIEW}
"""


@dataclass(frozen=True)
class Scheme:
    """How signatures and buckets were made: stored with each signature, compared on every refresh."""

    threshold: float
    bands: int
    rows: int

    @property
    def name(self) -> str:
        return f"w{SHINGLE_WORDS}-p{NUM_PERM}-s{SEED}-b{self.bands}-r{self.rows}-t{self.threshold:g}"


@dataclass(frozen=True)
class NearDuplicateRefresh:
    """What a refresh did, for the load's log."""

    removed: int  # signatures dropped (article changed, gone, or the scheme changed)
    signed: int  # articles (re-)signed
    candidates: int  # candidate pairs LSH proposed
    pairs: int  # of which at or above the threshold, stored
    seconds: float


def scheme_for(threshold: float) -> Scheme:
    """The steepest LSH banding (most rows per band) that still proposes a pair at the threshold
    with probability >= LSH_RECALL: 1 - (1 - t^r)^b >= LSH_RECALL within NUM_PERM values.

    Not datasketch's `MinHashLSH` optimum: it weighs false positives and negatives alike and
    proposes a pair exactly at the threshold only 40-55% of the time. Here a false positive
    costs one comparison of stored signatures, a false negative a missed repeat."""
    if threshold >= 1.0:  # identical shingle sets: one band of every value
        return Scheme(threshold=threshold, bands=1, rows=NUM_PERM)
    for rows in range(NUM_PERM, 0, -1):
        miss_one_band = -math.log1p(-threshold ** rows)  # -ln(1 - t^r)
        if miss_one_band > 0 and math.ceil(-math.log(1 - LSH_RECALL) / miss_one_band) * rows <= NUM_PERM:
            return Scheme(threshold, math.ceil(-math.log(1 - LSH_RECALL) / miss_one_band), rows)
    return Scheme(threshold=threshold, bands=NUM_PERM, rows=1)


def shingles(text: str | None) -> set[bytes]:
    """The body's overlapping word 3-grams, after the search normaliser."""
    words = _WORD.findall(normalise(text))
    return {" ".join(words[i:i + SHINGLE_WORDS]).encode() for i in range(len(words) - SHINGLE_WORDS + 1)}


def jaccard(a: set[bytes], b: set[bytes]) -> float:
    """|a ∩ b| / |a ∪ b|: the exact similarity a candidate pair is judged by."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def signatures(sets: list[set[bytes]]) -> list[np.ndarray]:
    """One MinHash signature (NUM_PERM uint32 values) per shingle set."""
    from datasketch import MinHash

    return [m.hashvalues for m in MinHash.bulk([list(s) for s in sets], num_perm=NUM_PERM, seed=SEED)]


def band_buckets(signature: np.ndarray, scheme: Scheme) -> list[int]:
    """The bucket of each LSH band: a 64-bit hash of the band's rows (two texts share one when a
    whole band of their signatures agrees)."""
    rows = scheme.rows
    return [int.from_bytes(hashlib.blake2b(signature[i * rows:(i + 1) * rows].tobytes(), digest_size=8).digest(),
                           "little", signed=True)
            for i in range(scheme.bands)]


def refresh_near_duplicates(con: duckdb.DuckDBPyConnection, threshold: float | None = None) -> NearDuplicateRefresh:
    """Bring signatures, buckets and pairs in step with `articles`, in the caller's transaction.

    Only articles without a current signature are read and signed; their candidates come from the
    stored buckets, and only candidate pairs are compared exactly."""
    started = time.perf_counter()
    scheme = scheme_for(settings.near_duplicate_threshold() if threshold is None else threshold)
    removed = _remove_stale(con, scheme)
    table = con.execute(SELECT_UNSIGNED).to_arrow_table()
    if table.num_rows == 0:
        return NearDuplicateRefresh(removed, 0, 0, 0, round(time.perf_counter() - started, 4))
    ids = [str(i) for i in table.column("article_id").to_pylist()]
    sets = dict(zip(ids, (shingles(b) for b in table.column("body_text").to_pylist())))
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    bands = _store_signatures(con, table, sets, scheme, now)
    candidates = _candidates(con, bands) if bands.num_rows else set()
    pairs = _judge(con, candidates, sets, scheme.threshold)
    _store_pairs(con, pairs, now)
    return NearDuplicateRefresh(removed, len(ids), len(candidates), len(pairs), round(time.perf_counter() - started, 4))


def _remove_stale(con: duckdb.DuckDBPyConnection, scheme: Scheme) -> int:
    """Drop what no longer describes a current body: everything when the scheme changed."""
    schemes = {row[0] for row in con.execute(SCHEMES).fetchall()}
    if schemes - {scheme.name}:
        removed = _scalar(con, "SELECT count(*) FROM article_minhash")
        for sql in CLEAR:
            con.execute(sql)
        return removed
    con.execute(DELETE_STALE_PAIRS)
    con.execute(DELETE_STALE_BANDS)
    return _scalar(con, DELETE_STALE_SIGNATURES)


def _store_signatures(con: duckdb.DuckDBPyConnection, table: pa.Table, sets: dict[str, set[bytes]],
                      scheme: Scheme, now: dt.datetime) -> pa.Table:
    """Insert the new signatures (NULL for a body too short to judge) and their buckets; return the buckets."""
    ids = list(sets)
    usable = [i for i in ids if len(sets[i]) >= MIN_SHINGLES]
    signed = dict(zip(usable, signatures([sets[i] for i in usable])))
    rows = pa.table({
        "article_id": pa.array(ids, pa.string()),
        "content_sha256": table.column("content_sha256").cast(pa.string()),
        "scheme": pa.array([scheme.name] * len(ids), pa.string()),
        "shingles": pa.array([len(sets[i]) for i in ids], pa.int32()),
        "signature": pa.array([signed[i].astype("<u4").tobytes() if i in signed else None for i in ids], pa.binary()),
    })
    band_rows: dict[str, list[Any]] = {"band": [], "bucket": [], "article_id": []}
    for article_id, signature in signed.items():
        buckets = band_buckets(signature, scheme)
        band_rows["band"].extend(range(len(buckets)))
        band_rows["bucket"].extend(buckets)
        band_rows["article_id"].extend([article_id] * len(buckets))
    bands = pa.table({"band": pa.array(band_rows["band"], pa.int16()),
                      "bucket": pa.array(band_rows["bucket"], pa.int64()),
                      "article_id": pa.array(band_rows["article_id"], pa.string())})
    _with_view(con, _SIGNATURES_VIEW, rows, INSERT_SIGNATURES, {"now": now})
    if bands.num_rows:
        _with_view(con, _BANDS_VIEW, bands, INSERT_BANDS)
    return bands


def _candidates(con: duckdb.DuckDBPyConnection, bands: pa.Table) -> set[tuple[str, str]]:
    """Pairs (smaller id first) of a new article and any stored one sharing an LSH bucket."""
    con.register(_BANDS_VIEW, bands)
    try:
        found = con.execute(CANDIDATES).fetchall()
    finally:
        con.unregister(_BANDS_VIEW)
    return {(a, b) if a < b else (b, a) for a, b in found}


def _judge(con: duckdb.DuckDBPyConnection, candidates: Iterable[tuple[str, str]], sets: dict[str, set[bytes]],
           threshold: float) -> list[tuple[str, str, float]]:
    """The candidate pairs whose exact shingle Jaccard similarity reaches the threshold.

    The stored signatures first weed out candidates whose estimate is far below it (most
    false positives of LSH), so only plausible pairs cost a re-read and re-shingling of a body."""
    ids = sorted({i for pair in candidates for i in pair})
    if not ids:
        return []
    signature = {a: np.frombuffer(sig, dtype="<u4") for a, sig in con.execute(SIGNATURES_OF, {"ids": ids}).fetchall()
                 if sig is not None}
    plausible = sorted((a, b) for a, b in candidates if a in signature and b in signature
                       and float(np.mean(signature[a] == signature[b])) >= threshold - ESTIMATE_MARGIN)
    others = sorted({i for pair in plausible for i in pair} - sets.keys())
    known = dict(sets)
    if others:
        for article_id, body in con.execute(BODIES_OF, {"ids": others}).fetchall():
            known[article_id] = shingles(body)
    pairs = []
    for a, b in plausible:
        similarity = jaccard(known[a], known[b])
        if similarity >= threshold:
            pairs.append((a, b, round(similarity, 6)))
    return pairs


def _store_pairs(con: duckdb.DuckDBPyConnection, pairs: list[tuple[str, str, float]], now: dt.datetime) -> None:
    if not pairs:
        return
    table = pa.table({"article_id_a": pa.array([p[0] for p in pairs], pa.string()),
                      "article_id_b": pa.array([p[1] for p in pairs], pa.string()),
                      "similarity": pa.array([p[2] for p in pairs], pa.float64())})
    _with_view(con, _PAIRS_VIEW, table, INSERT_PAIRS, {"now": now})


def _with_view(con: duckdb.DuckDBPyConnection, name: str, table: pa.Table, sql: str,
               params: dict[str, Any] | None = None) -> None:
    con.register(name, table)
    try:
        con.execute(sql, params or {})
    finally:
        con.unregister(name)


def _scalar(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    row = con.execute(sql).fetchone()
    return int(row[0]) if row else 0
