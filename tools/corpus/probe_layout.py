"""A PROBE sample of NEW layout values (fonts, joiners, footers, byline prefixes, date formats,
labels, body size and line spacing), built outside the repository.

    .venv/bin/python -m tools.corpus.probe_layout --out /work/probe35-tune [--first-seed 2000] [--count 48]
    newsmon eval --dir /work/probe35-tune

The held-out partition differs from dev in header arrangements and in values dev never has
(``recipes.RESERVED``). Those must not be used or looked at, so this probe makes the parser meet
values NOBODY has drawn, of the same kinds: each dimension of ``NOVEL`` takes a novel value with
chance ``NOVEL_CHANCE``, else keeps the ordinary dev value ``draw_recipe`` gave. The novel values
are in no dev tuple of recipes.py and not in RESERVED, so dev and held-out are drawn exactly as
before. Recipes come from seeds 2000-4999 (never a dev or held-out seed) in a producer x
language cycle, dev texts only; a recipe whose key or arrangement a held-out recipe
has is skipped, as probe.py does.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import random
import subprocess
import sys
from collections import Counter
from pathlib import Path

from tools.corpus.content import Article, load_articles
from tools.corpus.plan import MAX_TRIES, _next_article, _recipe
from tools.corpus.probe import held_out_headers_and_pools, write_probe
from tools.corpus.recipes import DEV_SEEDS, HELDOUT_FIRST_SEED, RESERVED, Recipe

FIRST_SEED, LAST_SEED = 2000, 4999
NOVEL_CHANCE = 0.5
PARTITION = "probe"
PRODUCERS = ("lo_odt", "lo_docx", "chromium_clean", "chromium_naskh", "reportlab", "xetex")
LANG_CYCLE = ("fa", "ps", "en", "fa", "de", "ps", "fr", "fa")  # per producer, shifted one per producer
# Fonts installed but unused by the corpus. Homa and Nazli have no Pashto letters; Noto Kufi
# Arabic has no presentation forms (reportlab prints those) nor ( ) / - (TeX has no fallback);
# chromium_naskh is defined by Noto Naskh's /ReversedChars, so it keeps its font.
NOVEL_ARABIC = {
    "lo_odt": ("Homa", "Noto Kufi Arabic", "DejaVu Sans", "Nazli"),
    "lo_docx": ("Homa", "Noto Kufi Arabic", "DejaVu Sans", "Nazli"),
    "chromium_clean": ("Homa", "Noto Kufi Arabic", "DejaVu Sans", "Nazli"),
    "chromium_naskh": (),
    "reportlab": ("Homa", "DejaVu Sans", "Nazli"),
    "xetex": ("Homa", "DejaVu Sans"),
}
NO_PASHTO = frozenset({"Homa", "Nazli"})
# XeTeX and reportlab fall back to no other font for a glyph the font lacks (DejaVu Sans has no
# Pashto "ۍ"): the page would not print a letter the truth has. They take a novel font only
# where it has every Arabic-script character of the text.
NO_FALLBACK = frozenset({"xetex", "reportlab"})
NOVEL = {
    "latin_font": ("DejaVu Sans", "Noto Serif"),
    "joiner": ("bullet", "slash", "emdash", "middot"),
    "footer": ("emdash_n", "paren_n", "n_site", "fa_n_of_m", "seite_n"),
    "prefix": {"fa": ("ترجمه و تلخیص: ", "گزارش از: "), "ps": ("لیکنه: ",),
               "en": ("Translated by ", "Text: "), "de": ("Übersetzt von ",), "fr": ()},
    "date_format": {"fa": ("iso", "dmy_slash", "shamsi_weekday"), "ps": ("iso", "dmy_slash", "shamsi_weekday"),
                    "en": ("iso", "dmy_slash", "en_short", "en_weekday"), "de": ("iso", "dmy_slash"),
                    "fr": ("iso", "dmy_slash")},
    "unknown_label": {"rtl": ("گزارش", "یادداشت"), "latin": ("Interview", "Reportage", "Meinung")},
    "body_size": (10.0, 15.0),
    "line_spacing": (1.2, 1.8),
}


def novel_values() -> set[str]:
    """Every novel value as a string (for the test that none is reserved or drawn for dev)."""
    out = {v for fonts in NOVEL_ARABIC.values() for v in fonts}
    for values in NOVEL.values():
        groups = values.values() if isinstance(values, dict) else [values]
        out |= {str(v) for group in groups for v in group}
    return out


@functools.cache
def _font_chars(family: str) -> frozenset[int]:
    """The characters the font fontconfig picks for `family` has glyphs for."""
    from fontTools.ttLib import TTFont

    path = subprocess.run(["fc-match", "-f", "%{file}", family], check=True, capture_output=True,  # noqa: S607
                          text=True).stdout
    return frozenset(TTFont(path, fontNumber=0).getBestCmap())


def _covers(family: str, article: Article, producer: str) -> bool:
    """Has the font every Arabic-script character the producer draws of the text? reportlab
    draws the presentation forms (and the ligature ﷲ) arabic-reshaper makes of it."""
    text = " ".join([article.title, article.author, article.quote or "", *article.captions, *article.paragraphs])
    if producer == "reportlab":
        from tools.corpus.reportlab_pdf import _reshaper

        text = _reshaper().reshape(text)
    return all(ord(ch) in _font_chars(family) for ch in set(text)
               if "\u0600" <= ch <= "\u06ff" or "\ufb50" <= ch <= "\ufdff" or "\ufe70" <= ch <= "\ufeff")


def _swap(recipe: Recipe, article: Article) -> Recipe:
    """The recipe with each dimension replaced by a novel value with chance NOVEL_CHANCE (its own
    generator per seed, so the draw is repeatable and independent of draw_recipe's)."""
    rng = random.Random(recipe.seed * 7919 + 35)  # noqa: S311 -- a repeatable sample, not a secret
    rtl = recipe.lang in ("fa", "ps")
    change: dict = {}

    def maybe(values) -> object | None:
        values = tuple(values)
        return rng.choice(values) if values and rng.random() < NOVEL_CHANCE else None

    fonts = [f for f in NOVEL_ARABIC[recipe.producer] if not (recipe.lang == "ps" and f in NO_PASHTO)
             and (recipe.producer not in NO_FALLBACK or _covers(f, article, recipe.producer))]
    if (font := maybe(fonts)) is not None:
        change["arabic_font"] = font
    if (font := maybe(NOVEL["latin_font"])) is not None:
        change["latin_font"] = font
    if not recipe.header_table and (joiner := maybe(NOVEL["joiner"])) is not None:
        change["joiner"] = joiner
        if not recipe.byline_date.startswith("line_"):
            change["byline_date"] = rng.choice(("line_byline_first", "line_date_first"))
            if recipe.prefix is None:
                change["prefix"] = ""
    if (footer := maybe(NOVEL["footer"])) is not None:
        change["footer"] = footer
    if (change.get("byline_date", recipe.byline_date) != "no_byline"
            and (prefix := maybe(NOVEL["prefix"][recipe.lang])) is not None):
        change["prefix"] = prefix
    if (fmt := maybe(NOVEL["date_format"][recipe.lang])) is not None:
        change["date_format"] = fmt
    if (label := maybe(NOVEL["unknown_label"]["rtl" if rtl and rng.random() < 0.7 else "latin"])) is not None:
        change.update(labels="unknown", unknown_label=label)
    if (size := maybe(NOVEL["body_size"])) is not None:
        change["body_size"] = size
    if (spacing := maybe(NOVEL["line_spacing"])) is not None:
        change["line_spacing"] = spacing
    return dataclasses.replace(recipe, **change)


def schedule(count: int) -> list[tuple[str, str]]:
    """`count` (producer, language) slots: producers in turn, each through LANG_CYCLE."""
    return [(p, LANG_CYCLE[(i // len(PRODUCERS) + i) % len(LANG_CYCLE)])
            for i, p in ((i, PRODUCERS[i % len(PRODUCERS)]) for i in range(count))]


def layout_recipes(articles: list[Article], first_seed: int = FIRST_SEED, count: int = 48) -> list[Recipe]:
    """`count` recipes over schedule(count), seeds from `first_seed`, none with a held-out
    key or arrangement, none with a reserved value."""
    keys, arrangements, pools = held_out_headers_and_pools(articles)
    used: Counter = Counter()
    seed, recipes = first_seed, []
    for producer, lang in schedule(count):
        article = _next_article(pools[lang], used, lang)
        for _ in range(MAX_TRIES):
            if not FIRST_SEED <= seed <= LAST_SEED or seed in DEV_SEEDS or seed >= HELDOUT_FIRST_SEED:
                raise ValueError(f"probe seed {seed} outside {FIRST_SEED}-{LAST_SEED}")
            recipe = _swap(_recipe(seed, PARTITION, producer, article), article)
            seed += 1
            if (recipe.key() not in keys and recipe.arrangement() not in arrangements
                    and not RESERVED & {str(v) for v in dataclasses.astuple(recipe)}):
                recipes.append(recipe)
                break
        else:
            raise RuntimeError(f"no probe recipe for {producer}/{lang} in {MAX_TRIES} seeds")
    return recipes


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tools.corpus.probe_layout", description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, required=True, help="output folder (outside the repository)")
    ap.add_argument("--first-seed", type=int, default=FIRST_SEED)
    ap.add_argument("--count", type=int, default=48, help="documents ")
    ap.add_argument("--only", action="append", help="only this document id (repeatable)")
    args = ap.parse_args(argv)
    articles = {a.slug: a for a in load_articles()}
    return write_probe(layout_recipes(list(articles.values()), args.first_seed, args.count), articles, args.out,
                       args.only)


if __name__ == "__main__":
    sys.exit(main())
