"""A PROBE sample of Chromium PDFs printed with the browser's own header and footer, built outside the repository.

    .venv/bin/python -m tools.corpus.probe_print_footer [--out /work/probe35-chromehf] [--first-seed 1900]
    newsmon eval --dir /work/probe35-chromehf

A reader who prints an article page from a browser gets the browser's furniture on every page:
the date and the page's title at the top, its URL and "1/2" at the foot. The corpus prints its
Chromium documents without it (--no-pdf-header-footer) and sets its own running heads and footers
in CSS, which take the browser's place; here the recipes' own running head and footer are left
out, so the browser's are printed. The recipes are probe.py's Chromium ones.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import sys
from pathlib import Path

from tools.corpus import build, chromium
from tools.corpus.content import load_articles
from tools.corpus.probe import probe_recipes, write_probe
from tools.corpus.recipes import Recipe

DEFAULT_OUT = Path("/work/probe35-chromehf")
DEFAULT_FIRST_SEED = 1900


def print_footer_recipes(recipes: list[Recipe]) -> list[Recipe]:
    """The Chromium recipes, without a running head or footer of their own."""
    return [dataclasses.replace(r, running_header="none", footer="none") for r in recipes
            if r.producer.startswith("chromium")]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tools.corpus.probe_print_footer",
                                 description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"output folder (default {DEFAULT_OUT})")
    ap.add_argument("--first-seed", type=int, default=DEFAULT_FIRST_SEED)
    args = ap.parse_args(argv)
    render = functools.partial(chromium.render, browser_furniture=True)
    build.RENDER.update({"chromium_clean": render, "chromium_naskh": render})  # produce() renders by producer
    articles = {a.slug: a for a in load_articles()}
    recipes = print_footer_recipes(probe_recipes(list(articles.values()), args.first_seed))
    return write_probe(recipes, articles, args.out)


if __name__ == "__main__":
    sys.exit(main())
