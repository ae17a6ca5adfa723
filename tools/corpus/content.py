"""The article texts of the variants corpus (``texts/<slug>.txt``), read and checked.

A text file holds only what an author writes: language, section, author, title, an
optional pull-quote sentence (which must be a sentence of the body), captions for up to
three pictures, and the paragraphs. How it is laid out (labels, byline prefix, date
format, pictures used, producer...) is the recipe's business, so one text serves many
documents. ``heldout: yes`` keeps a text out of the dev partition.

    lang: fa
    section: Political            (the English name of a profile section)
    author: ...
    title: ...
    quote: a sentence that also appears in a paragraph
    caption: first caption        (repeatable)
    heldout: yes                  (optional)
    ---
    paragraph

    paragraph
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

TEXTS_DIR = Path(__file__).resolve().parent / "texts"
RTL_LANGS = frozenset({"fa", "ps"})
ZWNJ = "\u200c"


@dataclass(frozen=True)
class Article:
    slug: str
    lang: str
    section: str
    author: str
    title: str
    quote: str | None
    captions: tuple[str, ...]
    paragraphs: tuple[str, ...]
    heldout_only: bool = False
    # Paragraphs that are verse, by index: their couplets (two hemistichs each), set as a poem is
    # (layout.Verse); the paragraph's text is the hemistichs in reading order. A body paragraph
    # whose lines all open with "> " is verse, each line a couplet "hemistich / hemistich".
    verses: tuple[tuple[int, tuple[tuple[str, str], ...]], ...] = ()

    @property
    def rtl(self) -> bool:
        return self.lang in RTL_LANGS


def clean(text: str) -> str:
    """One line of text as the truth stores it: NFC, single spaces (ZWNJ kept)."""
    return unicodedata.normalize("NFC", " ".join(text.split()))


def _is_verse(block: str) -> bool:
    return all(line.strip().startswith("> ") for line in block.strip().splitlines())


def _couplets(block: str) -> tuple[tuple[str, str], ...]:
    """A verse paragraph's couplets: each line "> hemistich / hemistich"."""
    out = []
    for line in block.strip().splitlines():
        first, sep, second = line.strip()[2:].partition(" / ")
        if not sep:
            raise ValueError(f"a verse line needs two hemistichs split by ' / ': {line.strip()!r}")
        out.append((clean(first), clean(second)))
    return tuple(out)


def parse_text(path: Path) -> Article:
    raw = path.read_text(encoding="utf-8")
    head, sep, body = raw.partition("\n---\n")
    if not sep:
        raise ValueError(f"{path.name}: no '---' line between header and body")
    meta: dict[str, list[str]] = {}
    for line in head.splitlines():
        if line.strip():
            key, _, value = line.partition(":")
            meta.setdefault(key.strip(), []).append(clean(value))
    blocks = [p for p in re.split(r"\n\s*\n", body.strip()) if clean(p)]
    verses = tuple((i, _couplets(p)) for i, p in enumerate(blocks) if _is_verse(p))
    paragraphs = tuple(" ".join(f"{a} {b}" for a, b in dict(verses)[i]) if i in dict(verses) else clean(p)
                       for i, p in enumerate(blocks))
    article = Article(
        slug=path.stem, lang=meta["lang"][0], section=meta["section"][0], author=meta["author"][0],
        title=meta["title"][0], quote=meta.get("quote", [None])[0], captions=tuple(meta.get("caption", [])),
        paragraphs=paragraphs, heldout_only=meta.get("heldout", ["no"])[0] == "yes", verses=verses,
    )
    check_article(article)
    return article


def check_article(article: Article) -> None:
    """Refuse a text that would make a wrong or useless truth."""
    where = article.slug
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", where):
        raise ValueError(f"{where}: bad slug")
    if article.quote and not any(article.quote.rstrip(".!?") in p for p in article.paragraphs):
        raise ValueError(f"{where}: the pull quote is not a sentence of the body")
    words = sum(len(p.split()) for p in article.paragraphs)
    if not 150 <= words <= 500:
        raise ValueError(f"{where}: {words} words, want 150-500")
    if len(article.title.split()) < 3:
        raise ValueError(f"{where}: a title needs 3+ words (it may be printed on 3 lines)")


def rtl_features(article: Article) -> dict[str, bool]:
    """Which of the text defects the parser must survive this article's body exercises."""
    body = "\n".join(article.paragraphs)
    return {
        "brackets": bool(re.search(r"\([^)]+\)", body)),
        "guillemets": "«" in body and "»" in body,
        "ezafe_kasra": bool(re.search("\u0650(?=\\s)", body)),
        "latin_in_rtl": bool(re.search(r"[A-Za-z]{2,}", body)),
        "latin_list": bool(re.search(r"[A-Za-z]+،\s*[A-Za-z]+", body)),
        "hyphenated": bool(re.search(r"[\u0600-\u06ff]-[\u0600-\u06ff]", body)),
        "lam_alef": "لا" in body,
        "zwnj": ZWNJ in body,
        "persian_digits": bool(re.search("[\u06f0-\u06f9]", body)),
        "ascii_digits": bool(re.search("[0-9]", body)),
    }


def load_articles(texts_dir: Path = TEXTS_DIR) -> list[Article]:
    return [parse_text(path) for path in sorted(texts_dir.glob("*.txt"))]
