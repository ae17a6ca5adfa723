"""LibreOffice from a DOCX written with python-docx (the producer lo_docx).

Right-to-left is what Word writes: ``w:bidi`` on the paragraph, ``w:rtl`` on Arabic-script
runs, the complex-script font/size/bold/italic (``w:cs``, ``w:szCs``, ``w:bCs``, ``w:iCs``),
and a header table whose cells run right to left (LibreOffice 7.4
ignores ``w:bidiVisual``, so the cells are filled in visual order, as a user of an LTR table would). Page numbers are PAGE/NUMPAGES fields.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from tools.corpus import formats, soffice
from tools.corpus.images import picture_png
from tools.corpus.layout import Doc, Para, Picture, Quote, Verse

PAGES = {"A4": (21.0, 29.7), "Letter": (21.59, 27.94)}
ARABIC = re.compile("[\u0600-\u06ff]")
# Runs of one direction: Arabic-script words (with the spaces/punctuation between them) or the rest.
RUNS = re.compile(r"[\u0600-\u06ff\u200c\u064b-\u065f]+(?:[\s\u060c\u061b\u061f«»]+[\u0600-\u06ff\u200c]+)*|[^\u0600-\u06ff]+")
LANG_TAGS = {"fa": "fa-AF", "ps": "ps-AF"}
# Schema order (ECMA-376 CT_PPrBase / CT_RPr / CT_TblPr): what may follow the element we add.
AFTER_PBDR = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
              "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
              "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
              "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle",
              "w:rPr", "w:sectPr", "w:pPrChange")
AFTER_BIDI = AFTER_PBDR[AFTER_PBDR.index("w:bidi") + 1:]
AFTER_SZCS = ("w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs",
              "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")
AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")


def _bidi(par) -> None:
    """Mark a paragraph right-to-left (w:bidi in its schema place)."""
    par._p.get_or_add_pPr().insert_element_before(OxmlElement("w:bidi"), *AFTER_BIDI)


class _Writer:
    def __init__(self, doc: Doc):
        self.doc, self.r = doc, doc.recipe
        self.d = Document()
        sec = self.d.sections[0]
        w, h = PAGES[self.r.page]
        sec.page_width, sec.page_height = Cm(w), Cm(h)
        sec.left_margin = sec.right_margin = Cm(2.2)
        sec.top_margin, sec.bottom_margin = Cm(2.0), Cm(1.8)
        sec.header_distance = sec.footer_distance = Cm(0.9)
        self.text_width = w - 4.4
        core = self.d.core_properties
        core.title, core.author = " ".join(doc.title_lines), ""

    # -- runs and paragraphs
    def runs(self, par, text: str, size: float, bold=False, italic=False, color: str | None = None) -> None:
        for piece in RUNS.findall(text):
            run = par.add_run(piece)
            run.font.size, run.font.bold, run.font.italic = Pt(size), bold, italic
            run.font.name = self.r.latin_font
            if color:
                run.font.color.rgb = RGBColor.from_string(color)
            rpr = run._r.get_or_add_rPr()
            fonts = rpr.get_or_add_rFonts()
            fonts.set(qn("w:cs"), self.r.arabic_font)
            if bold:
                rpr.get_or_add_bCs()
            if italic:
                rpr.get_or_add_iCs()
            sz = OxmlElement("w:szCs")
            sz.set(qn("w:val"), str(int(round((size + 1) * 2))))
            rpr.insert_element_before(sz, *AFTER_SZCS)
            if ARABIC.search(piece):
                rpr.get_or_add_rtl()
                lang = OxmlElement("w:lang")
                lang.set(qn("w:bidi"), LANG_TAGS.get(self.doc.lang, "fa-AF"))
                rpr.insert_element_before(lang, *AFTER_LANG)

    def para(self, text: str, size: float, rtl: bool, align: str = "start", bold=False, italic=False,
             color: str | None = None, container=None, after: float = 4):
        par = (container or self.d).add_paragraph()
        if rtl:
            _bidi(par)
        # In a bidi paragraph Word's "left"/"right" are the logical start/end.
        par.alignment = {"start": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
                         "justify": WD_ALIGN_PARAGRAPH.JUSTIFY, "end": WD_ALIGN_PARAGRAPH.RIGHT}[align]
        par.paragraph_format.space_after = Pt(after)
        par.paragraph_format.space_before = Pt(0)
        if text:
            self.runs(par, text, size, bold, italic, color)
        return par

    def tab_para(self, parts: list[str], rtl: bool, size: float, bold=False):
        par = self.para("", size, rtl)
        par.paragraph_format.tab_stops.add_tab_stop(Cm(self.text_width), WD_TAB_ALIGNMENT.RIGHT)
        for i, part in enumerate(parts):
            if i:
                par.add_run("\t")
            self.runs(par, part, size, bold)
        return par


def _border(par, sides=("bottom",), size=6) -> None:
    pbdr = OxmlElement("w:pBdr")
    for side in sides:
        el = OxmlElement(f"w:{side}")
        for k, v in (("w:val", "single"), ("w:sz", str(size)), ("w:space", "4"), ("w:color", "555555")):
            el.set(qn(k), v)
        pbdr.append(el)
    par._p.get_or_add_pPr().insert_element_before(pbdr, *AFTER_PBDR)


def _field(par, instr: str, shown: str) -> None:
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), instr)
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = shown
    run.append(t)
    fld.append(run)
    par._p.append(fld)


def _site(w: _Writer) -> None:
    for kind in w.doc.site:
        if kind == "name":
            w.para(formats.SITE_NAME, 20, True, "center", bold=True, color="1F3B73", after=2)
        elif kind == "mark":
            w.para(formats.SITE_MARK, 15, False, "center", bold=True, color="B01C1C", after=2)
        elif kind == "verse":
            for a, b in formats.VERSE:
                w.para(f"{a}          {b}", 11, True, "center", after=0)
        else:
            w.para(formats.SITE_WEB if kind == "web" else formats.SITE_MAIL, 10, False, color="1F3B73", after=0)


def _joined(w: _Writer, parts: list[str]) -> None:
    rtl = w.doc.rtl
    if len(parts) == 1:
        w.para(parts[0], 12, rtl, after=2)
    elif w.r.joiner == "tab":
        w.tab_para(parts, rtl, 12)
    else:
        sep = formats.joiner_text(w.r.joiner)
        w.para(sep.join(parts), 12, rtl, after=2)


def _table(w: _Writer) -> None:
    doc = w.doc
    rows = ([doc.labels] if doc.labels_one_line else [[x] for x in doc.labels]) + doc.header_parts
    table = w.d.add_table(rows=len(rows), cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    n_labels = len(rows) - len(doc.header_parts)
    for i, parts in enumerate(rows):
        cells = table.rows[i].cells
        if len(parts) == 1:
            cells = [cells[0].merge(cells[1])]
        elif doc.rtl:  # LibreOffice 7.4 ignores w:bidiVisual: lay the cells out right to left ourselves
            cells = cells[::-1]
        for cell, text in zip(cells, parts):
            par = cell.paragraphs[0]
            if doc.rtl or ARABIC.search(text):
                _bidi(par)
            w.runs(par, text, 12, bold=i < n_labels)
    w.para("", 6, False, after=6)


def _header(w: _Writer) -> None:
    doc = w.doc
    if w.r.header_table:
        _table(w)
        return
    if doc.labels_one_line:
        w.tab_para(doc.labels, False, 12, bold=True)
    else:
        for label in doc.labels:
            w.para(label, 12, bool(ARABIC.search(label)), bold=True, after=2)
    _border(w.para("", 4, False, after=8))
    for parts in doc.header_parts:
        _joined(w, parts)


def _title_and_body(w: _Writer) -> None:
    doc, r = w.doc, w.r
    bold = r.title_weight in ("bold", "bold_italic")
    italic = r.title_weight in ("italic", "bold_italic")
    size = 20 if r.title_weight == "larger" else 17
    par = w.para("", size, doc.rtl, "center" if r.title_align == "center" else "start", after=12)
    par.paragraph_format.space_before = Pt(10)
    for i, line in enumerate(doc.title_lines):
        if i:
            par.add_run().add_break()
        w.runs(par, line, size, bold, italic)
    for block in doc.body:
        if isinstance(block, Para):
            p = w.para(block.text, r.body_size, doc.rtl, r.body_align, after=7)
            p.paragraph_format.line_spacing = r.line_spacing or 1.15
        elif isinstance(block, Verse):  # as the masthead's couplet is set, in the body's size
            last = len(block.couplets) - 1
            for k, (a, b) in enumerate(block.couplets):
                w.para(f"{a}          {b}", r.body_size, doc.rtl, "center", after=7 if k == last else 0)
        elif isinstance(block, Quote):
            p = w.para(block.text, r.body_size + 4, doc.rtl, "center", italic=True, after=10)
            p.paragraph_format.left_indent = p.paragraph_format.right_indent = Cm(2)
            _border(p, ("top", "bottom"), 8)
        elif isinstance(block, Picture):
            p = w.para("", 10, False, "center", after=2)
            p.paragraph_format.keep_with_next = True
            p.add_run().add_picture(io.BytesIO(picture_png(block.seed)), width=Cm(block.width_cm))
            style = r.caption_style
            w.para(block.caption, 9 if style == "small" else 11, doc.rtl, "center", bold=style == "bold",
                   italic=style == "italic", after=8)
    if doc.original_text:
        w.para(doc.original_text, 12, doc.rtl, italic=True)


ARABIC_WORD = re.compile("[\u0600-\u06ff]")


def _furniture(w: _Writer) -> None:
    doc, sec = w.doc, w.d.sections[0]
    if doc.running:
        par = sec.header.paragraphs[0]
        w.runs(par, doc.running, 9)
        par.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _border(par, ("bottom",), 4)
    if doc.footer != "none":
        par = sec.footer.paragraphs[0]
        par.alignment = WD_ALIGN_PARAGRAPH.CENTER
        before, between, after = formats.FOOTER_PARTS[doc.footer]
        if before:
            w.runs(par, before, 10)
        _field(par, "PAGE", "1")
        if between is not None:
            if ARABIC_WORD.search(between):
                w.runs(par, between, 10)
            else:
                par.add_run(between)
            _field(par, "NUMPAGES", "1")
        if after:
            par.add_run(after)


def write_source(doc: Doc, work: Path) -> Path:
    w = _Writer(doc)
    _site(w)
    _header(w)
    _title_and_body(w)
    _furniture(w)
    path = work / f"{doc.doc_id}.docx"
    w.d.save(str(path))
    return path


def render(doc: Doc, out_pdf: Path, work: Path) -> None:
    src = write_source(doc, work)
    soffice.convert([src], work)
    (work / f"{doc.doc_id}.pdf").replace(out_pdf)
