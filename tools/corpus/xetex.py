"""XeLaTeX (the producer xetex): xepersian for Dari/Pashto articles, fontspec + bidi for the others.

Latin words and ASCII numbers inside right-to-left text are wrapped in ``\\lr{}`` as a
careful author does (xepersian would otherwise show ASCII digits as Persian ones).
Running header and footer come from fancyhdr, "Page 3 of 5" from lastpage (two runs).
Reproducible with SOURCE_DATE_EPOCH/FORCE_SOURCE_DATE.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path

from tools.corpus import formats
from tools.corpus.images import ASPECT, picture_file
from tools.corpus.layout import Doc, Para, Picture, Quote, Verse

ARABIC = re.compile("[\u0600-\u06ff]")
LATIN_RUN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.,:/'&%@ –-]*[A-Za-z0-9%])?")
# A Persian-digit number with separators (۱۳۹۸/۱۰/۱۸, ۳.۷): xepersian breaks it at the
# separators (its inter-character tokens) and shows the pieces right to left; with the
# tokens off for the number, XeTeX's own bidi shows it as one left-to-right run.
PERSIAN_NUMBER = re.compile("[\u06f0-\u06f9]+(?:[./:][\u06f0-\u06f9]+)+")
RTL_RUNS = re.compile(f"(?P<latin>{LATIN_RUN.pattern})|(?P<number>{PERSIAN_NUMBER.pattern})")
SPECIALS = {"\\": r"\textbackslash{}", "%": r"\%", "&": r"\&", "#": r"\#", "$": r"\$", "_": r"\_",
            "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
PAPER = {"A4": "a4paper", "Letter": "letterpaper"}
FOOTERS = {
    "n": r"\thepage", "dash_n": r"- \thepage\ -", "page_n_of_m": r"Page \thepage\ of \pageref{LastPage}",
    "fa_n": r"صفحه \thepage", "n_slash_m": r"\thepage\ / \pageref{LastPage}",
    # probe-only (tools/corpus/probe_layout.py)
    "emdash_n": r"— \thepage\ —", "paren_n": r"(\thepage)", "n_site": r"\thepage\ | afgazad.com",
    "fa_n_of_m": r"صفحه \thepage\ از \pageref{LastPage}", "seite_n": r"Seite \thepage",
}
LATIN_FOOTERS = ("page_n_of_m", "emdash_n", "paren_n", "n_site", "seite_n")  # in \lr{} on an RTL page


def _esc(text: str) -> str:
    return "".join(SPECIALS.get(ch, ch) for ch in text)


def _dash(tex: str, latin_switch: str) -> str:
    """The en dash in the Latin font (Nazli has none; TeX has no font fallback)."""
    return tex.replace("–", "{" + latin_switch + " –}")


class Tex:
    """Text to TeX for one document's direction."""

    def __init__(self, doc: Doc):
        self.rtl = doc.rtl

    def t(self, text: str) -> str:
        """Escaped text; in RTL documents Latin runs in \\lr, in LTR documents Arabic runs in \\ar."""
        if self.rtl:
            out, last = [], 0
            for m in RTL_RUNS.finditer(text):
                wrapped = (r"\lr{" + _esc(m.group(0)) + "}" if m.group("latin")
                           else r"{\XeTeXinterchartokenstate=0 " + m.group(0) + "}")
                out += [_esc(text[last:m.start()]), wrapped]
                last = m.end()
            return _dash("".join(out) + _esc(text[last:]), r"\latinfont")
        return r"\ar{" + _dash(_esc(text), r"\rmfamily") + "}" if ARABIC.search(text) else _esc(text)

    def left(self, text: str) -> str:
        """A line flush to the physical left (web and mail lines, English labels)."""
        return (r"\noindent\hfill " if self.rtl else r"\noindent ") + self.t(text) + r"\par"

    def right(self, text: str) -> str:
        return (r"\noindent " if self.rtl else r"\noindent\hfill ") + self.t(text) + r"\par"


def _preamble(doc: Doc) -> str:
    r = doc.recipe
    fancy = doc.running or doc.footer != "none"
    lines = [r"\documentclass[12pt]{article}",
             rf"\usepackage[{PAPER[r.page]},left=2.2cm,right=2.2cm,top=2.4cm,bottom=2.2cm,headsep=0.6cm]{{geometry}}",
             r"\usepackage{graphicx}", r"\usepackage[table]{xcolor}", r"\usepackage{fancyhdr}", r"\usepackage{lastpage}",
             r"\usepackage{array}"]
    fake = "AutoFakeSlant=0.2,Ligatures=TeXOff"  # print the apostrophe as typed (the truth has it so)
    if doc.rtl:
        lines += [r"\usepackage{xepersian}", rf"\settextfont[{fake}]{{{r.arabic_font}}}",
                  rf"\setlatintextfont[{fake}]{{{r.latin_font}}}", r"\newcommand\ar[1]{#1}"]
    else:
        lines += [r"\usepackage{fontspec}", rf"\setmainfont[{fake}]{{{r.latin_font}}}",
                  rf"\newfontfamily\arabicfont[Script=Arabic,{fake}]{{{r.arabic_font}}}",
                  r"\usepackage{bidi}", r"\newcommand\ar[1]{{\arabicfont\RL{#1}}}"]
    lines += [r"\setlength\parindent{0pt}", r"\setlength\parskip{0.45em}", r"\pagestyle{fancy}" if fancy else r"\pagestyle{empty}",
              r"\fancyhf{}", rf"\renewcommand\headrulewidth{{{'0.4pt' if doc.running else '0pt'}}}"]
    tex = Tex(doc)
    if doc.running:
        lines.append(rf"\fancyhead[C]{{\footnotesize {tex.t(doc.running)}}}")
    if doc.footer != "none":
        foot = FOOTERS[doc.footer]
        if doc.rtl and doc.footer in LATIN_FOOTERS:
            foot = r"\lr{" + foot + "}"
        elif not doc.rtl and doc.footer == "fa_n":
            foot = r"\ar{صفحه} \thepage"
        elif not doc.rtl and doc.footer == "fa_n_of_m":
            foot = r"\ar{صفحه} \thepage\ \ar{از} \pageref{LastPage}"
        lines.append(rf"\fancyfoot[C]{{\small {foot}}}")
    lines.append(r"\thispagestyle{" + ("fancy" if fancy else "empty") + "}")
    return "\n".join(lines[:-1]) + "\n"


def _joiner(kind: str, rtl: bool) -> str:
    """The byline/date separator; a non-ASCII one in the Latin font (Nazli and Homa lack the
    bullet and the dashes, and TeX has no font fallback)."""
    if kind in ("spaces", "tab"):
        return {"spaces": r"\ \ \ ", "tab": r"\hfill "}[kind]
    text = formats.joiner_text(kind)
    if text.isascii():
        return text
    return " {" + (r"\latinfont " if rtl else r"\rmfamily ") + text.strip() + "} "


def _site(doc: Doc, tex: Tex) -> list[str]:
    out = []
    for kind in doc.site:
        if kind == "name":
            out.append(r"{\centering\fontsize{20}{28}\selectfont\bfseries\color[HTML]{1F3B73}" + tex.t(formats.SITE_NAME) + r"\par}")
        elif kind == "mark":
            out.append(r"{\centering\fontsize{15}{20}\selectfont\bfseries\color[HTML]{B01C1C}" + tex.t(formats.SITE_MARK) + r"\par}")
        elif kind == "verse":
            out += [r"{\centering\small " + tex.t(a) + r"\hspace{2.5em}" + tex.t(b) + r"\par}" for a, b in formats.VERSE]
        else:
            out.append(r"{\footnotesize\color[HTML]{1F3B73}" + tex.left(formats.SITE_WEB if kind == "web" else formats.SITE_MAIL) + "}")
    return out


def _header(doc: Doc, tex: Tex) -> list[str]:
    r = doc.recipe
    out = []
    if r.header_table:
        rows = ([doc.labels] if doc.labels_one_line else [[x] for x in doc.labels]) + doc.header_parts
        n_labels = len(rows) - len(doc.header_parts)
        body = []
        for i, parts in enumerate(rows):
            cells = [(r"\textbf{" + tex.t(p) + "}") if i < n_labels else tex.t(p) for p in parts]
            if len(cells) == 1:
                body.append(r"\multicolumn{2}{|p{\dimexpr0.92\linewidth+2\tabcolsep+\arrayrulewidth\relax}|}{"
                            + cells[0] + r"}\\ \hline")
            else:
                body.append(" & ".join(cells) + r"\\ \hline")
        out.append(r"\noindent\begin{tabular}{|p{0.46\linewidth}|p{0.46\linewidth}|}\hline " + "\n".join(body)
                   + r"\end{tabular}\par")
        return out
    if doc.labels_one_line:
        english, dari = doc.labels
        first, second = (dari, english) if doc.rtl else (english, dari)
        out.append(r"\noindent\textbf{" + tex.t(first) + r"}\hfill\textbf{" + tex.t(second) + r"}\par")
    else:
        out += [r"{\bfseries " + (tex.right(x) if ARABIC.search(x) else tex.left(x)) + "}" for x in doc.labels]
    out.append(r"\noindent\rule{\linewidth}{0.6pt}\par")
    for parts in doc.header_parts:
        if len(parts) == 1:
            out.append(r"\noindent " + tex.t(parts[0]) + r"\par")
        else:
            sep = _joiner(r.joiner, doc.rtl)
            out.append(r"\noindent " + sep.join(tex.t(p) for p in parts) + r"\par")
    return out


def _title(doc: Doc, tex: Tex) -> str:
    r = doc.recipe
    size = 20 if r.title_weight == "larger" else 17
    shape = {"bold": r"\bfseries", "larger": "", "italic": r"\itshape", "bold_italic": r"\bfseries\itshape"}[r.title_weight]
    lines = r"\\ ".join(tex.t(line) for line in doc.title_lines)
    font = rf"\fontsize{{{size}}}{{{size * 1.45:.1f}}}\selectfont{shape} "
    if r.title_align == "center":
        return r"\vspace{0.4em}{\centering" + font + lines + r"\par}\vspace{0.5em}"
    return r"\vspace{0.4em}{\noindent" + font + lines + r"\par}\vspace{0.5em}"


def _body(doc: Doc, tex: Tex, work: Path) -> list[str]:
    r = doc.recipe
    out = [rf"\fontsize{{{r.body_size}}}{{{r.body_size * (r.line_spacing or 1.45):.1f}}}\selectfont"]
    if r.body_align == "start":
        out.append(r"\raggedright" if not doc.rtl else r"\raggedleft")
    cap = {"bold": r"\bfseries", "italic": r"\itshape", "small": r"\footnotesize"}[r.caption_style]
    for block in doc.body:
        if isinstance(block, Para):
            out.append(tex.t(block.text) + r"\par")
        elif isinstance(block, Verse):  # as the masthead's couplet is set
            out += [r"{\centering " + tex.t(a) + r"\hspace{2.5em}" + tex.t(b) + r"\par}" for a, b in block.couplets]
        elif isinstance(block, Quote):
            out.append(r"{\centering\rule{0.6\linewidth}{0.6pt}\par\begin{minipage}{0.72\linewidth}\centering\large\itshape "
                       + tex.t(block.text) + r"\end{minipage}\par\rule{0.6\linewidth}{0.6pt}\par}")
        elif isinstance(block, Picture):
            png = picture_file(block.seed, work)
            out.append(r"{\centering\includegraphics[width=" + f"{block.width_cm}cm,height={block.width_cm * ASPECT:.2f}cm"
                       + "]{" + png.name + r"}\par\vspace{2pt}{" + cap + " " + tex.t(block.caption) + r"\par}}")
    if doc.original_text:
        out.append(r"{\itshape " + tex.t(doc.original_text) + r"\par}")
    return out


def tex_document(doc: Doc, work: Path) -> str:
    tex = Tex(doc)
    parts = [_preamble(doc), r"\begin{document}", r"\thispagestyle{" + ("fancy" if doc.running or doc.footer != "none" else "empty") + "}"]
    parts += _site(doc, tex) + _header(doc, tex) + [_title(doc, tex)] + _body(doc, tex, work)
    parts.append(r"\end{document}")
    return "\n".join(parts) + "\n"


def render(doc: Doc, out_pdf: Path, work: Path) -> None:
    xelatex = shutil.which("xelatex")
    if not xelatex:
        raise SystemExit("xelatex not found: apt-get install texlive-xetex texlive-lang-arabic")
    src = work / f"{doc.doc_id}.tex"
    src.write_text(tex_document(doc, work), encoding="utf-8")
    epoch = int(dt.datetime.fromisoformat(doc.recipe.date).replace(tzinfo=dt.timezone.utc).timestamp())
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(epoch), FORCE_SOURCE_DATE="1")
    for _ in range(2):  # lastpage's \pageref needs the second run
        proc = subprocess.run([xelatex, "-interaction=nonstopmode", "-halt-on-error", src.name], cwd=work, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=300)
        if proc.returncode:
            log = (work / f"{doc.doc_id}.log").read_text(errors="replace")
            raise RuntimeError(f"xelatex failed for {doc.doc_id}:\n{log[-2500:]}")
    (work / f"{doc.doc_id}.pdf").replace(out_pdf)
