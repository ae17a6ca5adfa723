"""A PROBE sample in Arabic fonts the corpus never uses, built outside the repository.

    .venv/bin/python -m tools.corpus.probe_fonts [--out /work/probe35-fonts] [--first-seed 1500]
    newsmon eval --dir /work/probe35-fonts

Every rule of the parser was written against the corpus's fonts (Amiri, Noto Naskh/Sans Arabic,
Nazli); a font shapes, joins, ligates and maps its glyphs in its own way, and a real site's
writers use whatever font they have. The recipes are probe.py's (the dev texts in their round
robin, no reserved value, no held-out header), Dari and Pashto ones of the producers that take
any installed font (LibreOffice, XeTeX, Chromium), with the Arabic font swapped for one of
FONTS in turn. A dev-only step: needs the Debian packages fonts-sil-lateef, fonts-sil-harmattan
and fonts-kacst (apt-get install them; CI never runs this).

Measured so far (see the closing note of issue 12): seeds 1500- (TUNE, looked at) and 1700-
(CHECK, totals only).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from tools.corpus.content import load_articles
from tools.corpus.probe import probe_recipes, write_probe
from tools.corpus.recipes import Recipe

# SIL's Lateef and Harmattan, KACST's KacstOne (which has no Pashto letters).
FONTS = {"fa": ("Lateef", "Harmattan", "KacstOne"), "ps": ("Lateef", "Harmattan")}
PRODUCERS = ("lo_odt", "lo_docx", "xetex", "chromium_clean")
DEFAULT_OUT = Path("/work/probe35-fonts")
DEFAULT_FIRST_SEED = 1500


def font_recipes(recipes: list[Recipe], fonts: dict[str, tuple[str, ...]] | None = None,
                 producers: tuple[str, ...] = PRODUCERS) -> list[Recipe]:
    """The Dari and Pashto recipes of `producers`, each with the next font of its language's
    `fonts` (FONTS by default)."""
    fonts = fonts or FONTS
    chosen = [r for r in recipes if r.lang in fonts and r.producer in producers]
    return [dataclasses.replace(r, arabic_font=fonts[r.lang][n % len(fonts[r.lang])]) for n, r in enumerate(chosen)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tools.corpus.probe_fonts", description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"output folder (default {DEFAULT_OUT})")
    ap.add_argument("--first-seed", type=int, default=DEFAULT_FIRST_SEED)
    ap.add_argument("--font", action="append", help="an installed Arabic font to use instead of FONTS (repeatable;"
                    " for both languages: it must have Pashto's letters)")
    ap.add_argument("--producer", action="append", choices=PRODUCERS, help="only this producer (repeatable)")
    ap.add_argument("--lang", choices=tuple(FONTS), help="only this language's recipes (a font with no Pashto"
                    " letters, farsiweb's Homa or Titr, for Dari)")
    args = ap.parse_args(argv)
    articles = {a.slug: a for a in load_articles()}
    langs = (args.lang,) if args.lang else tuple(FONTS)
    fonts = {lang: tuple(args.font) for lang in langs} if args.font else {lang: FONTS[lang] for lang in langs}
    recipes = font_recipes(probe_recipes(list(articles.values()), args.first_seed), fonts,
                           tuple(args.producer or PRODUCERS))
    return write_probe(recipes, articles, args.out)


if __name__ == "__main__":
    sys.exit(main())
