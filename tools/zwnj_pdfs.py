"""Write the small XeTeX PDF behind tests/unit/test_parse_zwnj.py (tests/data/pdfs/).

    .venv/bin/python tools/zwnj_pdfs.py            # tests/data/pdfs/xetex-zwnj.{tex,pdf}
    .venv/bin/python tools/zwnj_pdfs.py --out /tmp/x

A dev-only step (the PDF and its source are committed; CI never runs this). Needs xelatex
with xepersian (texlive-xetex, texlive-lang-arabic) and the fonts Nazli (fonts-farsiweb),
Amiri (fonts-hosny-amiri) and Scheherazade (fonts-sil-scheherazade).

xetex-zwnj.pdf: Dari and Pashto lines with ZWNJs, typeset by XeTeX in three fonts and two
sizes. XeTeX draws a ZWNJ as a glyph that pdfium reads as a no-break space (Nazli) or a
space (Amiri, Scheherazade); the last lines hold real spaces between a letter that joins
and one with forms, which must stay spaces.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "pdfs"

# (font command, line): each line a paragraph of its own. Written for these tests.
LINES = [
    ("", "پرسش‌های بی‌پاسخ در نشست‌ها"),
    ("\\amiri", "کتاب‌ها و نامه‌های تازه را می‌خوانیم."),
    ("\\scheh", "د کتاب‌پلورنځي خاوند وايي."),
    ("\\LARGE", "گفت‌وگوهای صلح"),
    ("", "خانه بزرگ است."),
    ("\\amiri", "نامه رسید و خانه بزرگ شد."),
]

TEX = r"""\documentclass[12pt]{article}
\usepackage{xepersian}
\settextfont{Nazli}
\defpersianfont\amiri{Amiri}
\defpersianfont\scheh{Scheherazade}
\pagestyle{empty}
\begin{document}
%s
\end{document}
"""


def build_xetex(out: Path) -> Path:
    source = out / "xetex-zwnj.tex"
    body = "\n\n".join(f"{{{font} {line}}}" if font else line for font, line in LINES)
    source.write_text(TEX % body, encoding="utf-8")
    with tempfile.TemporaryDirectory() as work:
        shutil.copy(source, work)
        env = {**os.environ, "SOURCE_DATE_EPOCH": "0"}
        subprocess.run(["xelatex", "-interaction=nonstopmode", "-halt-on-error", source.name],
                       cwd=work, check=True, capture_output=True, env=env)
        target = out / "xetex-zwnj.pdf"
        shutil.copy(Path(work) / "xetex-zwnj.pdf", target)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    print(build_xetex(args.out))


if __name__ == "__main__":
    main()
