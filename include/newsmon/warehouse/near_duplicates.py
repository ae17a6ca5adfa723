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
  signs only its new or changed articles and finds their candidates with one join on the
  bucket against every stored article: history is never recomputed;
- the bucket rows are 8 bytes (`article_lsh_bands`: a 32-bit bucket, the band, and `doc`, the
  signature's integer key in `article_minhash`, assigned at insert), because the candidate join
  scans every stored row (35 per article): a VARCHAR article id and a 64-bit bucket made it the
  largest cost of a day's load at a million articles (migration 012). The join is on the bucket
  alone; a 32-bit collision of two different bands is dropped by comparing the bands after the
  join (reading the band costs less than hashing it), and one of the same band (~1 in 35 of
  collisions) is an LSH false positive like any other, weeded by the signatures' estimate;
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
import math
import re
import time
from dataclasses import dataclass
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from newsmon import settings
from newsmon.warehouse import lake_snapshots
from newsmon.warehouse.batches import BatchCounts, holds
from newsmon.warehouse.connection import registered, scalar
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
_BAND_MULT = _RANDOM.integers(0, 1 << 63, NUM_PERM, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
_BLOCK = 1 << 16  # pairs handled per numpy block
# Shingles hashed per numpy block in `signatures`: 8 MB of uint64 at 128 values, which stays in
# the CPU's cache (2-3x faster than 70 MB blocks of 65,536 shingles, measured on a day's 50
# articles, ~80,000 shingles) and asks the kernel for little fresh memory (a fresh process's
# first 70 MB block took 40-640 ms on a busy machine, an 8 MB one 30-50 ms). The signatures
# are the same whatever the block.
_SIGN_BLOCK = 1 << 13
# Articles signed per pass: a first refresh over a whole history (or a changed scheme) reads,
# signs and stores its bodies this many at a time, so memory stays that of one pass (~0.5 GB)
# whatever the history's size. Each pass's candidates are found against every bucket stored
# before it and its own, so the pairs are those of one pass over everything.
BULK_ARTICLES = 20_000

_SIGNATURES_VIEW = "_newsmon_nd_signatures"
_BANDS_VIEW = "_newsmon_nd_bands"
_PAIRS_VIEW = "_newsmon_nd_pairs"
_IDS_VIEW = "_newsmon_nd_ids"
_DOCS_VIEW = "_newsmon_nd_docs"

SCHEMES = "SELECT DISTINCT scheme FROM article_minhash"
# The next free `doc` (signatures' integer key, referenced by their bucket rows): ids only grow,
# so a removed signature's buckets can never be mistaken for a new one's.
NEXT_DOC = "SELECT coalesce(max(doc), 0) + 1 FROM article_minhash"
CLEAR = ("DELETE FROM near_duplicate_pairs", "DELETE FROM article_lsh_bands", "DELETE FROM article_minhash")
# Articles whose signature is missing or of another body (`article_id` set: sign it) and
# signatures of a body no longer current (`signed_id` set: drop it), in one pass over the keys.
CHANGED = """
SELECT a.article_id, m.article_id AS signed_id
FROM (SELECT article_id, content_sha256 FROM articles) a
FULL JOIN (SELECT article_id, content_sha256 FROM article_minhash) m ON a.article_id = m.article_id
WHERE a.content_sha256 IS DISTINCT FROM m.content_sha256
"""
# The same, for the articles of a load's batch only (`{batch}`: a registered frame with an
# `article_id` column): what a daily load changed, found without reading the whole history.
CHANGED_OF_BATCH = """
WITH b AS (SELECT DISTINCT CAST(article_id AS VARCHAR) AS article_id FROM {batch})
SELECT a.article_id, m.article_id AS signed_id
FROM (SELECT article_id, content_sha256 FROM articles WHERE article_id IN (SELECT article_id FROM b)) a
FULL JOIN (SELECT article_id, content_sha256 FROM article_minhash WHERE article_id IN (SELECT article_id FROM b)) m
  ON a.article_id = m.article_id
WHERE a.content_sha256 IS DISTINCT FROM m.content_sha256
"""
# A batch of only new articles (`load_day` found none of its ids in `articles`) has no signature
# when `article_minhash` holds one per other article (an article an operator removed keeps its
# rows until the next load's `IN_STEP` check, and then the count differs): every article of the
# batch is to be signed, found without looking its ids up (`holds_all_but_batch`;
# `CHANGED_OF_BATCH` scans the `article_id` columns of `articles` and `article_minhash`).
# `IN_STEP` still follows.
BATCH_AS_CHANGED = "SELECT DISTINCT CAST(article_id AS VARCHAR) AS article_id, NULL AS signed_id FROM {batch}"
# Whether every article has the signature row of its current body and no other row exists: the
# count and XOR of a 64-bit hash of (article_id, content_sha256) on both sides (a difference
# that leaves both equal needs a 64-bit hash collision). Two column scans instead of a join of
# the whole history (~15 ms vs ~150 ms at 200,000 articles).
# (`IN_STEP_KEY`: also read by `derived.IN_STEP_BOTH`, which checks this and the term counts in
# one scan of `articles`.)
IN_STEP_KEY = "hash(article_id, content_sha256)"
IN_STEP = f"""
SELECT (SELECT (count(*), bit_xor({IN_STEP_KEY})) FROM articles)
     = (SELECT (count(*), bit_xor({IN_STEP_KEY})) FROM article_minhash)
"""
DELETE_PAIRS_OF = """
DELETE FROM near_duplicate_pairs WHERE list_contains($ids, article_id_a) OR list_contains($ids, article_id_b)
"""
DELETE_BANDS_OF = """
DELETE FROM article_lsh_bands WHERE doc IN (SELECT doc FROM article_minhash WHERE list_contains($ids, article_id))
"""
DELETE_SIGNATURES_OF = "DELETE FROM article_minhash WHERE list_contains($ids, article_id)"
# Ids arrive as a registered table (a join), not a list parameter: `list_contains` over a
# list of 20,000 ids costs a scan of the list per article.
SELECT_TO_SIGN = f"""
SELECT article_id, content_sha256, body_text FROM articles WHERE article_id IN (SELECT article_id FROM {_IDS_VIEW})
"""
INSERT_SIGNATURES = f"""
INSERT INTO article_minhash (article_id, content_sha256, scheme, shingles, signature, computed_at, doc)
SELECT article_id, content_sha256, scheme, shingles, signature, CAST($now AS TIMESTAMP), doc FROM {_SIGNATURES_VIEW}
"""
INSERT_BANDS = f"""
INSERT INTO article_lsh_bands (band, bucket, doc) SELECT band, bucket, doc FROM {_BANDS_VIEW}
"""
# Every stored signature sharing a bucket with one of the new ones (new ones included), by `doc`.
# Joined on the bucket alone, the bands compared by the caller: a second join key costs a hash
# of every one of the stored rows, a compared column only its read.
CANDIDATES = f"""
SELECT n.doc AS new_doc, n.band AS new_band, h.doc, h.band
FROM {_BANDS_VIEW} n JOIN article_lsh_bands h ON h.bucket = n.bucket
WHERE h.doc <> n.doc
"""
# A load's articles to sign, read from its batch (the rows it has just upserted, so the same as
# `articles` holds): a lookup of 50 ids in `articles` reads the bodies of whole row groups, seconds
# on DuckLake at 200,000 articles.
SELECT_TO_SIGN_OF_BATCH = f"""
SELECT CAST(article_id AS VARCHAR) AS article_id, CAST(content_sha256 AS VARCHAR) AS content_sha256,
       CAST(body_text AS VARCHAR) AS body_text
FROM {{batch}} WHERE CAST(article_id AS VARCHAR) IN (SELECT article_id FROM {_IDS_VIEW})
"""
# The stored signatures of the candidates' docs (`_DOCS_VIEW`).
SIGNATURES_OF_DOCS = f"""
SELECT doc, article_id, signature FROM article_minhash WHERE doc IN (SELECT doc FROM {_DOCS_VIEW})
"""
BODIES_OF = f"SELECT article_id, body_text FROM articles WHERE article_id IN (SELECT article_id FROM {_IDS_VIEW})"
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
    64-bit hash, sorted: what the exact similarity is computed from."""
    return np.unique(_raw_shingles([text])[0])


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """|a ∩ b| / |a ∪ b| of two sorted distinct shingle hash arrays: the exact similarity a
    candidate pair is judged by (64-bit hashes: a collision is a 1 in 10^13 event per pair)."""
    if not a.size and not b.size:
        return 0.0
    shared = np.intersect1d(a, b, assume_unique=True).size
    return shared / (a.size + b.size - shared)


def signature(hashes: np.ndarray) -> np.ndarray:
    """The MinHash signature (NUM_PERM uint32 values) of a shingle hash set: for each of NUM_PERM
    multiply-shift hash functions h(x) = (a*x + b mod 2**64) >> 32 (a odd), the minimum over the
    set. Two sets agree at a position with probability equal to their Jaccard similarity."""
    return signatures([hashes])[0]


def signatures(shingle_sets: list[np.ndarray]) -> np.ndarray:
    """The signatures (one row of NUM_PERM uint32 each) of non-empty shingle hash arrays, computed
    a block of articles at a time (repeated shingles do not change a minimum)."""
    out = np.empty((len(shingle_sets), NUM_PERM), dtype=np.uint32)
    start = 0
    while start < len(shingle_sets):
        stop, size = start, 0
        while stop < len(shingle_sets) and (stop == start or size + shingle_sets[stop].size <= _SIGN_BLOCK):
            size += shingle_sets[stop].size
            stop += 1
        block = shingle_sets[start:stop]
        offsets = np.cumsum([0] + [a.size for a in block[:-1]])
        hashed = np.multiply.outer(_PERM_A, np.concatenate(block))  # (NUM_PERM, shingles): rows contiguous
        hashed += _PERM_B[:, None]
        # x -> x >> 32 keeps order, so the shift can follow the minimum (reducing along rows is ~15x faster)
        out[start:stop] = (np.minimum.reduceat(hashed, offsets, axis=1) >> np.uint64(32)).T
        start = stop
    return out


def estimate(a: np.ndarray, b: np.ndarray) -> float:
    """The Jaccard similarity two signatures estimate (share of equal positions)."""
    return float(np.mean(a == b))


def band_buckets(rows_of: np.ndarray, scheme: Scheme) -> np.ndarray:
    """The bucket of each LSH band of each signature (an (articles, bands) int64 array): a 64-bit
    hash of the band's rows, so two texts share a bucket when a whole band of their signatures agrees."""
    used = rows_of[:, :scheme.bands * scheme.rows].reshape(len(rows_of), scheme.bands, scheme.rows)
    combined = (used.astype(np.uint64) * _BAND_MULT[:scheme.rows]).sum(axis=2, dtype=np.uint64)
    combined += np.arange(scheme.bands, dtype=np.uint64) * _P1
    return _fmix64(combined).view(np.int64)


def stored_buckets(buckets: np.ndarray) -> np.ndarray:
    """The buckets as `article_lsh_bands` stores them: the low 32 bits of the 64-bit hash, as a
    signed int32 (the same fold as migration 012's SQL). Half the bytes for the candidate join to
    read; at a million articles two unrelated buckets of one band share their 32 bits about once
    a load, a false candidate the signatures' estimate weeds out."""
    return (buckets.view(np.uint64) & np.uint64(0xFFFFFFFF)).astype(np.uint32).view(np.int32)


def _raw_shingles(texts: list[str | None]) -> list[np.ndarray]:
    """Each text's word 3-shingles as 64-bit hashes, repeats kept, in text order.

    Vectorised: every word of every text is hashed in one pandas call (`hash_array`, fixed key:
    the same word gives the same hash in every process), a shingle's hash combines its three words'
    hashes and is mixed (murmur3's finaliser). Hashing each shingle string in a Python call (as
    datasketch's `update_batch` does) is ~10x slower at 100,000 articles."""
    words = [_WORD.findall(normalise(text)) for text in texts]
    flat = np.asarray([w for ws in words for w in ws], dtype=object)
    token = pd.util.hash_array(flat) if flat.size else np.empty(0, dtype=np.uint64)
    out, start = [], 0
    for ws in words:
        t, start = token[start:start + len(ws)], start + len(ws)
        out.append(_fmix64(t[:-2] * _P1 + t[1:-1] * _P2 + t[2:]) if len(ws) >= SHINGLE_WORDS
                   else np.empty(0, dtype=np.uint64))  # the products wrap modulo 2**64, as meant
    return out


def _fmix64(x: np.ndarray) -> np.ndarray:
    """murmur3's 64-bit finaliser: every input bit affects every output bit."""
    x = x ^ (x >> np.uint64(33))
    x = x * np.uint64(0xFF51AFD7ED558CCD)
    x = x ^ (x >> np.uint64(33))
    x = x * np.uint64(0xC4CEB9FE1A85EC53)
    return x ^ (x >> np.uint64(33))


def refresh_near_duplicates(con: duckdb.DuckDBPyConnection, threshold: float | None = None,
                            chunk: int = BULK_ARTICLES, batch: str | None = None,
                            batch_is_new: bool = False, check_rest: bool = True,
                            counts: BatchCounts | None = None) -> NearDuplicateRefresh:
    """Bring signatures, buckets and pairs in step with `articles`, in the caller's transaction.

    Only articles without a current signature are read and signed (`chunk` at a time); their
    candidates come from the stored buckets, and only plausible candidate pairs are compared exactly.
    With `batch` (the name of the load's registered frame of articles) the batch's articles are
    brought in step first, and the whole history is compared only when the rest is not in step
    (`IN_STEP`: an article removed or changed by other means than a load). `batch_is_new`: none
    of the batch's ids was in `articles` before this load (`holds_all_but_batch`). `check_rest`
    False: the batch only; the caller checks the rest (`derived.refresh_derived`, with the term
    counts' check in the same scan) and calls again without a batch when it is not in step.
    `counts`: the load counted the signatures already (`batches.count_for_load`)."""
    started = time.perf_counter()
    scheme = scheme_for(settings.near_duplicate_threshold() if threshold is None else threshold)
    done = (0, 0, 0, 0)
    if batch is not None:
        new = batch_is_new and holds(con, "article_minhash", batch, counts)
        done = _refresh(con, scheme, (BATCH_AS_CHANGED if new else CHANGED_OF_BATCH).format(batch=batch), chunk,
                        SELECT_TO_SIGN_OF_BATCH.format(batch=batch))
        if not check_rest or scalar(con, IN_STEP):
            return NearDuplicateRefresh(*done, round(time.perf_counter() - started, 4))
    more = _refresh(con, scheme, CHANGED, chunk)
    removed, signed, proposed, kept = (a + b for a, b in zip(done, more))
    return NearDuplicateRefresh(removed, signed, proposed, kept, round(time.perf_counter() - started, 4))


def _refresh(con: duckdb.DuckDBPyConnection, scheme: Scheme, changed_sql: str, chunk: int,
             select_sql: str = SELECT_TO_SIGN) -> tuple[int, int, int, int]:
    """Remove and (re-)sign what `changed_sql` finds (their bodies read by `select_sql`);
    (removed, signed, candidates, pairs)."""
    removed, to_sign = _remove_stale(con, scheme, changed_sql)
    signed = proposed = kept = 0
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    for first in range(0, len(to_sign), max(1, chunk)):
        table = _select_ids(con, select_sql, to_sign[first:first + max(1, chunk)])
        if table.num_rows == 0:
            continue
        new = _sign(table, scheme)
        first_doc, bands = _store_signatures(con, new, table, scheme, now)
        candidates, stored = _candidates(con, new, first_doc, bands)
        pairs = _judge(con, candidates, stored, new, scheme.threshold)
        _store_pairs(con, pairs, now)
        signed, proposed, kept = signed + len(new.ids), proposed + len(candidates), kept + len(pairs)
    return removed, signed, proposed, kept


def _select_ids(con: duckdb.DuckDBPyConnection, sql: str, ids: list[str]) -> pa.Table:
    """The rows `sql` (which reads the ids from `_IDS_VIEW`) selects for these ids."""
    with registered(con, {_IDS_VIEW: pa.table({"article_id": pa.array(ids, pa.string())})}):
        return con.execute(sql).to_arrow_table()


@dataclass
class _Signed:
    """The articles a refresh signs: their shingles, signatures (None: too short) and buckets
    (`article` indexes `ids`; the doc is known once stored)."""

    ids: list[str]
    shingles: dict[str, np.ndarray]
    signatures: dict[str, np.ndarray]
    bands: pa.Table


def _sign(table: pa.Table, scheme: Scheme) -> _Signed:
    ids = [str(i) for i in table.column("article_id").to_pylist()]
    raw = _raw_shingles(table.column("body_text").to_pylist())
    usable = [i for i, r in enumerate(raw) if r.size >= MIN_SHINGLES]
    rows_of = signatures([raw[i] for i in usable]) if usable else np.empty((0, NUM_PERM), dtype=np.uint32)
    buckets = stored_buckets(band_buckets(rows_of, scheme))
    bands = pa.table({
        "band": pa.array(np.tile(np.arange(scheme.bands, dtype=np.int16), len(usable))),
        "bucket": pa.array(buckets.reshape(-1)),
        "article": pa.array(np.repeat(np.asarray(usable, dtype=np.int32), scheme.bands)),
    })
    return _Signed(ids, dict(zip(ids, raw)), {ids[i]: rows_of[k] for k, i in enumerate(usable)}, bands)


def _remove_stale(con: duckdb.DuckDBPyConnection, scheme: Scheme, changed_sql: str = CHANGED) -> tuple[int, list[str]]:
    """Drop what no longer describes a current body (everything when the scheme changed); return
    how many signatures went and the articles to sign."""
    removed = 0
    if _other_schemes(con, scheme.name):
        removed = scalar(con, "SELECT count(*) FROM article_minhash")
        for sql in CLEAR:
            con.execute(sql)
    changed = con.execute(changed_sql).fetchall()
    stale = sorted({signed for _, signed in changed if signed is not None})
    if stale:
        removed += len(stale)
        for sql in (DELETE_PAIRS_OF, DELETE_BANDS_OF, DELETE_SIGNATURES_OF):
            con.execute(sql, {"ids": stale})
    return removed, sorted({article_id for article_id, _ in changed if article_id is not None})


def _other_schemes(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """Whether a stored signature was made by another scheme than `name`. On DuckLake the
    catalog's statistics tell at once when the column holds that name only (the DISTINCT reads the
    column of every signature: ~50 ms of a day's load at a million articles)."""
    if lake_snapshots.holds_only(con, "article_minhash", "scheme", name):
        return False
    return bool({row[0] for row in con.execute(SCHEMES).fetchall()} - {name})


def _store_signatures(con: duckdb.DuckDBPyConnection, new: _Signed, table: pa.Table, scheme: Scheme,
                      now: dt.datetime) -> tuple[int, pa.Table]:
    """Insert the new signatures (NULL for a body too short to judge) under the next free docs
    (`new.ids[k]` gets the first + k), and their buckets; return the first doc and the buckets."""
    first = scalar(con, NEXT_DOC)
    rows = pa.table({
        "article_id": pa.array(new.ids, pa.string()),
        "content_sha256": table.column("content_sha256").cast(pa.string()),
        "scheme": pa.array([scheme.name] * len(new.ids), pa.string()),
        "shingles": pa.array([new.shingles[i].size for i in new.ids], pa.int32()),
        "signature": pa.array([new.signatures[i].astype("<u4").tobytes() if i in new.signatures else None
                               for i in new.ids], pa.binary()),
        "doc": pa.array(np.arange(first, first + len(new.ids), dtype=np.int32)),
    })
    _with_view(con, _SIGNATURES_VIEW, rows, INSERT_SIGNATURES, {"now": now})
    bands = new.bands.append_column("doc", pc.add(new.bands.column("article"), pa.scalar(first, pa.int32())))
    if bands.num_rows:
        _with_view(con, _BANDS_VIEW, bands, INSERT_BANDS)
    return first, bands


def _candidates(con: duckdb.DuckDBPyConnection, new: _Signed, first: int,
                bands: pa.Table) -> tuple[list[tuple[str, str]], dict[str, np.ndarray]]:
    """Distinct pairs (a < b, article ids) of a new article and any stored one sharing an LSH
    bucket of the same band, and the stored signatures of those not signed now."""
    if bands.num_rows == 0:
        return [], {}
    with registered(con, {_BANDS_VIEW: bands}):
        hits = con.execute(CANDIDATES).fetchall()
    known = {first + k: article_id for k, article_id in enumerate(new.ids)}
    docs = {(new_doc, doc) for new_doc, new_band, doc, band in hits if band == new_band}
    stored: dict[str, np.ndarray] = {}
    others = sorted({doc for _, doc in docs} - known.keys())
    if others:
        with registered(con, {_DOCS_VIEW: pa.table({"doc": pa.array(others, pa.int32())})}):
            rows = con.execute(SIGNATURES_OF_DOCS).fetchall()
        for doc, article_id, sig in rows:
            known[doc] = article_id
            if sig is not None:
                stored[article_id] = np.frombuffer(sig, dtype="<u4")
    pairs = {(min(known[a], known[b]), max(known[a], known[b])) for a, b in docs if a in known and b in known}
    return sorted(pairs), stored


def _judge(con: duckdb.DuckDBPyConnection, candidates: list[tuple[str, str]], stored: dict[str, np.ndarray],
           new: _Signed, threshold: float) -> list[tuple[str, str, float]]:
    """The candidate pairs whose exact shingle Jaccard similarity reaches the threshold.

    The signatures first weed out, all pairs at once, candidates whose estimate is far below it
    (most false positives of LSH), so only plausible pairs cost a re-read and re-shingling of a body."""
    if not candidates:
        return []
    a_ids, b_ids = [a for a, _ in candidates], [b for _, b in candidates]
    index = {i: k for k, i in enumerate(dict.fromkeys(a_ids + b_ids))}
    matrix = np.zeros((len(index), NUM_PERM), dtype=np.uint32)
    for article_id, values in stored.items():
        if article_id in index:
            matrix[index[article_id]] = values
    for article_id, values in new.signatures.items():
        if article_id in index:
            matrix[index[article_id]] = values
    a_rows, b_rows = np.array([index[i] for i in a_ids]), np.array([index[i] for i in b_ids])
    estimates = np.concatenate([(matrix[a_rows[k:k + _BLOCK]] == matrix[b_rows[k:k + _BLOCK]]).mean(axis=1)
                                for k in range(0, len(a_rows), _BLOCK)])
    plausible = [(a_ids[k], b_ids[k]) for k in np.nonzero(estimates >= threshold - ESTIMATE_MARGIN)[0]]
    known = {i: np.unique(new.shingles[i]) for pair in plausible for i in pair if i in new.shingles}
    unread = sorted({i for pair in plausible for i in pair} - known.keys())
    if unread:
        for row in _select_ids(con, BODIES_OF, unread).to_pylist():
            article_id, body = row["article_id"], row["body_text"]
            known[article_id] = shingle_hashes(body)
    pairs = []
    for a, b in sorted(plausible):
        if a not in known or b not in known:
            # a stored signature whose article is gone (removed by hand): no body to compare, and
            # the in-step check after the batch drops its signature, buckets and pairs
            continue
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
    with registered(con, {name: table}):
        con.execute(sql, params or {})

