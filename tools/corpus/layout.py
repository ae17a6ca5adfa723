"""A producer-neutral description of one document: what is printed, in which order and style.

Every producer renders a ``Doc``; the ground truth is computed from the same ``Doc``
(never read back from a PDF), so truth and print cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from tools.corpus import formats
from tools.corpus.content import Article
from tools.corpus.recipes import Recipe

SITE_ORDERS = {
    "full": ("name", "mark", "verse", "web", "mail"),
    "reordered": ("mark", "name", "verse", "mail", "web"),
    "no_verse": ("name", "mark", "web", "mail"),
    "contacts_first": ("web", "mail", "name", "mark", "verse"),
    "name_only": ("name",),
}


@dataclass(frozen=True)
class Para:
    text: str


@dataclass(frozen=True)
class Picture:
    seed: str
    caption: str
    width_cm: float


@dataclass(frozen=True)
class Quote:
    text: str


@dataclass(frozen=True)
class Verse:
    """Couplets set as a poem: each on a line of its own, centred, its two hemistichs apart."""

    couplets: tuple[tuple[str, str], ...]

    @property
    def lines(self) -> list[str]:
        """Each couplet a paragraph of the truth's body: set on a line of its own, centred, it
        is a block of its own on the page, as a reader copies it."""
        return [f"{a} {b}" for a, b in self.couplets]


@dataclass
class Doc:
    doc_id: str
    recipe: Recipe
    article: Article
    day: dt.date
    date_text: str
    byline: str | None            # prefix + author as printed
    site: tuple[str, ...]         # kinds in printed order: name, mark, verse, web, mail
    labels: list[str]
    title_lines: list[str]
    body: list[Para | Picture | Quote | Verse]
    original: dt.date | None
    original_text: str | None
    running: str | None
    footer: str                   # a kind of formats.footer_text, or "none"
    header_parts: list[list[str]] = field(default_factory=list)  # byline/date lines, each of 1-2 parts

    @property
    def rtl(self) -> bool:
        return self.article.rtl

    @property
    def lang(self) -> str:
        return self.article.lang

    @property
    def labels_one_line(self) -> bool:
        return self.recipe.labels == "one_line"

    @property
    def paragraphs(self) -> list[str]:
        return [text for b in self.body if isinstance(b, (Para, Verse))
                for text in (b.lines if isinstance(b, Verse) else [b.text])]

    @property
    def captions(self) -> list[str]:
        return [b.caption for b in self.body if isinstance(b, Picture)]


def split_title(title: str, n: int) -> list[str]:
    """Break a title into n lines at word boundaries, as even in length as possible."""
    words = title.split()
    n = min(n, len(words))
    best: tuple[int, list[str]] | None = None

    def cuts(start: int, left: int):
        if left == 1:
            yield [" ".join(words[start:])]
            return
        for end in range(start + 1, len(words) - left + 2):
            for rest in cuts(end, left - 1):
                yield [" ".join(words[start:end]), *rest]

    for lines in cuts(0, n):
        worst = max(len(line) for line in lines)
        if best is None or worst < best[0]:
            best = (worst, lines)
    return best[1] if best else [title]


def _header_parts(recipe: Recipe, byline: str | None, date_text: str) -> list[list[str]]:
    style = recipe.byline_date
    if style == "no_byline" or byline is None:
        return [[date_text]]
    if style == "lines_byline_first":
        return [[byline], [date_text]]
    if style == "lines_date_first":
        return [[date_text], [byline]]
    if style == "line_byline_first":
        return [[byline, date_text]]
    return [[date_text, byline]]


def _body(article: Article, recipe: Recipe) -> list[Para | Picture | Quote | Verse]:
    """Paragraphs with pictures spread after paragraphs 1..n and a pull quote mid-article."""
    paras = list(article.paragraphs)
    n_pics = recipe.images
    picture_after = {round((i + 1) * len(paras) / (n_pics + 1)) - 1: i for i in range(n_pics)}
    if n_pics == 1 and recipe.seed % 3 == 0:
        picture_after = {-1: 0}  # the picture before the first paragraph
    quote_after = 1 if recipe.pull_quote else None
    blocks: list[Para | Picture | Quote | Verse] = []
    verses = dict(article.verses)
    width = 8.0 + (recipe.seed % 5)
    if -1 in picture_after:
        blocks.append(Picture(f"{recipe.doc_id}/1", article.captions[0], width))
    for i, text in enumerate(paras):
        blocks.append(Verse(verses[i]) if i in verses else Para(text))
        if i == quote_after and article.quote:
            blocks.append(Quote(article.quote))
        if i in picture_after and i >= 0:
            k = picture_after[i]
            blocks.append(Picture(f"{recipe.doc_id}/{k + 1}", article.captions[k], width - k))
    return blocks


def build_doc(article: Article, recipe: Recipe) -> Doc:
    day = dt.date.fromisoformat(recipe.date)
    date_text = formats.format_date(day, recipe.date_format, article.lang)
    byline = None if recipe.byline_date == "no_byline" else f"{recipe.prefix or ''}{article.author}"
    original = day - dt.timedelta(days=1 + recipe.seed % 9) if recipe.original else None
    title = article.title
    return Doc(
        doc_id=recipe.doc_id, recipe=recipe, article=article, day=day, date_text=date_text, byline=byline,
        site=SITE_ORDERS[recipe.site],
        labels=formats.section_labels(article.section, recipe.labels, recipe.unknown_label),
        title_lines=split_title(title, recipe.title_lines), body=_body(article, recipe), original=original,
        original_text=formats.original_text(original, article.lang) if original else None,
        running=formats.running_text(recipe.running_header, date_text, title), footer=recipe.footer,
        header_parts=_header_parts(recipe, byline, date_text),
    )
