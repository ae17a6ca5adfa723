"""Build the varied afgazad-style corpus (corpus/variants/{dev,heldout}).

    .venv/bin/python -m tools.corpus                       # both partitions
    .venv/bin/python -m tools.corpus --partition dev
    .venv/bin/python -m tools.corpus --only v0007-lo_docx-fa --only v0012-xetex-ps

A dev-only step (the output is committed). Needs LibreOffice, Debian chromium, xelatex with
xepersian (texlive-xetex, texlive-lang-arabic), the fonts of corpus/variants/README.md, and the
`corpus` extra (reportlab, arabic-reshaper, python-bidi, python-docx).
"""

from __future__ import annotations

import argparse
import sys

from tools.corpus.build import OUT_DIR, build
from tools.corpus.check import summary_table


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tools.corpus", description=__doc__.splitlines()[0])
    ap.add_argument("--partition", choices=("dev", "heldout", "all"), default="all")
    ap.add_argument("--only", action="append", help="only this document id (repeatable)")
    args = ap.parse_args(argv)
    truths = build(args.partition, set(args.only) if args.only else None)
    print(f"{len(truths)} documents written to {OUT_DIR}")
    print(summary_table(truths))
    return 0


if __name__ == "__main__":
    sys.exit(main())
