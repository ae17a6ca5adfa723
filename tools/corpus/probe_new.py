"""A PROBE sample from producers the corpus does not have (LuaLaTeX, WeasyPrint, fpdf2, Typst), built elsewhere.

    .venv/bin/python -m tools.corpus.probe_new [--producer lualatex --producer weasyprint] \\
        [--out /work/probe12-corpus-e] [--first-seed 6000] [--per-producer 60]
    newsmon eval --dir /work/probe12-corpus-e

Every rule of the parser was written against the corpus's five producers; a new producer's layout,
shaping and ToUnicode are fresh evidence. The recipes are drawn as probe.py draws them (the dev
texts in their round robin, no reserved value, no ``heldout: yes`` text) for a per-producer cycle
of fa, ps, en, de. A seed a dev or held-out recipe used is never taken, and a drawn recipe is
skipped when a held-out recipe has its header combination or arrangement with ANY producer (the
key without the producer), so the probe never repeats a held-out header on a new producer.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from tools.corpus import build, fpdf2_pdf, lualatex, typst_pdf, weasyprint_pdf
from tools.corpus.content import Article, load_articles
from tools.corpus.plan import _next_article, dev_recipes, first_fitting_recipe, heldout_recipes
from tools.corpus.probe import write_probe
from tools.corpus.recipes import DEV_SEEDS, Recipe

NEW_PRODUCERS = {"fpdf2": fpdf2_pdf.render, "lualatex": lualatex.render, "weasyprint": weasyprint_pdf.render,
                 "typst": typst_pdf.render}
DEFAULT_OUT = Path("/work/probe12-corpus-e")
DEFAULT_FIRST_SEED = 6000
CYCLE = ("fa", "ps", "en", "de", "fa", "ps")


def new_recipes(articles: list[Article], producers: list[str], per_producer: int,
                first_seed: int = DEFAULT_FIRST_SEED) -> list[Recipe]:
    """`per_producer` recipes per producer over CYCLE, none on a dev/held-out seed or header."""
    dev = dev_recipes(articles)
    held = heldout_recipes(articles, dev)
    taken = {r.seed for r in dev + held} | set(DEV_SEEDS)
    keys, arrangements = {r.key()[1:] for r in held}, {r.arrangement()[1:] for r in held}
    pools = {lang: [a for a in articles if a.lang == lang and not a.heldout_only]
             for lang in {a.lang for a in articles}}
    used: Counter = Counter()
    seed, recipes = first_seed, []
    for i in range(per_producer):
        for producer in producers:
            lang = CYCLE[i % len(CYCLE)]
            article = _next_article(pools[lang], used, lang)
            recipe, seed = first_fitting_recipe(
                seed, "probe", producer, article,
                lambda r: r.seed not in taken and r.key()[1:] not in keys and r.arrangement()[1:] not in arrangements,
                "probe")
            recipes.append(recipe)
    return recipes


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tools.corpus.probe_new", description=__doc__.splitlines()[0])
    ap.add_argument("--producer", action="append", choices=sorted(NEW_PRODUCERS),
                    help="a new producer (repeatable; default all)")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"output folder (default {DEFAULT_OUT})")
    ap.add_argument("--first-seed", type=int, default=DEFAULT_FIRST_SEED)
    ap.add_argument("--per-producer", type=int, default=60)
    ap.add_argument("--only", action="append", help="only this document id (repeatable)")
    args = ap.parse_args(argv)
    build.RENDER.update(NEW_PRODUCERS)  # produce() renders by the recipe's producer name
    articles = {a.slug: a for a in load_articles()}
    recipes = new_recipes(list(articles.values()), args.producer or sorted(NEW_PRODUCERS), args.per_producer,
                          args.first_seed)
    return write_probe(recipes, articles, args.out, args.only)


if __name__ == "__main__":
    sys.exit(main())
