"""Question: what does Great Expectations cost newsmon per day, and is a normal day cheap?

Validation time of `newsmon.quality.validate.validate_day` (both suites through their
checkpoints, results stored under a tmp NEWSMON_HOME) for 100, 1,000 and 100,000 records,
with and without the Data Docs build, beside a baseline in the same run: the same row and
batch checks written as plain pandas boolean masks. The GX import is measured once, in fresh
subprocesses, and is not part of the validation times. 1 % of the records are broken so the
quarantine path runs too.

Goal (issue 5): a normal day (<= 100 records) adds under 1 s beyond the import.

    .venv/bin/python benchmarks/bench_validate.py [--sizes 100,1000,100000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

DAY = dt.date(2024, 3, 5)
REPEATS = {100: 5, 1_000: 3}  # larger sizes: 1 round (2 shared cores)
GOAL_S = 1.0
_BAD_TEXT = re.compile("[\ufb50-\ufdff\ufe70-\ufeff\ufffd\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f"
                       "\u202a-\u202e\u2066-\u2069]")


def import_seconds(rounds: int = 3) -> list[float]:
    """`import great_expectations` in fresh interpreters (what every validate task pays once)."""
    code = ("import os, time; os.environ['GX_ANALYTICS_ENABLED']='false'; t=time.perf_counter(); "
            "import great_expectations; print(time.perf_counter()-t)")
    return [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
            for _ in range(rounds)]


def records(n: int) -> pd.DataFrame:
    """n afgazad-like records for DAY, every 100th one broken in some way."""
    from newsmon.records import content_hash, make_article_id

    body = " ".join(f"word{j}" for j in range(60))
    sha = content_hash(body)
    rows = []
    for i in range(n):
        url = f"https://www.afgazad.com/pdf/2024/03/05/a-{i}.pdf"
        rows.append({"article_id": make_article_id("afgazad", url), "source": "afgazad", "url": url,
                     "section": "Political", "language": ("en", "de", "fa", "ps", "fr")[i % 5],
                     "title": f"Article number {i}", "author": "A. Writer" if i % 2 else None,
                     "published_date": DAY, "original_published_date": None, "body_text": body,
                     "captions": [], "word_count": 60, "content_sha256": sha,
                     "fetched_at": dt.datetime(2024, 3, 5, 12, tzinfo=dt.UTC), "raw_ref": f"x#{i}",
                     "published_date_raw": "2024-03-05"})
        if i % 100 == 99:
            rows[-1]["language"] = "xx"
    from newsmon.pipeline import articles_frame

    return articles_frame(rows)


def pandas_baseline(df: pd.DataFrame, profile) -> tuple[int, bool]:
    """The same row and batch checks as plain boolean masks: (quarantined rows, day passes)."""
    from newsmon.quality.validate import host_regex

    q = profile.quality
    published = pd.to_datetime(df["published_date"], errors="coerce")
    original = pd.to_datetime(df["original_published_date"], errors="coerce")
    required = ["article_id", "source", "url", "title", "language", "body_text", "word_count", "content_sha256"]
    bad = df[required].isna().any(axis=1) | published.isna()
    bad |= df["article_id"].duplicated(keep=False) | df["url"].duplicated(keep=False)
    bad |= df["source"] != profile.name
    bad |= ~df["content_sha256"].fillna("").str.fullmatch(r"[0-9a-f]{64}")
    bad |= ~df["url"].fillna("").str.contains(host_regex(profile.allowed_hosts), regex=True)
    lo = pd.Timestamp(DAY - dt.timedelta(days=q.date_tolerance_days))
    hi = pd.Timestamp(DAY + dt.timedelta(days=q.date_tolerance_days))
    bad |= (published < lo) | (published > hi)
    bad |= original.notna() & (original > published)
    bad |= ~df["language"].isin(profile.languages)
    title_len = df["title"].str.len()
    bad |= (title_len < q.title_min_chars) | (title_len > q.title_max_chars)
    bad |= (df["body_text"].str.len() < q.min_body_chars) | (df["word_count"] < q.min_body_words)
    for column in ("title", "body_text"):
        bad |= df[column].fillna("").str.contains(_BAD_TEXT, regex=True)
    author = df["author"].dropna()
    bad.loc[author.index] |= author.str.contains(r"(?i)://|www\.|^\W*\d{1,4}[-./]\d{1,2}[-./]\d{1,4}\W*$", regex=True)
    share = bad.mean() if len(df) else 0.0
    return int(bad.sum()), bool(share <= q.max_quarantine_share)


def best(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,100000")
    sizes = [int(s) for s in parser.parse_args().sizes.split(",")]

    imports = import_seconds()
    print(f"import great_expectations (fresh process, 3 rounds): best {min(imports):.2f} s, "
          f"median {statistics.median(imports):.2f} s")

    os.environ["NEWSMON_HOME"] = tempfile.mkdtemp(prefix="bench_validate_")
    from newsmon.quality.validate import validate_day
    from newsmon.sources.profile import load_profile

    profile = load_profile("afgazad")
    started = time.perf_counter()
    validate_day(records(100), DAY, profile)  # first call: GX context, first metric code paths
    print(f"first validate_day in the process (GX import + context + warm-up): {time.perf_counter() - started:.2f} s")
    print(f"\n{'records':>8} {'GX+docs s':>10} {'GX only s':>10} {'docs s':>8} {'pandas s':>9} {'GX/pandas':>9}  check")
    normal_day = None
    for n in sizes:
        df = records(n)
        repeats = REPEATS.get(n, 1)
        outcome = validate_day(df, DAY, profile, build_docs=False)
        quarantined, passes = pandas_baseline(df, profile)
        agree = "agree" if (len(outcome.quarantine), outcome.success) == (quarantined, passes) else "DIFFER"
        # best() calls each lambda within this iteration, so the loop's `df` is the one meant
        with_docs = best(lambda: validate_day(df, DAY, profile), repeats)  # noqa: B023
        gx_only = best(lambda: validate_day(df, DAY, profile, build_docs=False), repeats)  # noqa: B023
        plain = best(lambda: pandas_baseline(df, profile), max(repeats, 3))  # noqa: B023
        print(f"{n:>8,} {with_docs:>10.3f} {gx_only:>10.3f} {with_docs - gx_only:>8.3f} {plain:>9.4f} "
              f"{gx_only / plain:>8.0f}x  {agree} ({quarantined} quarantined)")
        if n <= 100:
            normal_day = with_docs
    if normal_day is not None:
        verdict = "met" if normal_day < GOAL_S else "NOT met"
        print(f"\ngoal: a normal day (<= 100 records) under {GOAL_S:g} s beyond the import, Data Docs included: "
              f"{normal_day:.2f} s, {verdict}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    raise SystemExit(main())
