"""Write the small PDFs that reproduce the text defects found on real Persian PDFs
(tests/data/pdfs/, used by tests/unit/test_parse_real_defects.py).

    .venv/bin/python tools/real_defect_pdfs.py            # both
    .venv/bin/python tools/real_defect_pdfs.py --out /tmp/x

A dev-only step (the PDFs and their sources are committed; CI never runs this). Needs
xelatex with xepersian (texlive-xetex, texlive-lang-arabic), fonts-hosny-amiri (Amiri,
OFL), fonts-dejavu and LibreOffice (soffice).

- xetex-persian-defects.pdf: the lines of xetex-persian-defects.tex (each a case seen in
  a real XeTeX/xepersian document of benchmarks/bench_parse_real.py's set) typeset by
  XeTeX. pdfium reads these right, except the \\lr{} phrases whose words it reverses.
- libreoffice-rtl-phrases.pdf: right-to-left paragraphs (libreoffice-rtl-phrases.fodt)
  written by LibreOffice, which maps a bracket glyph to the character typed: pdfium
  reads its brackets turned round, and the Latin phrases ("R، G", "Leslie Lamport")
  right to left.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "pdfs"

# (line, why): each line a paragraph of its own. Written for these tests.
XETEX_LINES = [
    ("این بردارِ جابه جا شده است.", "ezafe kasra at a word's end, then a space"),
    ("مقادیر کوچکِ آن را دیدیم.", "the same"),
    ("این روش (مثل روش قبلی) ساده است.", "a parenthetical pdfium reads right"),
    ("سه رنگ R، G و B داریم.", "Latin items of a Persian sentence"),
    ("مجموعه‌های اسکات-باز را دیدیم.", "a hyphen between two Persian letters"),
    ("استراتژی kُم را دیدیم.", "a Persian damma on a Latin letter"),
    ("این کار \\lr{graph search}. نام دارد.", "a left-to-right phrase, the sentence's full stop after it"),
    ("نام او \\lr{Leslie Lamport} است.", "a left-to-right phrase"),
]

LIBREOFFICE_LINES = [
    "این روش (مثل روش قبلی) ساده است.",
    "سه رنگ R، G و B داریم.",
    "نام او Leslie Lamport است.",
]

TEX = r"""\documentclass[12pt]{article}
\usepackage{xepersian}
\settextfont{Amiri}
\setlatintextfont{DejaVu Sans}
\pagestyle{empty}
\begin{document}
%s
\end{document}
"""

FODT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:font-face-decls>
  <style:font-face style:name="DejaVu Sans" svg:font-family="'DejaVu Sans'"/>
 </office:font-face-decls>
 <office:automatic-styles>
  <style:style style:name="R" style:family="paragraph">
   <style:paragraph-properties fo:text-align="end" style:writing-mode="rl-tb"/>
   <style:text-properties style:font-name="DejaVu Sans" style:font-name-complex="DejaVu Sans"
    fo:font-size="12pt" style:font-size-complex="12pt"/>
  </style:style>
 </office:automatic-styles>
 <office:body><office:text>
%s
 </office:text></office:body>
</office:document>
"""


def build_xetex(out: Path) -> Path:
    source = out / "xetex-persian-defects.tex"
    body = "\n\n".join(f"% {why}\n{line}" for line, why in XETEX_LINES)
    source.write_text(TEX % body, encoding="utf-8")
    with tempfile.TemporaryDirectory() as work:
        shutil.copy(source, work)
        env = {**os.environ, "SOURCE_DATE_EPOCH": "0"}
        subprocess.run(["xelatex", "-interaction=nonstopmode", "-halt-on-error", source.name],
                       cwd=work, check=True, capture_output=True, env=env)
        target = out / "xetex-persian-defects.pdf"
        shutil.copy(Path(work) / "xetex-persian-defects.pdf", target)
    return target


def build_libreoffice(out: Path) -> Path:
    source = out / "libreoffice-rtl-phrases.fodt"
    paragraphs = "\n".join(f'  <text:p text:style-name="R">{line}</text:p>' for line in LIBREOFFICE_LINES)
    source.write_text(FODT % paragraphs, encoding="utf-8")
    with tempfile.TemporaryDirectory() as work:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{work}/profile", "--headless",
                        "--convert-to", "pdf", "--outdir", work, str(source)],
                       check=True, capture_output=True, timeout=180)
        target = out / "libreoffice-rtl-phrases.pdf"
        shutil.copy(Path(work) / "libreoffice-rtl-phrases.pdf", target)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for build in (build_xetex, build_libreoffice):
        print(build(args.out))


if __name__ == "__main__":
    main()
