"""Headless Chromium "print to PDF" from an HTML page (the producers chromium_clean and chromium_naskh).

The running header and the page numbers are CSS page-margin boxes (``@top-center``,
``@bottom-center`` with ``counter(page)``), which Chromium prints on every page. (A
``position: fixed`` element was tried first: Chromium 156 drew it once, at the foot of page 1.)
With Noto Naskh Arabic, Skia marks Arabic runs ``/ReversedChars``; Amiri extracts in
logical order with pypdfium2.
"""

from __future__ import annotations

import base64
import shutil
import subprocess
import tempfile
from html import escape
from pathlib import Path

from tools.corpus import formats
from tools.corpus.images import picture_png
from tools.corpus.layout import Doc, Para, Picture, Quote, Verse

PAGE_CSS = {"A4": "A4", "Letter": "letter"}
FOOTER_CSS = {
    "none": None, "n": "counter(page)", "dash_n": '"- " counter(page) " -"',
    "page_n_of_m": '"Page " counter(page) " of " counter(pages)', "fa_n": '"صفحه " counter(page, persian)',
    "n_slash_m": 'counter(page) " / " counter(pages)',
    # probe-only (tools/corpus/probe_layout.py)
    "emdash_n": '"— " counter(page) " —"', "paren_n": '"(" counter(page) ")"',
    "n_site": 'counter(page) " | afgazad.com"',
    "fa_n_of_m": '"صفحه " counter(page, persian) " از " counter(pages, persian)',
    "seite_n": '"Seite " counter(page)',
}
TITLE_CSS = {
    "bold": "font-weight:bold;font-size:1.45em", "larger": "font-weight:normal;font-size:1.6em",
    "italic": "font-weight:normal;font-style:italic;font-size:1.45em",
    "bold_italic": "font-weight:bold;font-style:italic;font-size:1.45em",
}
CAPTION_CSS = {"bold": "font-weight:bold", "italic": "font-style:italic", "small": "font-size:0.72em"}


def _css(doc: Doc) -> str:
    r = doc.recipe
    arabic, latin = f"'{r.arabic_font}'", f"'{r.latin_font}'"
    stack = f"{arabic}, {latin}" if doc.rtl else f"{latin}, {arabic}"
    footer = FOOTER_CSS[doc.footer]
    footer_rule = (f"@bottom-center {{ content: {footer}; font-family: {latin}, {arabic}; font-size: 9pt; }}"
                   if footer else "")
    if doc.running:
        running = doc.running.replace("\\", "").replace('"', "")
        footer_rule += (f' @top-center {{ content: "{running}"; font-family: {latin}, {arabic}; font-size: 9pt;'
                        " border-bottom: 0.5pt solid #777; vertical-align: bottom; padding-bottom: 3pt; }")
    start = "right" if doc.rtl else "left"
    return f"""
@page {{ size: {PAGE_CSS[r.page]}; margin: 2.3cm 2cm 2cm 2cm; {footer_rule} }}
body {{ font-family: {stack}; font-size: {r.body_size}pt; line-height: {r.line_spacing or 1.5}; margin: 0; }}
p {{ margin: 0 0 0.45em 0; }}
.site-name {{ text-align: center; font-size: 20pt; font-weight: bold; color: #1f3b73; margin: 0; }}
.site-mark {{ text-align: center; font-size: 15pt; font-weight: bold; color: #b01c1c; margin: 0; }}
.verse {{ text-align: center; font-size: 11pt; margin: 0; }}
.verse span {{ margin: 0 1.5em; }}
.web {{ text-align: left; font-size: 10pt; color: #1f3b73; margin: 0; direction: ltr; }}
.label {{ font-weight: bold; font-size: 12pt; margin: 0.1em 0; }}
.labels-line {{ display: flex; justify-content: space-between; direction: ltr; font-weight: bold; font-size: 12pt; }}
.rule {{ border-bottom: 0.6pt solid #000; margin: 0.3em 0 0.6em 0; }}
.hdr {{ text-align: {start}; margin: 0.1em 0; font-size: 12pt; }}
.tabbed {{ display: flex; justify-content: space-between; }}
.spaced {{ white-space: pre-wrap; }}
table.head {{ width: 100%; border-collapse: collapse; margin: 0.4em 0 0.6em 0; font-size: 12pt; }}
table.head td {{ border: 0.6pt solid #888; padding: 3pt 6pt; }}
.title {{ margin: 0.5em 0 0.7em 0; line-height: 1.35; }}
.body {{ text-align: {r.body_align}; }}
figure {{ margin: 0.6em 0; text-align: center; break-inside: avoid; }}
figure img {{ display: block; margin: 0 auto 0.3em auto; }}
figcaption {{ text-align: center; }}
.pull {{ margin: 0.8em 2.5em; padding: 0.5em 1em; border-top: 1pt solid #555; border-bottom: 1pt solid #555;
  font-size: 1.3em; font-style: italic; text-align: center; }}
.orig {{ font-style: italic; text-align: {start}; margin-top: 0.8em; }}
"""


def _site(doc: Doc) -> list[str]:
    out = []
    for kind in doc.site:
        if kind == "name":
            out.append(f'<p class="site-name" dir="rtl">{escape(formats.SITE_NAME)}</p>')
        elif kind == "mark":
            out.append(f'<p class="site-mark">{formats.SITE_MARK}</p>')
        elif kind == "verse":
            out += [f'<p class="verse" dir="rtl"><span>{escape(a)}</span><span>{escape(b)}</span></p>'
                    for a, b in formats.VERSE]
        else:
            out.append(f'<p class="web">{formats.SITE_WEB if kind == "web" else formats.SITE_MAIL}</p>')
    return out


def _is_rtl(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


def _label(text: str) -> str:
    side = "right" if _is_rtl(text) else "left"
    return f'<p class="label" dir="{"rtl" if side == "right" else "ltr"}" style="text-align:{side}">{escape(text)}</p>'


def _joined(doc: Doc, parts: list[str]) -> str:
    dir_ = "rtl" if doc.rtl else "ltr"
    if len(parts) == 1:
        return f'<p class="hdr" dir="{dir_}">{escape(parts[0])}</p>'
    joiner = doc.recipe.joiner
    if joiner == "tab":
        spans = "".join(f"<span>{escape(p)}</span>" for p in parts)
        return f'<div class="hdr tabbed" dir="{dir_}">{spans}</div>'
    sep = formats.joiner_text(joiner)
    return f'<p class="hdr spaced" dir="{dir_}">{escape(sep.join(parts))}</p>'


def _table(doc: Doc) -> list[str]:
    dir_ = "rtl" if doc.rtl else "ltr"
    rows = []
    if doc.labels_one_line:
        rows.append("<tr>" + "".join(f"<td><b>{escape(x)}</b></td>" for x in doc.labels) + "</tr>")
    else:
        rows += [f'<tr><td colspan="2"><b>{escape(x)}</b></td></tr>' for x in doc.labels]
    for parts in doc.header_parts:
        cells = [f"<td>{escape(p)}</td>" for p in parts]
        rows.append("<tr>" + ("".join(cells) if len(cells) == 2 else cells[0].replace("<td>", '<td colspan="2">'))
                    + "</tr>")
    return [f'<table class="head" dir="{dir_}">{"".join(rows)}</table>']


def _header(doc: Doc) -> list[str]:
    if doc.recipe.header_table:
        return _table(doc)
    out = []
    if doc.labels_one_line:
        out.append('<div class="labels-line">' + "".join(f"<span>{escape(x)}</span>" for x in doc.labels) + "</div>")
    else:
        out += [_label(x) for x in doc.labels]
    out.append('<div class="rule"></div>')
    out += [_joined(doc, parts) for parts in doc.header_parts]
    return out


def _title(doc: Doc) -> str:
    r = doc.recipe
    align = "center" if r.title_align == "center" else ("right" if doc.rtl else "left")
    lines = "<br>".join(escape(line) for line in doc.title_lines)
    return f'<p class="title" style="{TITLE_CSS[r.title_weight]};text-align:{align}">{lines}</p>'


def _body(doc: Doc) -> list[str]:
    out = []
    for block in doc.body:
        if isinstance(block, Para):
            out.append(f'<p class="body">{escape(block.text)}</p>')
        elif isinstance(block, Quote):
            out.append(f'<div class="pull">{escape(block.text)}</div>')
        elif isinstance(block, Verse):  # as the masthead's couplet is set
            dir_ = "rtl" if doc.rtl else "ltr"
            out += [f'<p class="verse" dir="{dir_}"><span>{escape(a)}</span><span>{escape(b)}</span></p>'
                    for a, b in block.couplets]
        elif isinstance(block, Picture):
            data = base64.b64encode(picture_png(block.seed)).decode("ascii")
            style = CAPTION_CSS[doc.recipe.caption_style]
            out.append(f'<figure><img src="data:image/png;base64,{data}" style="width:{block.width_cm}cm">'
                       f'<figcaption style="{style}">{escape(block.caption)}</figcaption></figure>')
    if doc.original_text:
        out.append(f'<p class="orig">{escape(doc.original_text)}</p>')
    return out


def html_document(doc: Doc) -> str:
    dir_ = "rtl" if doc.rtl else "ltr"
    parts = [f'<!DOCTYPE html>\n<html lang="{doc.lang}" dir="{dir_}"><head><meta charset="utf-8">',
             f"<title>{escape(' '.join(doc.title_lines))}</title><style>{_css(doc)}</style></head><body>"]
    parts += _site(doc) + _header(doc) + [_title(doc)] + _body(doc)
    parts.append("</body></html>\n")
    return "\n".join(parts)


def render(doc: Doc, out_pdf: Path, work: Path, browser_furniture: bool = False) -> None:
    """Print the document's HTML with headless Chromium; `browser_furniture`: with Chromium's own
    header and footer (date, title, the page's URL and "1/2"), as a reader's "print to PDF" adds
    them (the corpus prints without; tools/corpus/probe_print_footer.py with)."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        raise SystemExit("chromium not found: apt-get install chromium")
    html = work / f"{doc.doc_id}.html"
    html.write_text(html_document(doc), encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="newsmon-chromium-") as profile:
        cmd = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               f"--user-data-dir={profile}", *([] if browser_furniture else ["--no-pdf-header-footer"]),
               f"--print-to-pdf={out_pdf}", html.as_uri()]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=180)
    if not out_pdf.is_file():
        raise RuntimeError(f"chromium wrote no PDF for {doc.doc_id}")
