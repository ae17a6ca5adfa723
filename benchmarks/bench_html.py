"""Question: does newsmon's HTML path read article pages better than plain trafilatura, and how fast?

On the same pages in the same run, newsmon's `parse_html_article` beside plain trafilatura
(`bare_extraction(with_metadata=True)`, comments off, as trafilatura's own eval runs it):

1. the HTML gold corpus (corpus/html, dev and held-out partitions apart): body F1 (3-word
   shingles, `evaluate.f1`) and the accuracy of title, author, date and language, with the
   ratio newsmon / trafilatura; pages per second of both;
2. real pages nobody here made, when `tools/real_html.py` has written them (default
   /work/real-html, or $NEWSMON_REAL_HTML): trafilatura's evaluation set (body by its own
   "with"/"without" snippets: precision, recall, F1; title, author, date where annotated) and
   htmldate's (publication date), with htmldate itself as a second peer for the date.

Values compare after newsmon's normalisation on both sides (NFC, no bidi controls), and
authors as sets of names (trafilatura joins several with "; ", newsmon with ", "). On the real
pages the snippets are looked for in the article text each tool gives: trafilatura's text, and
newsmon's title and body. newsmon keeps figure captions in a field of their own, and the
annotators count captions and photo credits ("Foto: ...") as not main text: a second line gives
newsmon's figures with its captions counted as text too.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(1, str(ROOT))  # the checkout: benchmarks.evaluate

import trafilatura  # noqa: E402
from real_html import MANIFEST, set_dir  # noqa: E402

from benchmarks import evaluate  # noqa: E402
from newsmon.parse.article import ParseError  # noqa: E402
from newsmon.parse.html import parse_html_article  # noqa: E402
from newsmon.parse.text import normalize_text  # noqa: E402
from newsmon.sources import load_profile  # noqa: E402

PROFILE = load_profile(evaluate.HTML_DIR / "profile.yaml")
META_FIELDS = ("title", "author", "date", "language")
_NAME_SPLIT = re.compile(r"\s*[;,]\s*")


@dataclass
class Reading:
    """What one tool made of a page: body text and the metadata fields (None: not found)."""

    body: str = ""
    title: str | None = None
    author: str | None = None
    date: str | None = None
    language: str | None = None
    failed: bool = False
    page_text: str = ""  # the article text a tool gives: what the real pages' snippets are looked for in
    captions: str = ""  # newsmon's captions, kept apart from its text


def newsmon_reading(data: bytes, url: str) -> Reading:
    try:
        record = parse_html_article(data, url=url, profile=PROFILE)
    except ParseError:
        return Reading(failed=True)
    return Reading(record.body_text, record.title, record.author,
                   record.published_date.isoformat() if record.published_date else None, record.language,
                   page_text="\n".join([record.title or "", record.body_text]), captions="\n".join(record.captions))


def trafilatura_reading(data: bytes, url: str) -> Reading:
    try:
        doc = trafilatura.bare_extraction(data, url=url, with_metadata=True, include_comments=False,
                                          include_tables=True)
    except Exception:  # noqa: BLE001 - a crash is a miss, as trafilatura's own eval counts it
        return Reading(failed=True)
    if doc is None:
        return Reading(failed=True)
    return Reading(doc.text or "", doc.title, doc.author, doc.date, (doc.language or "")[:2] or None,
                   page_text=doc.text or "")


TOOLS: dict[str, Callable[[bytes, str], Reading]] = {"newsmon": newsmon_reading, "trafilatura": trafilatura_reading}


def same(field_name: str, got: str | None, want: str | list[str] | None) -> bool:
    if isinstance(want, list):  # several authors in trafilatura's annotations
        want = "; ".join(want)
    want = want if isinstance(want, str) else None  # htmldate's set has NaN for "no date"
    got = got if isinstance(got, str) else None
    if not want:
        return not got
    if not got:
        return False
    got, want = normalize_text(got), normalize_text(want)
    if field_name == "author":
        return ({n.casefold() for n in _NAME_SPLIT.split(got) if n}
                == {n.casefold() for n in _NAME_SPLIT.split(want) if n})
    if field_name == "date":
        return got[:10] == want[:10]
    return got.casefold() == want.casefold()


@dataclass
class Tally:
    f1s: list[float] = field(default_factory=list)
    hits: dict[str, list[bool]] = field(default_factory=dict)
    seconds: float = 0.0
    pages: int = 0
    failed: int = 0
    snippets: list[int] = field(default_factory=lambda: [0, 0, 0, 0])  # tp, fp, fn, tn
    with_captions: list[int] = field(default_factory=lambda: [0, 0, 0, 0])  # the same, captions counted as text

    def hit(self, name: str, ok: bool) -> None:
        self.hits.setdefault(name, []).append(ok)

    def accuracy(self, name: str) -> float | None:
        values = self.hits.get(name)
        return sum(values) / len(values) if values else None

    def snippet_scores(self, with_captions: bool = False) -> tuple[float, float, float]:
        tp, fp, fn, _ = self.with_captions if with_captions else self.snippets
        precision, recall = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
        return precision, recall, 2 * precision * recall / max(precision + recall, 1e-9)


def timed(tool: Callable[[bytes, str], Reading], data: bytes, url: str, tally: Tally) -> Reading:
    started = time.perf_counter()
    reading = tool(data, url)
    tally.seconds += time.perf_counter() - started
    tally.pages += 1
    tally.failed += reading.failed
    return reading


def warm_up(data: bytes, url: str) -> None:
    """One untimed run of each tool: lazy imports and first-call set-up are not page time."""
    for tool in TOOLS.values():
        tool(data, url)


def gold_partition(docs: list[evaluate.GoldDoc]) -> dict[str, Tally]:
    tallies = {name: Tally() for name in TOOLS}
    warm_up(docs[0].data, docs[0].truth["url"])
    for doc in docs:
        truth = doc.truth
        want = {"title": truth["title"], "author": truth["author"], "date": truth["published_date"],
                "language": truth["language"]}
        for name, tool in TOOLS.items():
            reading = timed(tool, doc.data, truth["url"], tallies[name])
            tallies[name].f1s.append(evaluate.f1(reading.body, truth["body_text"]))
            for key in META_FIELDS:
                tallies[name].hit(key, same(key, getattr(reading, key), want[key]))
    return tallies


def ratio(mine: float | None, theirs: float | None) -> str:
    if mine is None or theirs is None:
        return "n/a"
    return f"{mine / theirs:.2f}x" if theirs else ("=" if not mine else "inf")


def row(label: str, mine: float | None, theirs: float | None, digits: int = 3) -> str:
    def show(v: float | None) -> str:
        return "n/a" if v is None else f"{v:.{digits}f}"

    return f"  {label:<22} newsmon {show(mine):>8}   trafilatura {show(theirs):>8}   ratio {ratio(mine, theirs)}"


def print_speed(tallies: dict[str, Tally]) -> None:
    mine, theirs = (tallies[n].pages / max(tallies[n].seconds, 1e-9) for n in TOOLS)
    print(row("pages per second", mine, theirs, 1))
    print(f"  {'no result (failed)':<22} newsmon {tallies['newsmon'].failed:>8}   "
          f"trafilatura {tallies['trafilatura'].failed:>8}")


def print_gold() -> None:
    for partition, docs in evaluate.html_partitions().items():
        tallies = gold_partition(docs)
        print(f"== {partition}: {len(docs)} pages (digest {evaluate.corpus_digest(docs)})")
        mine, theirs = tallies["newsmon"], tallies["trafilatura"]
        print(row("body F1", statistics.fmean(mine.f1s), statistics.fmean(theirs.f1s), 4))
        for key in META_FIELDS:
            print(row(f"{key} accuracy", mine.accuracy(key), theirs.accuracy(key)))
        print_speed(tallies)
    print("  (trafilatura names a language only with py3langid installed, which newsmon does not pin)")


def real_pages(folder: Path, limit: int | None = None) -> None:
    entries = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    if limit:  # the first `limit` pages of each set (a quicker look)
        entries = [e for name in ("trafilatura", "htmldate") for e in [x for x in entries if x["set"] == name][:limit]]
    tallies = {name: Tally() for name in TOOLS}
    htmldate_hits: list[bool] = []
    warm_up((folder / entries[0]["file"]).read_bytes(), entries[0]["url"])
    for entry in entries:
        data = (folder / entry["file"]).read_bytes()
        if entry["set"] == "htmldate":
            want = entry.get("date")
            if not isinstance(want, str) or not want:
                continue
            for name, tool in TOOLS.items():
                reading = timed(tool, data, entry["url"], tallies[name])
                tallies[name].hit("htmldate-set date", same("date", reading.date, want))
            htmldate_hits.append(same("date", _htmldate(data, entry["url"]), want))
            continue
        for name, tool in TOOLS.items():
            reading = timed(tool, data, entry["url"], tallies[name])
            tally = tallies[name]
            tally.snippets = _add(tally.snippets, _snippet_counts(reading.page_text, entry))
            tally.with_captions = _add(tally.with_captions,
                                       _snippet_counts(f"{reading.page_text}\n{reading.captions}", entry))
            for key in ("title", "author", "date"):
                if entry.get(key):
                    tallies[name].hit(key, same(key, getattr(reading, key), entry[key]))
    mine, theirs = tallies["newsmon"], tallies["trafilatura"]
    n_eval = sum(e["set"] == "trafilatura" for e in entries)
    print(f"== real pages, trafilatura's eval set: {n_eval} pages ({folder})")
    for label, index in (("body precision", 0), ("body recall", 1), ("body F1", 2)):
        print(row(label, mine.snippet_scores()[index], theirs.snippet_scores()[index]))
    print(row("body F1 with captions", mine.snippet_scores(with_captions=True)[2],
              theirs.snippet_scores()[2]))
    for key in ("title", "author", "date"):
        print(row(f"{key} accuracy (n={len(mine.hits.get(key, []))})", mine.accuracy(key), theirs.accuracy(key)))
    n_dates = len(htmldate_hits)
    print(f"== real pages, htmldate's eval sets: {n_dates} pages with a date")
    print(row("date accuracy", mine.accuracy("htmldate-set date"), theirs.accuracy("htmldate-set date")))
    print(f"  {'date accuracy':<22} htmldate.find_date (defaults) {sum(htmldate_hits) / max(n_dates, 1):.3f}")
    print("== real pages, all")
    print_speed(tallies)


def _add(total: list[int], counts: tuple[int, int, int, int]) -> list[int]:
    return [a + b for a, b in zip(total, counts)]


def _snippet_counts(text: str, entry: dict) -> tuple[int, int, int, int]:
    """trafilatura's own scoring: a 'with' snippet found is a true positive, a 'without' one a false positive."""
    text = " ".join(text.split())
    withs = [" ".join(s.split()) for s in entry.get("with", [])]
    withouts = [" ".join(s.split()) for s in entry.get("without", [])]
    tp = sum(1 for s in withs if s in text)
    fp = sum(1 for s in withouts if s in text)
    return tp, fp, len(withs) - tp, len(withouts) - fp


def _htmldate(data: bytes, url: str) -> str | None:
    import htmldate

    try:
        return htmldate.find_date(data, url=url)
    except Exception:  # noqa: BLE001 - a crash is a miss
        return None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, help="real pages: only the first N of each set")
    args = ap.parse_args(argv)
    started = time.monotonic()
    print_gold()
    folder = set_dir()
    if (folder / MANIFEST).is_file():
        real_pages(folder, args.limit)
    else:
        print(f"== real pages: none in {folder}; write them with `.venv/bin/python tools/real_html.py` "
              "(it says which snapshots to fetch first)")
    print(f"\n({time.monotonic() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
