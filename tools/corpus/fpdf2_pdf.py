"""fpdf2 (probe-only producer ``fpdf2``): a pure-Python writer many web applications print with,
laying text out itself and shaping it with HarfBuzz (``set_text_shaping``, uharfbuzz), its own
bidi algorithm ordering mixed runs, and a fallback font for the other script's glyphs.

The same document description as the other producers (tools/corpus/layout.py): site block,
labels, byline/date lines or a header table, title, body with pictures, captions and pull quote,
running head and page number (``{nb}`` for "Page 3 of 5"). Not a corpus producer (dev/held-out
are unchanged): ``tools.corpus.probe_new``.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

from tools.corpus import formats
from tools.corpus.images import ASPECT, picture_png
from tools.corpus.layout import Doc, Para, Picture, Quote
from tools.corpus.reportlab_pdf import _font_file

ARABIC = re.compile("[\u0600-\u06ff]")
CM = 28.3465
PAGE = {"A4": "A4", "Letter": "Letter"}
STYLES = {"": "", "B": ":bold", "I": ":italic", "BI": ":bold:italic"}


def _pdf(doc: Doc):
    from fpdf import FPDF

    rtl = doc.rtl

    class Page(FPDF):
        def header(self) -> None:
            if doc.running:
                _font(self, doc.running, "", 9)
                self.set_y(1.1 * CM)
                self.cell(0, 12, doc.running, align="C", new_x="LMARGIN", new_y="NEXT")
                y = self.get_y() + 2
                self.set_line_width(0.5)
                self.line(self.l_margin, y, self.w - self.r_margin, y)
            self.set_y(self.t_margin)

        def footer(self) -> None:
            text = formats.footer_text(doc.footer, self.page_no(), 0)
            if text:
                text = text.replace(" of 0", " of {nb}").replace(" / 0", " / {nb}")
                self.set_y(-1.5 * CM)
                _font(self, text, "", 10)
                self.cell(0, 12, text, align="C")

    pdf = Page(unit="pt", format=PAGE[doc.recipe.page])
    pdf.set_creation_date(dt.datetime.fromisoformat(doc.recipe.date).replace(tzinfo=dt.UTC))
    pdf.set_margins(2.2 * CM, 2.3 * CM, 2.2 * CM)
    pdf.set_auto_page_break(True, 2.2 * CM)
    r = doc.recipe
    for name, family in (("ar", r.arabic_font), ("la", r.latin_font)):
        for style, pattern in STYLES.items():
            pdf.add_font(name, style, _font_file(family + pattern))
    # The other script's glyphs from the fallback font only inside a line of mixed scripts: a
    # whole line set in the fallback font came out as another line's glyphs (fpdf2 2.8.9).
    pdf.set_fallback_fonts(["la", "ar"], exact_match=False)
    pdf.set_text_shaping(use_shaping_engine=True, direction="rtl" if rtl else "ltr")
    return pdf


def _font(pdf, text: str, style: str, size: float) -> None:
    """The Arabic font for text with Arabic letters, the Latin one for the rest."""
    pdf.set_font("ar" if ARABIC.search(text) else "la", style, size)


def _line(pdf, text: str, size: float, align: str, style: str = "", leading: float = 1.45) -> None:
    _font(pdf, text, style, size)
    pdf.multi_cell(0, size * leading, text, align=align, new_x="LMARGIN", new_y="NEXT")


def _start(doc: Doc) -> str:
    return "R" if doc.rtl else "L"


def _site(pdf, doc: Doc) -> None:
    for kind in doc.site:
        if kind == "name":
            pdf.set_text_color(0x1F, 0x3B, 0x73)
            _line(pdf, formats.SITE_NAME, 20, "C", "B")
        elif kind == "mark":
            pdf.set_text_color(0xB0, 0x1C, 0x1C)
            _line(pdf, formats.SITE_MARK, 15, "C", "B")
        elif kind == "verse":
            pdf.set_text_color(0)
            for a, b in formats.VERSE:
                _line(pdf, f"{a}      {b}", 11, "C")
        else:
            pdf.set_text_color(0x1F, 0x3B, 0x73)
            _line(pdf, formats.SITE_WEB if kind == "web" else formats.SITE_MAIL, 10, "L")
    pdf.set_text_color(0)


def _header(pdf, doc: Doc) -> None:
    r = doc.recipe
    if r.header_table:
        rows = ([doc.labels] if doc.labels_one_line else [[x] for x in doc.labels]) + doc.header_parts
        n_labels = len(rows) - len(doc.header_parts)
        _font(pdf, " ".join(doc.labels), "", 12)
        pdf.set_draw_color(0x88)
        with pdf.table(col_widths=(1, 1), text_align=_start(doc), first_row_as_headings=False,
                       line_height=18) as table:
            for i, parts in enumerate(rows):
                row = table.row()
                cells = list(reversed(parts)) if doc.rtl and len(parts) == 2 else parts
                for text in cells:
                    _font(pdf, text, "B" if i < n_labels else "", 12)
                    row.cell(text, colspan=2 if len(parts) == 1 else 1)
        pdf.set_draw_color(0)
        pdf.ln(8)
        return
    if doc.labels_one_line:
        english, dari = doc.labels
        y = pdf.get_y()
        _font(pdf, english, "B", 12)
        pdf.cell(0, 18, english, align="L")
        pdf.set_xy(pdf.l_margin, y)
        _font(pdf, dari, "B", 12)
        pdf.cell(0, 18, dari, align="R", new_x="LMARGIN", new_y="NEXT")
    else:
        for label in doc.labels:
            _line(pdf, label, 12, "R" if ARABIC.search(label) else "L", "B")
    y = pdf.get_y() + 3
    pdf.set_line_width(0.6)
    pdf.line(pdf.l_margin, y, pdf.w - pdf.r_margin, y)
    pdf.set_y(y + 8)
    for parts in doc.header_parts:
        if len(parts) == 2 and r.joiner == "tab":
            first, second = parts
            y = pdf.get_y()
            _font(pdf, first, "", 12)
            pdf.cell(0, 18, first, align=_start(doc))
            pdf.set_xy(pdf.l_margin, y)
            _font(pdf, second, "", 12)
            pdf.cell(0, 18, second, align="L" if doc.rtl else "R", new_x="LMARGIN", new_y="NEXT")
        else:
            sep = {"spaces": "   ", "dash": " - ", "pipe": " | "}.get(r.joiner or "", " ")
            _line(pdf, sep.join(parts), 12, _start(doc))


def _title(pdf, doc: Doc) -> None:
    r = doc.recipe
    style = {"bold": "B", "larger": "", "italic": "I", "bold_italic": "BI"}[r.title_weight]
    size = 20 if r.title_weight == "larger" else 17
    pdf.ln(6)
    for line in doc.title_lines:
        _line(pdf, line, size, "C" if r.title_align == "center" else _start(doc), style, 1.5)
    pdf.ln(8)


def _body(pdf, doc: Doc) -> None:
    r = doc.recipe
    align = "J" if r.body_align == "justify" else _start(doc)
    leading = 1.7 if doc.rtl else 1.35
    for block in doc.body:
        if isinstance(block, Para):
            _line(pdf, block.text, r.body_size, align, leading=leading)
            pdf.ln(6)
        elif isinstance(block, Quote):
            width = pdf.epw * 0.7
            x = pdf.l_margin + (pdf.epw - width) / 2
            pdf.set_line_width(0.8)
            pdf.line(x, pdf.get_y(), x + width, pdf.get_y())
            pdf.ln(6)
            pdf.set_x(x)
            _font(pdf, block.text, "I", r.body_size + 4)
            pdf.multi_cell(width, (r.body_size + 4) * 1.4, block.text, align="C", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(4)
            pdf.line(x, pdf.get_y(), x + width, pdf.get_y())
            pdf.ln(10)
        elif isinstance(block, Picture):
            w, h = block.width_cm * CM, block.width_cm * ASPECT * CM
            size = 9 if r.caption_style == "small" else 11
            if pdf.get_y() + h + 3 * size > pdf.page_break_trigger:
                pdf.add_page()
            pdf.image(io.BytesIO(picture_png(block.seed)), x=(pdf.w - w) / 2, y=pdf.get_y() + 4, w=w, h=h)
            pdf.set_y(pdf.get_y() + h + 8)
            style = {"bold": "B", "italic": "I", "small": ""}[r.caption_style]
            _line(pdf, block.caption, size, "C", style, 1.3)
            pdf.ln(8)
    if doc.original_text:
        _line(pdf, doc.original_text, 12, _start(doc), "I")


def render(doc: Doc, out_pdf: Path, work: Path) -> None:
    pdf = _pdf(doc)
    pdf.add_page()
    _site(pdf, doc)
    _header(pdf, doc)
    _title(pdf, doc)
    _body(pdf, doc)
    pdf.output(str(out_pdf))
