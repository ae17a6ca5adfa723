"""LuaLaTeX (probe-only producer ``lualatex``): babel with ``bidi=basic`` and luaotfload's HarfBuzz
renderer, the other TeX engine's way to set Persian and Pashto (XeTeX's xepersian is not used).

babel's Unicode bidi algorithm orders mixed runs itself (no ``\\lr{}`` wrapping as in xetex.py), and
``onchar=ids fonts`` switches to the other script's font by the characters. The header, title,
body and page furniture are xetex.py's TeX, so the same layouts reach a different engine, font
loader and ToUnicode writer. Not a corpus producer (dev/held-out are unchanged): ``tools.corpus.probe_new``.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

from tools.corpus import xetex
from tools.corpus.layout import Doc

BABEL = {"fa": "persian", "ps": "pashto", "en": "english", "de": "ngerman", "fr": "french"}
HB = "Renderer=HarfBuzz"


class LuaTex(xetex.Tex):
    """Escaped text only: babel's bidi orders the runs and picks each script's font."""

    def t(self, text: str) -> str:
        return xetex._esc(text)


def _preamble(doc: Doc) -> str:
    r = doc.recipe
    fancy = doc.running or doc.footer != "none"
    main, other = (BABEL[doc.lang], "english") if doc.rtl else (BABEL[doc.lang], "persian")
    lines = [r"\documentclass[12pt]{article}",
             rf"\usepackage[{xetex.PAPER[r.page]},left=2.2cm,right=2.2cm,top=2.4cm,bottom=2.2cm,headsep=0.6cm]{{geometry}}",
             r"\usepackage[bidi=basic]{babel}",
             rf"\babelprovide[import,main]{{{main}}}",
             rf"\babelprovide[import,onchar=ids fonts]{{{other}}}",
             r"\usepackage{graphicx}", r"\usepackage[table]{xcolor}", r"\usepackage{fancyhdr}",
             r"\usepackage{lastpage}", r"\usepackage{array}"]
    arabic = rf"\babelfont{{rm}}[{HB},AutoFakeSlant=0.2,Ligatures=TeXOff]{{{r.arabic_font}}}"
    latin = rf"\babelfont{{rm}}[{HB},AutoFakeSlant=0.2,Ligatures=TeXOff]{{{r.latin_font}}}"
    if doc.rtl:
        lines += [arabic, latin.replace(r"\babelfont{rm}", r"\babelfont[english]{rm}")]
    else:
        lines += [latin, arabic.replace(r"\babelfont{rm}", r"\babelfont[persian]{rm}")]
    lines += [r"\setlength\parindent{0pt}", r"\setlength\parskip{0.45em}",
              r"\pagestyle{fancy}" if fancy else r"\pagestyle{empty}", r"\fancyhf{}",
              rf"\renewcommand\headrulewidth{{{'0.4pt' if doc.running else '0pt'}}}"]
    tex = LuaTex(doc)
    if doc.running:
        lines.append(rf"\fancyhead[C]{{\footnotesize {tex.t(doc.running)}}}")
    if doc.footer != "none":
        foot = xetex.FOOTERS[doc.footer]
        if doc.rtl and doc.footer == "page_n_of_m":
            foot = r"\foreignlanguage{english}{" + foot + "}"
        lines.append(rf"\fancyfoot[C]{{\small {foot}}}")
    return "\n".join(lines) + "\n"


def tex_document(doc: Doc, work: Path) -> str:
    tex = LuaTex(doc)
    style = "fancy" if doc.running or doc.footer != "none" else "empty"
    parts = [_preamble(doc), r"\begin{document}", r"\thispagestyle{" + style + "}"]
    parts += xetex._site(doc, tex) + xetex._header(doc, tex) + [xetex._title(doc, tex)] + xetex._body(doc, tex, work)
    parts.append(r"\end{document}")
    return "\n".join(parts) + "\n"


def render(doc: Doc, out_pdf: Path, work: Path) -> None:
    lualatex = shutil.which("lualatex")
    if not lualatex:
        raise SystemExit("lualatex not found: apt-get install texlive-luatex texlive-lang-arabic")
    src = work / f"{doc.doc_id}.tex"
    src.write_text(tex_document(doc, work), encoding="utf-8")
    epoch = int(dt.datetime.fromisoformat(doc.recipe.date).replace(tzinfo=dt.UTC).timestamp())
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(epoch), FORCE_SOURCE_DATE="1")
    for _ in range(2):  # lastpage's \pageref needs the second run
        proc = subprocess.run([lualatex, "-interaction=nonstopmode", "-halt-on-error", src.name], cwd=work, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=300)
        if proc.returncode:
            log = (work / f"{doc.doc_id}.log").read_text(errors="replace")
            raise RuntimeError(f"lualatex failed for {doc.doc_id}:\n{log[-2500:]}")
    (work / f"{doc.doc_id}.pdf").replace(out_pdf)
