"""Near-duplicate articles across days and sources: MinHash over word shingles, LSH kept in the warehouse.

    refresh_near_duplicates(con)   # inside the load's transaction, after the articles are written

Why it looks like this:
- the text compared is the body normalised by the search normaliser
  (`newsmon.warehouse.search.normalise`) and split into words, as overlapping 3-word shingles:
  ZWNJ, Arabic vs Persian letter forms, short vowels and case never make two copies differ,
  while a changed word changes only the three shingles that hold it;
- a MinHash signature (128 multiply-shift hash functions over 64-bit shingle hashes, numpy) and
  its LSH band buckets (bands x rows chosen so a pair at the threshold is proposed 99% of the
  time: `scheme_for`) are stored per article (`article_minhash`, `article_lsh_bands`). A load
  signs only its new or changed articles and finds their candidates with one join on (band,
  bucket) against every stored article: history is never recomputed;
- LSH only proposes: the stored signatures' estimate weeds out most false candidates, and a pair
  is kept (`near_duplicate_pairs`) when the exact Jaccard similarity of the two shingle sets
  reaches the threshold (`NEWSMON_NEAR_DUPLICATE_THRESHOLD`). The estimate is never stored as
  the similarity;
- not datasketch, measured: `import datasketch` costs 0.9-2.3 s (it pulls in redis and
  scipy.integrate), more than the whole daily detection, and its `update_batch` hashes each
  shingle in a Python call; the same MinHash in numpy is ~30 lines. The tests check these
  signatures' estimates against datasketch's MinHash as the reference implementation;
- a changed article (another content hash) or a removed one loses its signature, buckets and
  pairs and is signed again, so the pairs always describe current bodies. Changing the threshold
  (or the shingling) changes the scheme, and the next load recomputes everything.
"""

from __future__ import annotations

import datetime as dt
import functools
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
_P1, _P2 = np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F)  # odd 64-bit constants
_RANDOM = np.random.default_rng(SEED)
_PERM_A = _RANDOM.integers(0, 1 << 63, NUM_PERM, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
_PERM_B = _RANDOM.integers(0, 1 << 63, NUM_PERM, dtype=np.uint64) * np.uint64(2)

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
        return f"w{SHINGLE_WORDS}-ms{NUM_PERM}-s{SEED}-b{self.bands}-r{self.rows}-t{self.threshold:g}"


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


def shingle_hashes(text: str | None) -> np.ndarray:
    """The body's distinct overlapping word 3-grams (after the search normaliser), each as a
    64-bit hash, sorted: what signatures and the exact similarity are computed from.

    Vectorised: each distinct word is hashed once (blake2b), a shingle's hash combines its three
    words' hashes and is mixed (murmur3's finaliser). Hashing every shingle string in Python
    (datasketch's `update_batch` calls its hash function per value) is 10x slower."""
    words = _WORD.findall(normalise(text))
    if len(words) < SHINGLE_WORDS:
        return np.empty(0, dtype=np.uint64)
    token = np.fromiter((_word_hash(w) for w in words), dtype=np.uint64, count=len(words))
    combined = token[:-2] * _P1 + token[1:-1] * _P2 + token[2:]  # wraps modulo 2**64, as meant
    return np.unique(_fmix64(combined))


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """|a ∩ b| / |a ∪ b| of two sorted distinct shingle hash arrays: the exact similarity a
    candidate pair is judged by (64-bit hashes: a collision is a 1 in 10^13 event per pair)."""
    if not a.size and not b.size:
        return 0.0
    shared = np.intersect1d(a, b, assume_unique=True).size
    return shared / (a.size + b.size - shared)


def signature(hashes: np.ndarray) -> np.ndarray:
    """The MinHash signature (NUM_PERM uint32 values) of a shingle hash set: for each of NUM_PERM
    multiply-shift hash functions h(x) = (a*x + b mod 2**64) >> 32 (a odd), the minimum over the set.
    Two sets agree at a position with probability equal to their Jaccard similarity."""
    return ((np.multiply.outer(hashes, _PERM_A) + _PERM_B) >> np.uint64(32)).min(axis=0).astype(np.uint32)


def estimate(a: np.ndarray, b: np.ndarray) -> float:
    """The Jaccard similarity two signatures estimate (share of equal positions)."""
    return float(np.mean(a == b))


@functools.lru_cache(maxsize=1 << 18)
def _word_hash(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")


def _fmix64(x: np.ndarray) -> np.ndarray:
    """murmur3's 64-bit finaliser: every input bit affects every output bit."""
    x = x ^ (x >> np.uint64(33))
    x = x * np.uint64(0xFF51AFD7ED558CCD)
    x = x ^ (x >> np.uint64(33))
    x = x * np.uint64(0xC4CEB9FE1A85EC53)
    return x ^ (x >> np.uint64(33))


def band_buckets(values: np.ndarray, scheme: Scheme) -> list[int]:
    """The bucket of each LSH band: a 64-bit hash of the band's rows (two texts share one when a
    whole band of their signatures agrees)."""
    rows = scheme.rows
    return [int.from_bytes(hashlib.blake2b(values[i * rows:(i + 1) * rows].tobytes(), digest_size=8).digest(),
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
    sets = dict(zip(ids, (shingle_hashes(b) for b in table.column("body_text").to_pylist())))
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


def _store_signatures(con: duckdb.DuckDBPyConnection, table: pa.Table, sets: dict[str, np.ndarray],
                      scheme: Scheme, now: dt.datetime) -> pa.Table:
    """Insert the new signatures (NULL for a body too short to judge) and their buckets; return the buckets."""
    ids = list(sets)
    signed = {i: signature(sets[i]) for i in ids if sets[i].size >= MIN_SHINGLES}
    rows = pa.table({
        "article_id": pa.array(ids, pa.string()),
        "content_sha256": table.column("content_sha256").cast(pa.string()),
        "scheme": pa.array([scheme.name] * len(ids), pa.string()),
        "shingles": pa.array([sets[i].size for i in ids], pa.int32()),
        "signature": pa.array([signed[i].astype("<u4").tobytes() if i in signed else None for i in ids], pa.binary()),
    })
    band_rows: dict[str, list[Any]] = {"band": [], "bucket": [], "article_id": []}
    for article_id, values in signed.items():
        buckets = band_buckets(values, scheme)
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


def _judge(con: duckdb.DuckDBPyConnection, candidates: Iterable[tuple[str, str]], sets: dict[str, np.ndarray],
           threshold: float) -> list[tuple[str, str, float]]:
    """The candidate pairs whose exact shingle Jaccard similarity reaches the threshold.

    The stored signatures first weed out candidates whose estimate is far below it (most
    false positives of LSH), so only plausible pairs cost a re-read and re-shingling of a body."""
    ids = sorted({i for pair in candidates for i in pair})
    if not ids:
        return []
    stored = {a: np.frombuffer(sig, dtype="<u4") for a, sig in con.execute(SIGNATURES_OF, {"ids": ids}).fetchall()
              if sig is not None}
    plausible = sorted((a, b) for a, b in candidates if a in stored and b in stored
                       and estimate(stored[a], stored[b]) >= threshold - ESTIMATE_MARGIN)
    others = sorted({i for pair in plausible for i in pair} - sets.keys())
    known = dict(sets)
    if others:
        for article_id, body in con.execute(BODIES_OF, {"ids": others}).fetchall():
            known[article_id] = shingle_hashes(body)
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
