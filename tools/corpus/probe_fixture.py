"""A probe document made again as a committed test fixture (tests/data/pdfs/<name>.pdf + .json).

    .venv/bin/python -m tools.corpus.probe_fixture --recipe /work/probe42-fonts/v1841-lo_docx-fa.json \\
        --name lo-docx-harmattan-final-heh images=0 original=False

A probe (probe_fonts.py, probe_layout.py) finds a defect in a document of the corpus's own texts;
its test needs that document, small. This builds the probe document's recipe again (read from
its truth JSON, which holds it) with the changes given as FIELD=VALUE (no pictures, no pull
quote: fewer bytes), through the probe's own build (produce, pin, check), and writes the PDF and
its truth (the recipe in it, so the fixture can be made again from the committed JSON alone).
Dev-only, like every probe tool: it needs the fonts and producers the recipe names.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import shutil
import sys
import tempfile
from pathlib import Path

from tools.corpus import build
from tools.corpus.content import load_articles
from tools.corpus.layout import build_doc
from tools.corpus.probe import build_probe
from tools.corpus.probe_new import NEW_PRODUCERS
from tools.corpus.recipes import Recipe
from tools.corpus.reprint import TOOLS, reprint

FIXTURES = Path(__file__).resolve().parents[2] / "tests" / "data" / "pdfs"


def _value(text: str) -> object:
    """A FIELD=VALUE change's value: an integer, True/False/None, or the text."""
    if text.lstrip("-").isdigit():
        return int(text)
    return {"True": True, "False": False, "None": None}.get(text, text)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tools.corpus.probe_fixture", description=__doc__.splitlines()[0])
    ap.add_argument("--recipe", type=Path, required=True, help="a probe document's truth JSON (it holds the recipe)")
    ap.add_argument("--name", required=True, help="the fixture's file name, without .pdf/.json")
    ap.add_argument("changes", nargs="*", help="recipe fields to change, FIELD=VALUE")
    ap.add_argument("--reprint", choices=sorted(TOOLS), help="print the document again with this tool: cairo,"
                    " as a Linux viewer's print to file does, or gs (see reprint.py)")
    ap.add_argument("--low-recall", action="store_true", help="keep a document whose raw pdfium text finds too"
                    " few of its words (see probe.build_probe)")
    args = ap.parse_args(argv)
    build.RENDER.update(NEW_PRODUCERS)  # a probe_new document's producer too
    recipe = Recipe(**json.loads(args.recipe.read_text(encoding="utf-8"))["recipe"])
    changes = dict(change.split("=", 1) for change in args.changes)
    unknown = set(changes) - {f.name for f in dataclasses.fields(Recipe)}
    if unknown:
        raise SystemExit(f"probe_fixture: no such recipe field: {', '.join(sorted(unknown))}")
    recipe = dataclasses.replace(recipe, **{k: _value(v) for k, v in changes.items()})
    article = {a.slug: a for a in load_articles()}[recipe.article]
    out = Path(tempfile.mkdtemp(prefix="newsmon-fixture-"))
    try:
        if not build_probe([build_doc(article, recipe)], out, args.low_recall):
            return 1  # (build_probe said why)
        if args.reprint:
            made = out / f"{recipe.doc_id}.pdf"
            reprint(made, made.with_suffix(".again.pdf"), args.reprint)
            made.with_suffix(".again.pdf").replace(made)
        for suffix in (".pdf", ".json"):
            shutil.copyfile(out / f"{recipe.doc_id}{suffix}", FIXTURES / f"{args.name}{suffix}")
    finally:
        shutil.rmtree(out, ignore_errors=True)
    print(f"wrote {FIXTURES / args.name}.pdf and .json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
