"""How well does the parser read the gold corpus? Per-field exact match and body F1.

The gold corpus has two partitions per document format, scored apart:

- `dev`: the offline mirror's PDFs and the `corpus/variants/dev` documents: what the
  parser's rules were written and tuned against;
- `heldout`: `corpus/variants/heldout`, generated from reserved seeds and from producer
  and layout combinations that `dev` never has. Nobody tunes against it, so its scores say
  how the parser reads documents laid out in ways it has not seen;
- `html-dev` and `html-heldout`: the HTML article pages of `corpus/html/{dev,heldout}` (and, in
  `html-dev`, the offline mirror's HTML source)
  (`python -m tools.corpus.html_corpus`), parsed with `corpus/html/profile.yaml`; the held-out
  pages are page templates x languages that no dev page has, and a template of their own.

The same body F1 is computed for plain text extractors (raw pdfium page text,
pdfminer.six), so the parser's gain over them is visible side by side. A floors file turns
the scores into a gate: CI fails when any score of either partition drops below its floor
(as trafilatura's eval gate does), or when a partition's documents changed (their digest)
without the floors being reviewed.

Floors only go up on their own: `newsmon eval --floors FILE --update-floors` raises every floor
to its score and pins each partition's digest, and refuses to lower any floor (writing nothing)
unless `--allow-lower` says the regression was reviewed (`update_floors`).

A dev tool beside the benchmarks, not part of the installed library: it reads the gold corpora
of a checkout (corpus/, the mirror's committed corpus). `newsmon eval` imports it from there.
"""

from __future__ import annotations

import hashlib
import json
import statistics
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FIELDS = ["section", "language", "title", "author", "published_date", "published_date_raw",
          "original_published_date", "captions", "body_text", "word_count"]
SHINGLE = 3


@dataclass
class GoldDoc:
    """One gold document: its bytes, its ground truth (ArticleRecord fields) and a stable name."""

    data: bytes
    truth: dict[str, Any]
    name: str
    profile: Path | None = None  # the profile to parse with, when not the source named in the truth


@dataclass
class Scores:
    """Per language: documents, exact-match share per field, mean body F1."""

    documents: dict[str, int] = field(default_factory=dict)
    fields: dict[str, dict[str, float]] = field(default_factory=dict)
    body_f1: dict[str, float] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"documents": self.documents, "fields": self.fields, "body_f1": self.body_f1}


PARTITIONS = ("dev", "heldout")
HTML_PARTITIONS = ("html-dev", "html-heldout")
ALL_PARTITIONS = PARTITIONS + HTML_PARTITIONS
ROOT = Path(__file__).resolve().parents[1]
VARIANTS_DIR = ROOT / "corpus" / "variants"
HTML_DIR = ROOT / "corpus" / "html"
DOCUMENT_SUFFIXES = (".pdf", ".html")


def partitions(variants_dir: Path | None = None, html_dir: Path | None = None) -> dict[str, list[GoldDoc]]:
    """The gold documents of each partition (`dev` also holds the mirror's corpus)."""
    root, html = variants_dir or VARIANTS_DIR, html_dir or HTML_DIR
    return {"dev": gold_corpus() + variant_corpus(root / "dev"), "heldout": variant_corpus(root / "heldout"),
            **html_partitions(html)}


def html_partitions(html_dir: Path | None = None) -> dict[str, list[GoldDoc]]:
    """The HTML gold pages of each HTML partition, each to be parsed with the corpus's profile;
    `html-dev` also holds the article pages of the offline mirror's HTML source (darya)."""
    html = html_dir or HTML_DIR
    parts = {f"html-{name}": variant_corpus(html / name, profile=html / "profile.yaml") for name in ("dev", "heldout")}
    parts["html-dev"] += mirror_html_corpus()
    return parts


def mirror_html_corpus() -> list[GoldDoc]:
    """The offline mirror's HTML article pages with the ground truth beside each (parsed with
    their source's own profile, named in the truth)."""
    from newsmon.testing.darya import CORPUS_DIR

    docs = []
    for truth_path in sorted(CORPUS_DIR.glob("*/*.json")):
        page = truth_path.with_suffix(".html")
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        docs.append(GoldDoc(page.read_bytes(), truth, f"{truth['source']}-{truth_path.parent.name}-{truth_path.stem}"))
    return docs


def variant_corpus(directory: Path, profile: Path | None = None) -> list[GoldDoc]:
    """The documents of one partition of a corpus: `<id>.pdf` or `<id>.html` beside `<id>.json`."""
    if not directory.is_dir():
        raise FileNotFoundError(f"corpus partition {directory}: not found (a checkout of the project has it; "
                                "make it with `make corpus-variants` or `python -m tools.corpus.html_corpus`)")
    docs = []
    for truth_path in sorted(directory.glob("*.json")):
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        document = next((p for p in map(truth_path.with_suffix, DOCUMENT_SUFFIXES) if p.is_file()), None)
        if document is None:
            raise FileNotFoundError(f"{truth_path}: no document beside it ({' or '.join(DOCUMENT_SUFFIXES)})")
        docs.append(GoldDoc(document.read_bytes(), truth, truth_path.stem, profile))
    return docs


def corpus_digest(docs: Iterable[GoldDoc]) -> str:
    """A short hash of the documents and their truth: floors name the corpus they were set on."""
    digest = hashlib.sha256()
    for doc in sorted(docs, key=lambda d: d.name):
        digest.update(doc.name.encode())
        digest.update(hashlib.sha256(doc.data).digest())
        digest.update(json.dumps(doc.truth, sort_keys=True, ensure_ascii=False).encode())
    return digest.hexdigest()[:16]


def gold_corpus(corpus_dir: Path | None = None) -> list[GoldDoc]:
    """The offline mirror's article PDFs with the ground truth beside each."""
    from newsmon.testing.mirror import CORPUS_DIR, load_ground_truth

    corpus_dir = corpus_dir or CORPUS_DIR
    docs = []
    for day, items in load_ground_truth(corpus_dir).items():
        for truth in items:
            name = truth["url"].rsplit("/", 1)[1]
            docs.append(GoldDoc((corpus_dir / day.isoformat() / name).read_bytes(), truth, name))
    return docs


def shingles(text: str, n: int = SHINGLE) -> Counter[tuple[str, ...]]:
    tokens = unicodedata.normalize("NFKC", text).split()
    if len(tokens) < n:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


def f1(predicted: str, gold: str) -> float:
    return counter_f1(shingles(predicted), shingles(gold))


def counter_f1(got: Counter, want: Counter) -> float:
    """F1 of two bags (repeats count); 1.0 for two empty ones."""
    overlap = sum((got & want).values())
    if not got or not want or not overlap:
        return 1.0 if got == want else 0.0
    precision, recall = overlap / sum(got.values()), overlap / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def score_parser(docs: Iterable[GoldDoc], parse: Callable[[GoldDoc], dict[str, Any]]) -> Scores:
    """Exact match per field and body F1, per language and 'all'."""
    hits: dict[str, Counter[str]] = defaultdict(Counter)
    f1s: dict[str, list[float]] = defaultdict(list)
    scores = Scores()
    for doc in docs:
        try:
            record = parse(doc)
        except Exception as exc:  # noqa: BLE001 - a parse failure scores zero on every field
            record = {}
            scores.misses.append(f"{doc.name}: {exc}")
        for lang in (doc.truth["language"], "all"):
            hits[lang]["_docs"] += 1
            for name in FIELDS:
                hits[lang][name] += record.get(name) == doc.truth[name]
            f1s[lang].append(f1(record.get("body_text") or "", doc.truth["body_text"]))
        wrong = [n for n in FIELDS if record and record.get(n) != doc.truth[n]]
        if wrong:
            scores.misses.append(f"{doc.name}: {', '.join(wrong)}")
    for lang, counter in hits.items():
        n = counter.pop("_docs")
        scores.documents[lang] = n
        scores.fields[lang] = {name: round(counter[name] / n, 4) for name in FIELDS}
        scores.body_f1[lang] = round(statistics.fmean(f1s[lang]), 4)
    return scores


def score_text_extractor(docs: Iterable[GoldDoc], extract: Callable[[bytes], str]) -> dict[str, float]:
    """Mean body F1 per language of a plain text extractor's whole output."""
    f1s: dict[str, list[float]] = defaultdict(list)
    for doc in docs:
        try:
            text = extract(doc.data)
        except Exception:  # noqa: BLE001 - an extractor's crash scores zero
            text = ""
        value = f1(text, doc.truth["body_text"])
        f1s[doc.truth["language"]].append(value)
        f1s["all"].append(value)
    return {lang: round(statistics.fmean(values), 4) for lang, values in f1s.items()}


def below_floors(scores: Scores, floors: dict[str, Any]) -> list[str]:
    """Every score under its floor, as 'language field: got < floor' (one partition's floors)."""
    problems = []
    for lang, floor_fields in floors.get("fields", {}).items():
        for name, floor in floor_fields.items():
            got = scores.fields.get(lang, {}).get(name, 0.0)
            if got < floor:
                problems.append(f"{lang} {name}: {got} < {floor}")
    for lang, floor in floors.get("body_f1", {}).items():
        got = scores.body_f1.get(lang, 0.0)
        if got < floor:
            problems.append(f"{lang} body_f1: {got} < {floor}")
    return problems


def partition_problems(partition: str, docs: list[GoldDoc], scores: Scores, floors: dict[str, Any]) -> list[str]:
    """What fails the gate for one partition: scores under the floors, or documents other than
    those the floors were set on."""
    mine = floors.get("partitions", {}).get(partition)
    if mine is None:
        return [f"{partition}: no floors in the floors file"]
    problems = [f"{partition} {problem}" for problem in below_floors(scores, mine)]
    digest = corpus_digest(docs)
    if mine.get("digest") and mine["digest"] != digest:
        problems.append(f"{partition} corpus digest {digest} != {mine['digest']} in the floors file: "
                        "the documents changed; review the scores and update the floors")
    return problems


def load_floors(path: Path) -> dict[str, Any]:
    """The floors file, or one line naming the file and what is wrong with it.

    Checked here, before any scoring, so that a typo in a CI gate's file fails at once and
    says which file, instead of a KeyError (or a silent pass) after minutes of parsing.
    """
    try:
        floors = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValueError(f"floors file {path}: no such file") from None
    except IsADirectoryError:
        raise ValueError(f"floors file {path}: is a directory, give a JSON file") from None
    except UnicodeDecodeError:
        raise ValueError(f"floors file {path}: not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"floors file {path}: not valid JSON "
                         f"({exc.msg} at line {exc.lineno} column {exc.colno})") from None
    problem = _floors_shape_problem(floors)
    if problem:
        raise ValueError(f"floors file {path}: {problem}")
    return floors


def _floors_shape_problem(floors: object) -> str | None:
    """What makes `floors` not {"partitions": {name: {"digest"?, "fields"?, "body_f1"?}}}, or None."""
    if not isinstance(floors, dict) or not isinstance(floors.get("partitions"), dict) or not floors["partitions"]:
        return 'expected an object with a non-empty "partitions" object'
    for name, part in floors["partitions"].items():
        if not isinstance(part, dict):
            return f"partition {name!r}: expected an object"
        if "digest" in part and not isinstance(part["digest"], str):
            return f"partition {name!r}: digest must be a string"
        fields = part.get("fields", {})
        if not isinstance(fields, dict) or not all(isinstance(f, dict) for f in fields.values()):
            return f"partition {name!r}: fields must map a language to an object of field floors"
        for lang, floors_of_lang in fields.items():
            if not all(_is_score(v) for v in floors_of_lang.values()):
                return f"partition {name!r}: fields.{lang}: every floor must be a number (0 to 1)"
        body = part.get("body_f1", {})
        if not isinstance(body, dict) or not all(_is_score(v) for v in body.values()):
            return f"partition {name!r}: body_f1 must map a language to a number (0 to 1)"
    return None


def _is_score(value: object) -> bool:
    """A floor is a number; above 1 is allowed (a gate that cannot pass, as a test uses)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0


@dataclass
class FloorsUpdate:
    """What `update_floors` made of a floors file: the new floors and every change, as
    "partition language field: old -> new" lines."""

    floors: dict[str, Any]
    raised: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    lowered: list[str] = field(default_factory=list)   # applied only with allow_lower
    refused: list[str] = field(default_factory=list)   # lowerings left out: allow_lower not given
    digests: list[str] = field(default_factory=list)


def update_floors(floors: dict[str, Any], results: dict[str, tuple[str, Scores]],
                  allow_lower: bool = False) -> FloorsUpdate:
    """The floors raised to the scores of each partition in `results` (partition -> (corpus
    digest, scores)), with each partition's digest pinned to the documents just scored.

    A floor above its score (or one whose language or field was not scored at all) is a
    regression: it is lowered only with `allow_lower`, and else kept and listed in `refused`, so
    the caller can refuse to write anything. Floors of partitions not in `results` are kept as
    they are. `floors` itself is not changed.
    """
    out = json.loads(json.dumps(floors))  # a deep copy that keeps the file's key order
    update = FloorsUpdate(out)
    parts = out.setdefault("partitions", {})
    for partition, (digest, scores) in results.items():
        mine = parts.setdefault(partition, {})
        if mine.get("digest") != digest:
            update.digests.append(f"{partition} digest: {mine.get('digest')} -> {digest}")
            mine["digest"] = digest
        got_fields = {lang: dict(values) for lang, values in scores.fields.items()}
        _ratchet(update, partition, mine.setdefault("fields", {}), got_fields, allow_lower)
        body = mine.setdefault("body_f1", {})
        for lang in sorted(set(body) | set(scores.body_f1), key=lambda lang: (lang not in body, lang)):
            _move(update, f"{partition} {lang} body_f1", body, lang, scores.body_f1.get(lang), allow_lower)
    return update


def _ratchet(update: FloorsUpdate, partition: str, floors: dict[str, dict[str, float]],
             got: dict[str, dict[str, float]], allow_lower: bool) -> None:
    """`update_floors` for the per-field floors of one partition (language -> field -> floor)."""
    for lang in sorted(set(floors) | set(got), key=lambda lang: (lang not in floors, lang)):
        mine, scored = floors.setdefault(lang, {}), got.get(lang, {})
        for name in [*mine, *(n for n in FIELDS if n not in mine and n in scored)]:
            _move(update, f"{partition} {lang} {name}", mine, name, scored.get(name), allow_lower)
        if not mine:
            del floors[lang]


def _move(update: FloorsUpdate, label: str, floors: dict[str, float], key: str, score: float | None,
          allow_lower: bool) -> None:
    """Set one floor from its score (None: not scored) by the ratchet's rule, noting the change."""
    old = floors.get(key)
    if old is None:
        if score is not None:
            floors[key] = score
            update.added.append(f"{label}: {score}")
        return
    if score is not None and score > old:
        floors[key] = score
        update.raised.append(f"{label}: {old} -> {score}")
    elif score is None or score < old:
        change = f"{label}: {old} -> {'(not scored)' if score is None else score}"
        if not allow_lower:
            update.refused.append(change)
        elif score is None:
            del floors[key]
            update.lowered.append(change)
        else:
            floors[key] = score
            update.lowered.append(change)


def write_floors(path: Path, floors: dict[str, Any]) -> None:
    """The floors file as it is committed: one-space indent, UTF-8, a final newline."""
    Path(path).write_text(json.dumps(floors, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def parse_with_newsmon(doc: GoldDoc) -> dict:
    """The record newsmon makes of a gold document: its profile's format decides the parser."""
    from newsmon.parse.document import parse_document
    from newsmon.sources import load_profile

    profile = load_profile(doc.profile or doc.truth["source"])
    return parse_document(doc.data, url=doc.truth["url"], profile=profile).to_json_dict()


def format_scores(scores: Scores, baselines: dict[str, dict[str, float]] | None = None) -> str:
    """A table: one row per language, exact-match share per field, then body F1 columns."""
    languages = sorted(scores.documents, key=lambda lang: (lang == "all", lang))
    baselines = baselines or {}
    extra = list(baselines)
    header = ["lang", "docs", *FIELDS, "body_f1", *[f"f1:{name}" for name in extra]]
    rows = [header]
    for lang in languages:
        fields = scores.fields[lang]
        rows.append([lang, str(scores.documents[lang]), *[f"{fields[n]:.3f}" for n in FIELDS],
                     f"{scores.body_f1[lang]:.4f}",
                     *[f"{baselines[name].get(lang, 0.0):.4f}" for name in extra]])
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    return "\n".join("  ".join(cell.rjust(w) for cell, w in zip(row, widths)) for row in rows)
