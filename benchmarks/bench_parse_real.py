"""Question: on real documents nobody here made, is newsmon's text ever worse than raw pdfium's?

The set (PDF test corpora, XeTeX Persian reports and slides, Arabic documents from Word,
XeTeX, LyX; image-only and unmapped-font files) is written outside the repository by
`tools/real_pdfs.py` (default /work/real-pdfs, or $NEWSMON_REAL_PDFS). For every file it
prints newsmon's text beside pypdfium2's raw text of the same file:

  kept   share of pdfium's words (page numbers and running heads/footers aside) that
         newsmon's text holds, a ZWNJ read as no boundary or as one (newsmon restores the
         ZWNJ that pdfium drops or gives as a space); goal >= 99 %. Where pdfium's text is
         wrong in a way newsmon repairs, newsmon's word counts as kept where it holds more of
         it than pdfium's text does: two halves of a word pdfium broke at a combining mark
         ("ي ُوسُف", "الت" / "ّاك" at a line break), a lam-alef ligature pdfium read as "ال" ("باال" for "بالا"); the
         summary says how many words were counted so
  ()     parentheticals in Arabic-script text read "( ... )" / flipped ") ... ("
  ezafe  words glued after a kasra ("حلِمساله") that the other text has apart ("حلِ مساله")
  latin  Arabic-script lines whose Latin words newsmon puts in another order than pdfium
         (pdfium reverses the words of a real left-to-right phrase, "Lamport Leslie", so
         this counts newsmon's fixes too: examples are printed to judge them by)
  hyph   hyphen-joined compounds (letter-letter)
  verdict  what newsmon makes of the file: ParseError, or a record and its warnings
"""

from __future__ import annotations

import re
import sys
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import pypdfium2 as pdfium  # noqa: E402
from real_pdfs import MANIFEST, RealPdf, set_dir  # noqa: E402

from newsmon.parse import article  # noqa: E402
from newsmon.parse.pdf import read_pdf  # noqa: E402
from newsmon.parse.text import normalize_text  # noqa: E402
from newsmon.sources.profile import Discovery, FetchPolicy, QualityPolicy, SourceProfile  # noqa: E402

MARGIN_SHARE = 0.09  # the top and bottom share of a page where running heads and footers live
ARABIC_LETTER = "\u0620-\u064a\u066e-\u06d3\u06d5\u06fa-\u06ff"
_ARABIC = re.compile(f"[{ARABIC_LETTER}]")
_MARKS = "\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
_MARK = re.compile(f"[{_MARKS}]")
_NUMBER_BESIDE_WORD = re.compile(r"(?<=\d)(?=[^\W\d_])|(?<=[^\W\d_])(?=\d)")
_TOKEN = re.compile(r"\w+")
_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]")
_FOLD = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ە": "ه", "\u200c": None})
_PAGE_NUMBER = re.compile(r"^\W*(?:page|seite|صفحه|مخ)?\s*[\d۰-۹٠-٩]{1,4}(?:\s*(?:of|von|/|از)\s*[\d۰-۹٠-٩]{1,4})?\W*$",
                          re.IGNORECASE)
_BEFORE = r"(?:^|(?<=[\s«\"'\[{]))"
_AFTER = r"(?=[\s.,;:!?،؛؟»\"'\]}]|$)"
_PAREN_OK = re.compile(_BEFORE + r"\((?=[^\s()])[^()]{0,200}?(?<=[^\s()])\)" + _AFTER)
_PAREN_FLIPPED = re.compile(_BEFORE + r"\)(?=[^\s()])[^()]{0,200}?(?<=[^\s()])\(" + _AFTER)
_GLUED_KASRA = re.compile(f"([{ARABIC_LETTER}]+)\u0650([{ARABIC_LETTER}]+)")
_SOFT_HYPHEN = re.compile("(\\w+)\ufffe(\\w+)")
_HYPHENATED = re.compile(r"(?<=[^\W\d_])[-\u2010\u2011](?=[^\W\d_])")

PROFILE = SourceProfile(name="real-world", title="real-world documents", base_url="https://example.org",
                        allowed_hosts=("example.org",), languages=(), discovery=Discovery(),
                        fetch=FetchPolicy(user_agent="newsmon-bench"), quality=QualityPolicy())


@dataclass
class PdfiumText:
    lines: list[str] = field(default_factory=list)      # every line, normalised, in page order
    furniture: list[str] = field(default_factory=list)  # the lines that are page furniture
    pages: int = 0
    # pdfium breaks a line at a combining mark drawn off the baseline, in either order
    # ("الل" / "َّ" / "ه"): the last word before such a mark-only line and the first after
    # it (and the other way round) may be the two halves of one word; so may the last word of
    # a line and the first of the next where pdfium began that line at such a mark ("في الت" /
    # "ّاك عليك" for "في التّاك عليك").
    halves: list[tuple[str, str]] = field(default_factory=list)
    # pdfium also breaks a word at a mark inside a line: a space, then the mark ("ي ُوسُف"), or
    # a mark standing alone between spaces ("أ ٕ كثر"). No word starts with a mark or is one.
    # (A mark that ends a word before a space is the word's own: ezafe, "حلِ مساله".)
    split: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Result:
    entry: RealPdf
    pages: int
    words: int          # pdfium's words, furniture aside
    kept: int           # of those, how many newsmon's text holds
    parens: tuple[tuple[int, int], tuple[int, int]]  # (ok, flipped) for pdfium, newsmon
    kasra: tuple[int, int]
    latin: tuple[int, int, list[str]]  # (Arabic-script lines with 2+ Latin words, reordered by newsmon, examples)
    hyphens: tuple[int, int]
    verdict: str
    failed: bool        # newsmon gave no text (ParseError)
    lost: Counter
    credited: tuple[int, int] = (0, 0)  # words counted kept as newsmon's repairs: (split at a mark, lam-alef)


def pdfium_text(data: bytes) -> PdfiumText:
    """pypdfium2's raw page text, line by line, with the lines that are page furniture:
    page numbers, and lines repeated (digits aside) on two pages or more in the margins."""
    doc = pdfium.PdfDocument(data)
    out = PdfiumText(pages=len(doc))
    in_margin: list[tuple[int, str, str]] = []
    try:
        for number in range(len(doc)):
            page = doc[number]
            height = page.get_height()
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            start = 0
            for raw in text.split("\r\n"):
                line = normalize_text(raw)
                box = _line_box(textpage, start, len(raw))
                start += len(raw) + 2
                if not line:
                    continue
                out.lines.append(line)
                if len(out.lines) >= 3 and not tokens(out.lines[-2]) and _MARK.search(out.lines[-2]):
                    before, after = tokens(out.lines[-3]), tokens(line)
                    if before and after:
                        out.halves += [(before[-1], after[0]), (after[-1], before[0])]
                out.split += _split_at_marks(line)
                if _MARK.match(line) and len(out.lines) >= 2:  # a line pdfium began at a mark
                    before, after = tokens(out.lines[-2]), tokens(line)
                    if before and after:
                        out.halves.append((before[-1], after[0]))
                if box and (box[1] > height * (1 - MARGIN_SHARE) or box[0] < height * MARGIN_SHARE):
                    in_margin.append((number, line, re.sub(r"[\d۰-۹٠-٩]+", "#", line)))
    finally:
        doc.close()
    pages_of: dict[str, set[int]] = {}
    for number, _, key in in_margin:
        pages_of.setdefault(key, set()).add(number)
    out.furniture = [line for _, line, key in in_margin if _PAGE_NUMBER.match(line) or len(pages_of[key]) >= 2]
    return out


def _split_at_marks(line: str) -> list[tuple[str, str]]:
    """(last word before, first word after) each space of the line that a word starting
    with a mark, or marks standing alone, follow: Arabic-script words both (a Latin word
    and an Arabic one are two, whatever marks stand between them)."""
    pairs: list[tuple[str, str]] = []
    before: str | None = None
    marked = False
    for chunk in line.split():
        words = tokens(chunk)
        if not words:
            marked, before = (True, before) if _MARK_ONLY.match(chunk) else (False, None)
            continue
        if before is not None and (marked or _MARK.match(chunk)) \
                and _ARABIC.search(before) and _ARABIC.search(words[0]):
            pairs.append((before, words[0]))
        before, marked = words[-1], False
    return pairs


_MARK_ONLY = re.compile(f"^[{_MARKS}]+$")


def _line_box(textpage: pdfium.PdfTextPage, start: int, length: int) -> tuple[float, float] | None:
    """(bottom, top) of a line's text rects, or None."""
    if length <= 0:
        return None
    count = textpage.count_rects(start, length)
    if count <= 0:
        return None
    rects = [textpage.get_rect(i) for i in range(count)]
    return min(r[1] for r in rects), max(r[3] for r in rects)


def newsmon_text(data: bytes) -> tuple[str, str, bool]:
    """(every text field newsmon keeps, its verdict on the file, whether it gave no text).
    A ParseError is no text; so is a crash, reported as such (a benchmark does not stop)."""
    try:
        record = article.parse_pdf_article(data, url="https://example.org/doc.pdf", profile=PROFILE)
        document_text = getattr(article, "document_text", None)  # the whole text, where newsmon has it
        text = document_text(data) if document_text else "\n".join(
            t for t in (record.section, record.author, record.published_date_raw, record.title,
                        record.body_text, *record.captions) if t)
    except article.ParseError as exc:
        return "", f"ParseError: {exc}", True
    except Exception as exc:  # noqa: BLE001 - reported, not raised
        return "", f"CRASH {type(exc).__name__}: {exc}", True
    warnings = ",".join(getattr(record, "parse_warnings", []) or []) or "none"
    title = (record.title or "")[:24]
    return text, f"record: title={title!r} words={record.word_count} warnings={warnings}", False


def tokens(text: str) -> list[str]:
    """Words for comparison: NFKC, Persian letter forms, without ZWNJ and combining marks (a
    ZWNJ or a mark on another letter is not a lost word: the ezafe and bracket measures look
    at marks), split at anything that is not a letter or digit, and between a number and a
    word glued to it ("٢فتح" is the list number 2 and the word فتح, however either text spaces them)."""
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).translate(_FOLD))
    return _TOKEN.findall(_NUMBER_BESIDE_WORD.sub(" ", unicodedata.normalize("NFC", _MARK.sub("", text))))


def parentheticals(text: str) -> tuple[int, int]:
    """(read "( ... )", flipped ") ... (") among parentheticals with Arabic script nearby."""
    def arabic_near(m: re.Match) -> bool:
        return _ARABIC.search(text, max(0, m.start() - 30), m.end() + 30) is not None
    return (sum(map(arabic_near, _PAREN_OK.finditer(text))), sum(map(arabic_near, _PAREN_FLIPPED.finditer(text))))


def _soft_hyphens(line: str, have: Counter) -> str:
    """pdfium marks a hyphen at a line end as U+FFFE and glues the two parts: the word counts
    as kept whether newsmon joins the parts ("Terminal") or keeps the hyphen ("Termi-nal")."""
    def join(m: re.Match) -> str:
        whole = tokens(m[1] + m[2])
        return m[1] + m[2] if whole and whole[0] in have else f"{m[1]} {m[2]}"
    return _SOFT_HYPHEN.sub(join, line) if "\ufffe" in line else line


def glued_kasra(text: str, other: str) -> int:
    """Words of `text` glued after a kasra ("حلِمساله") that `other` has apart ("حلِ مساله")."""
    text, other = (unicodedata.normalize("NFKC", t).translate(_FOLD) for t in (text, other))
    return sum(f"{m[1]}\u0650 {m[2]}" in other for m in _GLUED_KASRA.finditer(text))


def latin_order(pdfium_lines: list[str], newsmon_lines: list[str]) -> tuple[int, int, list[str]]:
    """(pdfium's Arabic-script lines with two or more Latin words, of them how many newsmon's
    line with the same Arabic words holds in another order, a few of those as examples)."""
    def key(line: str) -> tuple[str, ...]:
        return tuple(sorted(t for t in tokens(line) if _ARABIC.search(t)))

    def latin(line: str) -> list[str]:
        return [t for t in tokens(line) if _LATIN_WORD.search(t)]
    theirs = {key(line): latin(line) for line in newsmon_lines if _ARABIC.search(line)}
    compared = reordered = 0
    examples = []
    for line in pdfium_lines:
        words = latin(line)
        if len(words) < 2 or not _ARABIC.search(line) or key(line) not in theirs:
            continue
        compared += 1
        other = theirs[key(line)]
        if sorted(other) == sorted(words) and other != words:
            reordered += 1
            examples.append(f"{' '.join(words)[:40]!r} -> {' '.join(other)[:40]!r}")
    return compared, reordered, examples[:2]


def newsmon_lines(data: bytes) -> list[str]:
    """newsmon's repaired lines (before layout), for the line-by-line Latin order check."""
    try:
        return [normalize_text(line.text) for line in read_pdf(data).lines]
    except Exception:  # noqa: BLE001 - the verdict reports what went wrong
        return []


def measure(entry: RealPdf, data: bytes) -> Result:
    raw = pdfium_text(data)
    text, verdict, failed = newsmon_text(data)
    # A ZWNJ is half a word boundary: newsmon restores it where pdfium gives a space (XeTeX)
    # or nothing (word processors), so a word counts as kept in either reading of it.
    have = Counter(tokens(text)) | Counter(tokens(text.replace("\u200c", " ")))
    furniture = Counter(t for line in raw.furniture for t in tokens(line))
    wanted = Counter(t for line in raw.lines for t in tokens(_soft_hyphens(line, have))) - furniture
    for first, second in raw.halves:  # a word pdfium broke at a mark, that newsmon holds whole
        if wanted[first] and wanted[second] and have[first + second] > wanted[first + second]:
            wanted.subtract((first, second))
            wanted[first + second] += 1
    split = 0
    for first, second in raw.split:  # the same inside a line
        if wanted[first] > have[first] and wanted[second] > have[second] \
                and have[first + second] > wanted[first + second]:
            wanted.subtract((first, second))
            wanted[first + second] += 1
            split += 1
    lam_alef = _lam_alef(wanted, have)
    lost = wanted - have
    raw_joined = " ".join(raw.lines)
    return Result(
        entry=entry, pages=raw.pages, words=sum(wanted.values()), kept=sum((wanted & have).values()),
        parens=(parentheticals(raw_joined), parentheticals(text)),
        kasra=(glued_kasra(raw_joined, text), glued_kasra(text, raw_joined)),
        latin=latin_order(raw.lines, newsmon_lines(data)) if entry.kind == "arabic" else (0, 0, []),
        hyphens=(len(_HYPHENATED.findall(raw_joined)), len(_HYPHENATED.findall(text))),
        verdict=verdict, failed=failed, lost=lost, credited=(split, lam_alef))


def _lam_alef(wanted: Counter, have: Counter) -> int:
    """Words pdfium read with "ال" for a lam-alef ligature (Word's fonts: "باال", "التین")
    that newsmon holds with "لا" more often than pdfium's text has that word: counted as
    that word (in `wanted`, in place). How many."""
    moved = 0
    for word in [w for w in wanted if "ال" in w and wanted[w] > have[w]]:
        for at in (m.start() for m in re.finditer("ال", word)):
            repaired = word[:at] + "لا" + word[at + 2:]
            n = min(wanted[word] - have[word], have[repaired] - wanted[repaired])
            if n > 0:
                wanted[word] -= n
                wanted[repaired] += n
                moved += n
                break
    return moved


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:6.1f}%" if whole else "     - "


def print_table(results: list[Result]) -> None:
    print(f"{'file':32} {'kind':7} {'pp':>3} {'words':>6} {'kept':>7}  {'() ok/flip pdfium|newsmon':>25} "
          f"{'ezafe p|n':>9} {'latin n/lines':>13} {'hyph p|n':>9}")
    for r in results:
        (po, pf), (no, nf) = r.parens
        print(f"{r.entry.name[:32]:32} {r.entry.kind:7} {r.pages:3} {r.words:6} {_share(r.kept, r.words)}  "
              f"{f'{po}/{pf} | {no}/{nf}':>25} {f'{r.kasra[0]}|{r.kasra[1]}':>9} "
              f"{f'{r.latin[1]}/{r.latin[0]}':>13} {f'{r.hyphens[0]}|{r.hyphens[1]}':>9}")


def print_losses(results: list[Result]) -> None:
    print("\nwords newsmon lost (pdfium's words it does not hold, most frequent first), where kept < 99 %:")
    for r in results:
        if r.words and r.kept < 0.99 * r.words and not r.failed:
            sample = " ".join(f"{w}×{n}" if n > 1 else w for w, n in r.lost.most_common(12))
            print(f"  {r.entry.name}: {r.words - r.kept} lost: {sample}")


def print_latin_examples(results: list[Result]) -> None:
    print("\nLatin words newsmon ordered otherwise than pdfium (pdfium -> newsmon; pdfium is not always"
          " right: it reverses the words of a left-to-right phrase, 'Lamport Leslie'):")
    for r in results:
        for example in r.latin[2]:
            print(f"  {r.entry.name[:28]:28} {example}")


def print_verdicts(results: list[Result]) -> None:
    print("\nverdicts (newsmon parse of each file; no file here is a news article):")
    for r in results:
        flag = "" if r.failed or r.entry.kind in ("arabic", "other") else "  <- accepted as an article"
        print(f"  {r.entry.name[:32]:32} {r.entry.kind:7} {r.verdict[:110]}{flag}")


def print_summary(results: list[Result]) -> None:
    def total(pick) -> tuple[int, int]:
        return sum(pick(r)[0] for r in results), sum(pick(r)[1] for r in results)
    text = [r for r in results if r.entry.kind in ("arabic", "other")]
    arabic = [r for r in text if r.entry.kind == "arabic"]
    print("\nsummary (newsmon beside raw pdfium, same files, same run):")
    for label, group in (("Arabic-script files", arabic), ("all files with text", text)):
        words, kept = sum(r.words for r in group), sum(r.kept for r in group)
        below = [r.entry.name for r in group if r.words and r.kept < 0.99 * r.words]
        print(f"  words kept, {label} ({len(group)}): {_share(kept, words).strip()} of {words} "
              f"(pdfium 100%); files below 99 %: {len(below)}")
    split, lam_alef = total(lambda r: r.credited)
    print(f"  counted kept as newsmon's repairs of pdfium's text: {split} words pdfium broke at a mark, "
          f"{lam_alef} lam-alef ligatures pdfium read as 'ال'")
    (po, pf), (no, nf) = (total(lambda r: r.parens[0]), total(lambda r: r.parens[1]))
    print(f"  parentheticals read right: pdfium {po}, newsmon {no} (ratio {no / max(po, 1):.2f}); "
          f"flipped: pdfium {pf}, newsmon {nf}")
    kp, kn = total(lambda r: r.kasra)
    print(f"  words glued after a kasra that the other text has apart: pdfium {kp}, newsmon {kn}")
    compared, reordered = total(lambda r: r.latin[:2])
    print(f"  Arabic-script lines with 2+ Latin words: {compared}; "
          f"newsmon's order differs from pdfium's in {reordered}")
    hp, hn = total(lambda r: r.hyphens)
    print(f"  hyphen-joined compounds: pdfium {hp}, newsmon {hn} (ratio {hn / max(hp, 1):.2f})")
    bad = [r for r in results if r.entry.kind in ("image", "garbage")]
    accepted = [r.entry.name for r in bad if not r.failed]
    print(f"  not-an-article files (image-only, garbage): {len(bad)}; ParseError {len(bad) - len(accepted)}, "
          f"record {len(accepted)}" + (f" ({', '.join(accepted)})" if accepted else ""))
    errors = [r.entry.name for r in text if r.failed]
    print(f"  files with text that newsmon refused: {len(errors)}" + (f" ({', '.join(errors)})" if errors else ""))


def main() -> int:
    folder = set_dir()
    present = [(e, folder / e.name) for e in MANIFEST if (folder / e.name).is_file()]
    if not present:
        print(f"no real-world set in {folder}: write it with `.venv/bin/python tools/real_pdfs.py` "
              "(it says which snapshots to fetch first)")
        return 0
    if len(present) < len(MANIFEST):
        print(f"note: {len(MANIFEST) - len(present)} of {len(MANIFEST)} files missing from {folder}")
    started = time.monotonic()
    results = [measure(entry, path.read_bytes()) for entry, path in present]
    print(f"real-world set: {len(results)} PDFs from {folder}")
    print_table(results)
    print_losses(results)
    print_latin_examples(results)
    print_verdicts(results)
    print_summary(results)
    print(f"\n({time.monotonic() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
