"""Question: when another tool re-writes an article PDF (Ghostscript pdfwrite, MuPDF convert), does
newsmon still read at least the words raw pdfium reads, and refuse honestly when the re-write
destroyed the text layer?

Archives re-write the PDFs they keep: Ghostscript's pdfwrite (`gs -sDEVICE=pdfwrite`, what
print shops and "reduce size" tools run), MuPDF (`mutool convert`). A re-write keeps the page
but may rebuild the fonts, their character maps and the text drawing order, or lose the text
layer altogether. The input is the committed gold corpus (the offline mirror's PDFs and
corpus/variants/dev: the `dev` partition of `newsmon eval`; the held-out partition is never
read here), each document re-written at run time into a temporary directory by every tool
present, and also read as committed ("original", the reference). For each document:

  raw       word F1 of raw pypdfium2 text (every page, every line) against the truth body
  newsmon   word F1 of newsmon's body_text against the truth body (a ParseError reads nothing)
            (words: \\w+ tokens after NFKC, counted with their repeats)
  worse     newsmon's F1 lower than raw's by more than 0.01, but for a refused document whose
            text layer is destroyed (goal 0; they are listed)
  destroyed raw F1 under 0.5: pdfium reads no usable text. Of these, newsmon
            refused   ParseError (a crash is listed apart)
            flagged   a record warned of its text (garbled_text, suspicious_title; a missing
                      byline or section says nothing of the text layer)
            read      a record without such a warning whose F1 is 0.5 or more: newsmon read
                      what pdfium could not (Chromium's Naskh: pdfium's words come out in pieces)
            silent    a record without such a warning whose F1 is under 0.5: a destroyed text
                      layer passed as an article (goal 0; they are listed)
  exact     share of documents whose body_text equals the truth's, as `newsmon eval` counts

The tools are Debian's `ghostscript` and `mupdf-tools` (`apt-get install ghostscript mupdf-tools`;
no make target installs them, as no test needs them): one that is missing is named with its
package and the others are measured.
"""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks._common import pdfium_text  # noqa: E402
from benchmarks.evaluate import VARIANTS_DIR, GoldDoc, counter_f1, gold_corpus, variant_corpus  # noqa: E402

WORKERS = 2          # the machine's cores this may take (re-writes and parses)
WORSE_BY = 0.01      # newsmon reads a document worse than raw pdfium when its F1 is this much lower
DESTROYED_BELOW = 0.5  # raw pdfium's F1 under this: the re-write destroyed the text layer
WEAK_BELOW = 0.95    # a usable text layer read with an F1 under this is listed, to look into
TIMEOUT = 120        # seconds a tool may take on one document
_TOKEN = re.compile(r"\w+")
ARABIC_SCRIPT = {"fa", "ps", "ar", "ur"}
TEXT_WARNINGS = ("garbled_text", "suspicious_title")  # the parse_warnings that speak of the text layer

# name -> (command with {src} and {dst}, Debian package)
TOOLS = {
    "gs-pdfwrite": (["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pdfwrite",
                     "-sOutputFile={dst}", "{src}"], "ghostscript"),
    "mutool-convert": (["mutool", "convert", "-o", "{dst}", "{src}"], "mupdf-tools"),
}


@dataclass
class Row:
    """One document as one tool left it: both readings' F1 and newsmon's verdict."""

    tool: str
    name: str
    group: str       # producer x script
    raw: float
    newsmon: float
    exact: bool
    verdict: str     # "record: <warnings>", "flagged: <warnings>", "ParseError: ...", "CRASH ..."

    @property
    def refused(self) -> bool:
        return self.verdict.startswith(("ParseError", "CRASH"))

    @property
    def destroyed(self) -> bool:
        return self.raw < DESTROYED_BELOW

    @property
    def worse(self) -> bool:
        """Read worse than raw pdfium: refusing a destroyed text layer is not reading it worse."""
        return self.newsmon < self.raw - WORSE_BY and not (self.destroyed and self.refused)

    @property
    def silent(self) -> bool:
        """A destroyed text layer read into a record no warning speaks against: what the
        pipeline would load as a good article."""
        return self.destroyed and self.verdict.startswith("record") and self.newsmon < DESTROYED_BELOW


def words(text: str) -> Counter[str]:
    return Counter(_TOKEN.findall(unicodedata.normalize("NFKC", text or "")))


def word_f1(predicted: str, gold: str) -> float:
    """Bag-of-words F1 (repeats count): the words, whatever order a re-write left them in."""
    return counter_f1(words(predicted), words(gold))


def group_of(truth: dict[str, Any]) -> str:
    script = "arabic" if truth["language"] in ARABIC_SCRIPT else "latin"
    return f"{truth.get('producer') or '?'} {script}"


def rewrite(tool: str, src: Path, dst: Path) -> str | None:
    """Re-write `src` into `dst` with `tool`; None, or why the tool gave no PDF."""
    command = [part.format(src=src, dst=dst) for part in TOOLS[tool][0]]
    try:
        proc = subprocess.run(command, capture_output=True, timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        return f"timed out after {TIMEOUT} s"
    if proc.returncode != 0 or not dst.is_file() or dst.stat().st_size == 0:
        return f"exit {proc.returncode}: {proc.stderr.decode(errors='replace').strip()[-120:]}"
    return None


def measure(tool: str, doc: GoldDoc, data: bytes) -> Row:
    """Raw pdfium's and newsmon's reading of one (re-written) document."""
    from newsmon.parse.article import ParseError
    from newsmon.parse.document import parse_document
    from newsmon.sources import load_profile

    truth = doc.truth["body_text"]
    try:
        raw = word_f1(pdfium_text(data), truth)
    except Exception:  # noqa: BLE001 - a file pdfium cannot open reads nothing
        raw = 0.0
    body, exact = "", False
    try:
        record = parse_document(data, url=doc.truth["url"], profile=load_profile(doc.profile or doc.truth["source"]))
        body, exact = record.body_text or "", record.body_text == truth
        flagged = any(w in TEXT_WARNINGS for w in record.parse_warnings)
        verdict = f"{'flagged' if flagged else 'record'}: {','.join(record.parse_warnings) or 'no warnings'}"
    except ParseError as exc:
        verdict = f"ParseError: {exc}"
    except Exception as exc:  # noqa: BLE001 - reported, not raised: a benchmark does not stop
        verdict = f"CRASH {type(exc).__name__}: {exc}"
    return Row(tool, doc.name, group_of(doc.truth), raw, word_f1(body, truth), exact, verdict)


def measure_file(tool: str, doc: GoldDoc, path: Path | None) -> Row:
    """`measure` on the re-written file (a worker process reads it), or on the committed bytes."""
    return measure(tool, doc, path.read_bytes() if path else doc.data)


def available_tools() -> list[str]:
    present = []
    for tool, (command, package) in TOOLS.items():
        if shutil.which(command[0]):
            present.append(tool)
        else:
            print(f"{command[0]} not found: {tool} not measured (install it: apt-get install {package})")
    return present


def rewrite_all(tools: list[str], docs: list[GoldDoc], folder: Path) -> tuple[dict[tuple[str, str], Path], list[str]]:
    """Every document re-written by every tool into `folder`: {(tool, name): path}, and the
    failures as lines."""
    jobs = []
    for doc in docs:
        src = folder / f"{doc.name}.pdf"
        src.write_bytes(doc.data)
        jobs += [(tool, doc.name, src, folder / f"{doc.name}.{tool}.pdf") for tool in tools]
    with ThreadPoolExecutor(WORKERS) as pool:
        outcomes = list(pool.map(lambda job: rewrite(job[0], job[2], job[3]), jobs))
    paths: dict[tuple[str, str], Path] = {}
    failures: list[str] = []
    for (tool, name, _, dst), failure in zip(jobs, outcomes, strict=True):
        if failure:
            failures.append(f"{tool} {name}: {failure}")
        else:
            paths[(tool, name)] = dst
    return paths, failures


def summary(rows: list[Row]) -> str:
    """docs, mean F1 raw | newsmon, ratio, worse, destroyed: refused/flagged/read/silent, exact."""
    raw, ours = statistics.fmean(r.raw for r in rows), statistics.fmean(r.newsmon for r in rows)
    destroyed = [r for r in rows if r.destroyed]
    refused = sum(r.refused for r in destroyed)
    flagged = sum(r.verdict.startswith("flagged") for r in destroyed)
    silent = sum(r.silent for r in destroyed)
    read = len(destroyed) - refused - flagged - silent
    exact = sum(r.exact for r in rows) / len(rows)
    return (f"{len(rows):4} {raw:7.3f} {ours:7.3f} {ours / raw if raw else 0:6.2f} {sum(r.worse for r in rows):5} "
            f"{len(destroyed):9} {refused:7} {flagged:7} {read:4} {silent:6} {exact:6.3f}")


HEADER = (f"{'':26} {'docs':>4} {'raw F1':>7} {'newsmon':>7} {'ratio':>6} {'worse':>5} "
          f"{'destroyed':>9} {'refused':>7} {'flagged':>7} {'read':>4} {'silent':>6} {'exact':>6}")


def print_tables(rows: list[Row], tools: list[str]) -> None:
    for tool in tools:
        mine = [r for r in rows if r.tool == tool]
        print(f"\n{tool}:\n{HEADER}")
        by_group: dict[str, list[Row]] = defaultdict(list)
        for r in mine:
            by_group[r.group].append(r)
        for group in sorted(by_group):
            print(f"  {group:24} {summary(by_group[group])}")
        print(f"  {'all':24} {summary(mine)}")


def print_lists(rows: list[Row]) -> None:
    worse = [r for r in rows if r.worse]
    print(f"\nnewsmon worse than raw pdfium (F1 lower by > {WORSE_BY}): {len(worse)}")
    for r in worse:
        print(f"  {r.tool:15} {r.name:34} raw {r.raw:.3f} newsmon {r.newsmon:.3f}  {r.verdict[:70]}")
    silent = [r for r in rows if r.silent]
    print(f"text layer destroyed (raw F1 < {DESTROYED_BELOW}) and passed silently (newsmon F1 < {DESTROYED_BELOW}, "
          f"no {' or '.join(TEXT_WARNINGS)}): {len(silent)}")
    for r in silent:
        print(f"  {r.tool:15} {r.name:34} raw {r.raw:.3f} newsmon {r.newsmon:.3f}  {r.verdict[:60]}")
    weak = [r for r in rows if not r.destroyed and not r.refused and r.newsmon < WEAK_BELOW]
    print(f"text layer usable (raw F1 >= {DESTROYED_BELOW}) but newsmon's F1 under {WEAK_BELOW}: {len(weak)}")
    for r in weak:
        print(f"  {r.tool:15} {r.name:34} raw {r.raw:.3f} newsmon {r.newsmon:.3f}  {r.verdict[:60]}")
    crashes = [r for r in rows if r.verdict.startswith("CRASH")]
    if crashes:
        print(f"crashes: {len(crashes)}")
        for r in crashes:
            print(f"  {r.tool:15} {r.name:34} {r.verdict[:90]}")


def main() -> int:
    started = time.monotonic()
    mirror, dev = gold_corpus(), variant_corpus(VARIANTS_DIR / "dev")
    docs = mirror + dev
    tools = available_tools()
    print(f"gold corpus, dev partition: {len(docs)} PDFs (mirror {len(mirror)}, corpus/variants/dev {len(dev)}); "
          f"re-written by: {', '.join(f'{t} (Debian {TOOLS[t][1]})' for t in tools) or 'no tool present'}")
    with tempfile.TemporaryDirectory(prefix="newsmon-redistilled-") as tmp:
        paths, failures = rewrite_all(tools, docs, Path(tmp))
        jobs: list[tuple[str, GoldDoc, Path | None]] = [("original", doc, None) for doc in docs]
        jobs += [(tool, doc, paths[(tool, doc.name)]) for tool in tools for doc in docs if (tool, doc.name) in paths]
        with ProcessPoolExecutor(WORKERS) as pool:
            rows = list(pool.map(measure_file, *zip(*jobs, strict=True), chunksize=8))
    for line in failures:
        print(f"  re-write failed: {line}")
    print("\nper tool and producer x script: mean body word F1 of raw pdfium and newsmon, newsmon/raw;"
          f"\nworse = newsmon below raw by > {WORSE_BY}; destroyed = raw F1 < {DESTROYED_BELOW}, of which"
          "\nnewsmon refused (ParseError), flagged (garbled_text, suspicious_title), read (F1 >= 0.5) or passed"
          "\nsilently (F1 < 0.5, no such warning); exact = body_text == truth (`newsmon eval`'s body_text)")
    print_tables(rows, ["original", *tools])
    print_lists(rows)
    print(f"\n({time.monotonic() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
