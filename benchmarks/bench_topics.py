"""Question: how fast are watched topics matched: a day of 50 articles against 50 topics (in
the load), and a refresh of one topic over 100,000 articles?

Builds a synthetic warehouse (scripts/synth_warehouse.py: mirror words in new bodies) in a
temporary directory and measures, in one run, each figure beside a naive baseline:
- a day of 50 new articles matched against 50 topics, as the load does it
  (`match_loaded_articles`: term texts of the 50, then one INSERT … SELECT per topic over them),
  against the naive way: per topic, `ILIKE '%word%'` over the day's raw titles and bodies
  (which is also wrong: no normalisation, no word boundaries). Goal < 0.5 s;
- a refresh of one topic over 100,000 articles (`refresh_topics(..., names=[one], force=True)`:
  one transaction, DELETE + INSERT … SELECT over the stored term texts), against `ILIKE` over
  the raw text of every article. Goal < 10 s. The one-time making of 100,000 term texts (what
  the first refresh after upgrading does) is printed too.
Medians of 5 runs (of one for the ILIKE over every article, which takes minutes).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from synth_warehouse import synth_articles, vocabulary  # noqa: E402

from newsmon.topics import TOPICS_DIR, load_topics  # noqa: E402
from newsmon.topics.text import terms  # noqa: E402
from newsmon.warehouse import open_for_write  # noqa: E402
from newsmon.warehouse.load import load_day  # noqa: E402
from newsmon.warehouse.topics import match_loaded_articles, refresh_topics  # noqa: E402

ARTICLES = int(os.environ.get("BENCH_ARTICLES", "100000"))
DAY_ARTICLES, TOPICS, RUNS = 50, 50, 5
DAY = dt.date(2026, 1, 1)
BATCH = "_bench_batch"
ILIKE_OF_ONE = "SELECT count(*) FROM articles WHERE {condition}"
ILIKE_OF_DAY = f"SELECT count(*) FROM articles WHERE article_id IN (SELECT article_id FROM {BATCH}) AND ({{condition}})"
DROP_DAY_TEXTS = f"DELETE FROM topic_documents WHERE article_id IN (SELECT article_id FROM {BATCH})"


def median_of(func, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def synthetic_topics(folder: Path, count: int) -> list[list[str]]:
    """`count` topic files of 3-4 words of the mirror's languages each (one query for all
    languages: `a OR b OR "c d"`); returns each topic's words, for the ILIKE baseline."""
    rng = random.Random(5)
    words = sorted({w for lang in ("fa", "ps", "en", "de") for w in vocabulary()[lang][0]
                    if len(terms(w)) == 1 and len(w) > 4 and all(c.isalpha() or c == "\u200c" for c in w)})
    out = []
    for i in range(count):
        a, b, c, d = rng.sample(words, 4)
        query = f'{a} OR {b} OR "{c} {d}"'
        (folder / f"t{i:02d}.yaml").write_text(json.dumps({"name": f"t{i:02d}", "query": query}, ensure_ascii=False),
                                              encoding="utf-8")
        out.append([a, b, f"{c} {d}"])
    return out


def ilike(words: list[str]) -> str:
    """The naive condition: any word anywhere in the raw title or body (literal text, bound inline
    only for this baseline: the words are the benchmark's own)."""
    quoted = [w.replace("'", "''") for w in words]
    return " OR ".join(f"title ILIKE '%{w}%' OR body_text ILIKE '%{w}%'" for w in quoted)


def main() -> int:
    print(f"synthetic warehouse: {ARTICLES:,} articles + a day of {DAY_ARTICLES}; {TOPICS} topics; median of {RUNS}")
    history = synth_articles(ARTICLES)
    day = synth_articles(DAY_ARTICLES, seed=99)
    day["url"] = day["url"].str.replace("synthetic-", "day-", regex=False)
    day["article_id"] = [f"{i:032x}" for i in range(DAY_ARTICLES)]
    day["published_date"] = DAY
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["NEWSMON_HOME"] = tmp
        folder = Path(tmp) / "topics"
        folder.mkdir()
        topic_words = synthetic_topics(folder, TOPICS)
        con = open_for_write(Path(tmp) / "warehouse.duckdb")
        load_day(con, source="afgazad", run_date=dt.date(2025, 1, 1), articles=history, run={"run_id": "history"})

        shipped = load_topics([TOPICS_DIR])
        started = time.perf_counter()
        first = refresh_topics(con, shipped)
        tokenise_s = time.perf_counter() - started
        print(f"first refresh (makes {first.tokenised:,} term texts once, matches 5 topics): {tokenise_s:6.2f} s")

        one = "peace-talks"
        refresh_s = median_of(lambda: refresh_topics(con, shipped, force=True, names=[one]))
        matched = refresh_topics(con, shipped, force=True, names=[one]).matches[one]
        words = [w for q in shipped.named(one).queries.values() for w in q.replace("(", " ").replace(")", " ")
                 .replace('"', " ").split() if w not in ("AND", "OR", "NOT")]
        words = [w.rstrip("*") for w in words]
        # one run: 42 ILIKE scans of 100,000 raw texts take minutes
        baseline_s = median_of(lambda: con.execute(ILIKE_OF_ONE.format(condition=ilike(words))).fetchone(), runs=1)
        print(f"refresh of one topic ({one}) over {ARTICLES:,} articles: {refresh_s:6.3f} s "
              f"({matched:,} matches)   goal < 10 s")
        print(f"  baseline, ILIKE of its {len(words)} words over the raw text: {baseline_s:6.3f} s   "
              f"ratio newsmon / baseline {refresh_s / baseline_s:5.2f}x")

        refresh_topics(con, load_topics([TOPICS_DIR, folder]))  # 55 topics stored: the load matches them all
        load_s = median_of(lambda: load_day(con, source="afgazad", run_date=DAY, articles=day,
                                            run={"run_id": "day"}), runs=1)
        con.register(BATCH, day)  # the batch as load_day registers it: every column

        def match_day() -> None:
            con.begin()
            con.execute(DROP_DAY_TEXTS)  # as if the day were new: its texts made and matched again
            match_loaded_articles(con, BATCH)
            con.rollback()

        match_s = median_of(match_day)
        naive_s = median_of(lambda: [con.execute(ILIKE_OF_DAY.format(condition=ilike(w))).fetchone()
                                     for w in topic_words])
        stored = con.execute("SELECT count(*) FROM topics").fetchone()[0]
        print(f"a day of {DAY_ARTICLES} articles against {stored} topics, in the load: {match_s:6.3f} s   goal < 0.5 s "
              f"(the whole load_day of that day: {load_s:.2f} s)")
        print(f"  baseline, ILIKE per topic over the day's raw text: {naive_s:6.3f} s   "
              f"ratio newsmon / baseline {match_s / naive_s:5.2f}x")
        con.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
