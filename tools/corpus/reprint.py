"""Documents printed again by another tool: cairo, as a Linux viewer's "Print to file" does, or Ghostscript.

    .venv/bin/python -m tools.corpus.reprint --out /work/probe48-cairo /work/probe47-homa ...
    .venv/bin/python -m tools.corpus.reprint --tool gs --out /work/probe48-gs /work/probe47-homa ...
    newsmon eval --dir /work/probe48-cairo

Evince, Okular and Firefox on Linux print to a PDF through cairo (`pdftocairo -pdf` is poppler's
own path there): every glyph drawn again, each font subset again, the type set at size 1 and
scaled by the text matrix, spaces drawn with no ink, glyphs with no Unicode mapped to U+FFFD, and
the text objects in an order of cairo's. Ghostscript's pdfwrite (ps2pdf, CUPS, and the "compress
PDF" services) distils a PDF again likewise, in its own way. A document an editor saved so is a
document made by a tool nobody here wrote a rule for. Each PDF of the given folders is printed
again into `--out` with its truth JSON beside it (the truth does not change: the text is the
same). A dev-only step: needs Debian's poppler-utils, or ghostscript (CI never runs this).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

# Each tool's command line, the source and target paths last (as arguments: no shell).
TOOLS = {
    "cairo": ["pdftocairo", "-pdf"],
    "gs": ["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pdfwrite", "-dPDFSETTINGS=/ebook", "-o"],
}


def reprint(source: Path, target: Path, tool: str = "cairo") -> None:
    """`source` printed again by `tool` (see TOOLS) into `target` (a clear error where it fails)."""
    command = TOOLS[tool] + ([str(target), str(source)] if tool == "gs" else [str(source), str(target)])
    done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=300)  # noqa: S603 (no shell)
    if done.returncode != 0 or not target.is_file():
        raise RuntimeError(f"{source}: {command[0]} failed ({done.returncode}): {done.stderr.strip()[:200]}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tools.corpus.reprint", description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, required=True, help="output folder (outside the repository)")
    ap.add_argument("--tool", choices=sorted(TOOLS), default="cairo", help="what prints them again (default cairo)")
    ap.add_argument("sources", type=Path, nargs="+", help="folders of PDFs, each with its truth JSON beside it")
    args = ap.parse_args(argv)
    if shutil.which(TOOLS[args.tool][0]) is None:
        print(f"reprint: {TOOLS[args.tool][0]} not found (apt-get install poppler-utils ghostscript)", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    count = 0
    for folder in args.sources:
        for pdf in sorted(folder.glob("*.pdf")):
            truth = pdf.with_suffix(".json")
            if not truth.is_file():
                continue
            reprint(pdf, args.out / pdf.name, args.tool)
            shutil.copyfile(truth, args.out / truth.name)
            count += 1
    print(f"reprinted {count} documents into {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
