"""reportlab, "the older way" (the producer reportlab).

Arabic-script text is shaped to presentation forms (arabic-reshaper) and put in visual
order (python-bidi) before it is drawn; each visual line is drawn run by run, Arabic
letters in the Arabic font and the rest (Latin, ASCII digits, brackets) in the Latin
font, right-aligned and not justified. Italic Arabic is a skewed drawing (no italic
face exists). "Page 3 of 5" needs the page count: the story is built twice.
"""

from __future__ import annotations

import io
import re
import subprocess
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from tools.corpus import formats
from tools.corpus.images import ASPECT, picture_png
from tools.corpus.layout import Doc, Para, Picture, Quote, Verse
from tools.corpus.mirror import greedy_lines

ARABIC_CHAR = re.compile("[\u0600-\u06ff\u200c\ufb50-\ufdff\ufe70-\ufeff]")
CM = 28.3465


@lru_cache(maxsize=None)
def _font_file(pattern: str) -> str:
    return subprocess.run(["fc-match", "-f", "%{file}", pattern], check=True, capture_output=True, text=True).stdout


def _register(family: str) -> dict[str, str]:
    """reportlab names of the four faces of a family (Arabic families: bold face = 'bold', others regular)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    names = {}
    for face, pattern in (("r", ""), ("b", ":bold"), ("i", ":italic"), ("bi", ":bold:italic")):
        name = f"{family.replace(' ', '')}-{face}"
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, _font_file(family + pattern)))
        names[face] = name
    return names


@lru_cache(maxsize=1)
def _reshaper():
    """arabic-reshaper deletes harakat by default: the kasra of an ezafe and the hamza of "دربارهٔ"
    would not be printed, and the truth would hold letters the page lacks. Keep them."""
    import arabic_reshaper

    return arabic_reshaper.ArabicReshaper(configuration={"delete_harakat": False})


def _visual(text: str, base_dir: str | None = None) -> str:
    """Shaped text in visual order. `base_dir` is the direction of the paragraph the text is a line
    of ("R" for a right-to-left paragraph): without it python-bidi takes the direction from the line's
    own first strong letter, and a line of a Dari paragraph that begins with a Latin word ("(ASYCUDA)
    ...") would be laid out left to right, as no word processor lays out a line of an RTL paragraph."""
    from bidi.algorithm import get_display

    return get_display(_reshaper().reshape(text), base_dir=base_dir)


def _segments(visual: str) -> list[tuple[str, bool]]:
    """Split a visual line into runs: (text, is_arabic). Spaces stay with the run they are in."""
    runs: list[tuple[str, bool]] = []
    for ch in visual:
        arabic = bool(ARABIC_CHAR.match(ch))
        if runs and (ch == " " or runs[-1][1] == arabic):
            runs[-1] = (runs[-1][0] + ch, runs[-1][1])
        else:
            runs.append((ch, arabic))
    return runs


class Fonts:
    def __init__(self, doc: Doc):
        self.ar = _register(doc.recipe.arabic_font)
        self.la = _register(doc.recipe.latin_font)

    def width(self, visual: str, size: float, bold: bool) -> float:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        face = "b" if bold else "r"
        return sum(stringWidth(t, (self.ar if a else self.la)[face], size) for t, a in _segments(visual))

    def draw(self, canvas, x: float, y: float, visual: str, size: float, bold=False, italic=False) -> None:
        """Draw a visual-order line from x (its left end), run by run."""
        from reportlab.pdfbase.pdfmetrics import stringWidth

        for text, arabic in _segments(visual):
            if arabic:
                name = self.ar["b" if bold else "r"]
            else:
                name = self.la[("b" if bold else "") + ("i" if italic else "") or "r"]
            canvas.saveState()
            canvas.translate(x, y)
            if italic and arabic:
                canvas.skew(0, 12)
            canvas.setFont(name, size)
            canvas.drawString(0, 0, text)
            canvas.restoreState()
            x += stringWidth(text, name, size)


def _lines(fonts: Fonts, text: str, size: float, width: float, bold=False, base_dir: str | None = None) -> list[str]:
    """Greedy line breaking in logical order, measured on the shaped text laid out as it will be drawn."""
    return greedy_lines(text, lambda trial: fonts.width(_visual(trial, base_dir), size, bold) > width)


def _flowables():
    from reportlab.platypus import Flowable

    class VLine(Flowable):
        """One or two logical strings on one line: parts aligned start, or spread to both ends."""

        def __init__(self, fonts: Fonts, parts: list[str], size: float, align: str, rtl: bool, bold=False,
                     italic=False, leading=None, space_after=0.0, indent=0.0, base_dir=None):
            super().__init__()
            self.fonts, self.parts, self.size, self.align, self.rtl = fonts, parts, size, align, rtl
            self.base_dir = base_dir  # the paragraph's direction when this is one line of it
            self.bold, self.italic, self.indent = bold, italic, indent
            self.leading = leading or size * 1.5
            self.spaceAfter = space_after

        def wrap(self, avail_w, avail_h):
            self.avail_w = avail_w
            return avail_w, self.leading

        def _x(self, visual: str, align: str) -> float:
            w = self.fonts.width(visual, self.size, self.bold)
            inner = self.avail_w - 2 * self.indent
            return self.indent + {"left": 0, "right": inner - w, "center": (inner - w) / 2}[align]

        def draw(self):
            y = self.leading - self.size * 1.1
            visuals = [_visual(p, self.base_dir) for p in self.parts]
            if len(visuals) == 1:
                align = self.align if self.align != "start" else ("right" if self.rtl else "left")
                self.fonts.draw(self.canv, self._x(visuals[0], align), y, visuals[0], self.size, self.bold, self.italic)
                return
            first, second = ("right", "left") if self.rtl else ("left", "right")
            for visual, align in zip(visuals, (first, second)):
                self.fonts.draw(self.canv, self._x(visual, align), y, visual, self.size, self.bold, self.italic)

    return VLine


def _text_block(VLine, fonts: Fonts, text: str, size: float, width: float, rtl: bool, align: str,
                bold=False, italic=False, leading=None, space_after=0.0, indent=0.0) -> list:
    """A paragraph of any script as VLines (Arabic-script and Latin lines alike). Every line of a
    right-to-left paragraph with Arabic-script text is laid out right to left, whatever its first word."""
    base_dir = "R" if rtl and ARABIC_CHAR.search(text) else None
    lines = _lines(fonts, text, size, width - 2 * indent, bold, base_dir)
    out = []
    for i, line in enumerate(lines):
        last = i == len(lines) - 1
        out.append(VLine(fonts, [line], size, align, rtl, bold, italic, leading, space_after if last else 0.0, indent,
                         base_dir))
    return out


def _story(doc: Doc, fonts: Fonts, frame_w: float) -> list:
    from reportlab.lib.colors import HexColor
    from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import HRFlowable, Image, KeepTogether, Paragraph, Spacer, Table, TableStyle

    VLine = _flowables()
    r, rtl = doc.recipe, doc.rtl
    story: list = []
    for kind in doc.site:
        if kind == "name":
            story.append(VLine(fonts, [formats.SITE_NAME], 20, "center", True, bold=True, leading=30))
        elif kind == "mark":
            story.append(VLine(fonts, [formats.SITE_MARK], 15, "center", False, bold=True, leading=22))
        elif kind == "verse":
            story += [VLine(fonts, [f"{a}      {b}"], 11, "center", True, leading=18) for a, b in formats.VERSE]
        else:
            story.append(VLine(fonts, [formats.SITE_WEB if kind == "web" else formats.SITE_MAIL], 10, "left", False,
                               leading=14))
    if r.header_table:
        rows = ([doc.labels] if doc.labels_one_line else [[x] for x in doc.labels]) + doc.header_parts
        n_labels = len(rows) - len(doc.header_parts)
        data, spans = [], []
        for i, parts in enumerate(rows):
            cells = [VLine(fonts, [p], 12, "start", rtl or bool(ARABIC_CHAR.search(p)), bold=i < n_labels, leading=18)
                     for p in parts]
            if len(cells) == 1:
                cells.append("")
                spans.append(("SPAN", (0, i), (1, i)))
            elif rtl:
                cells.reverse()
            data.append(cells)
        table = Table(data, colWidths=[frame_w / 2] * 2)
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, HexColor("#888888")), *spans]))
        story += [Spacer(1, 6), table, Spacer(1, 8)]
    else:
        if doc.labels_one_line:
            story.append(VLine(fonts, doc.labels, 12, "start", False, bold=True, leading=20))
        else:
            story += [VLine(fonts, [x], 12, "start", bool(ARABIC_CHAR.search(x)), bold=True, leading=20)
                      for x in doc.labels]
        story += [HRFlowable(width="100%", thickness=0.6, spaceBefore=2, spaceAfter=10)]
        for parts in doc.header_parts:
            if len(parts) == 2 and r.joiner != "tab":
                parts = [formats.joiner_text(r.joiner).join(parts)]
            story.append(VLine(fonts, parts, 12, "start", rtl, leading=19))
    bold = r.title_weight in ("bold", "bold_italic")
    italic = r.title_weight in ("italic", "bold_italic")
    size = 20 if r.title_weight == "larger" else 17
    story.append(Spacer(1, 8))
    for line in doc.title_lines:  # a printed title line too long for the frame wraps, as in a word processor
        story += _text_block(VLine, fonts, line, size, frame_w, rtl, "center" if r.title_align == "center" else "start",
                             bold, italic, leading=size * 1.6)
    story.append(Spacer(1, 10))
    body_leading = r.body_size * (r.line_spacing or (1.7 if rtl else 1.3))
    latin_body = ParagraphStyle("body", fontName=fonts.la["r"], fontSize=r.body_size, leading=body_leading,
                                alignment=TA_JUSTIFY if r.body_align == "justify" else TA_LEFT, spaceAfter=7)
    for block in doc.body:
        if isinstance(block, Para):
            if rtl:
                story += _text_block(VLine, fonts, block.text, r.body_size, frame_w, True, "start",
                                     leading=body_leading, space_after=7)
            else:
                story.append(Paragraph(escape(block.text), latin_body))
        elif isinstance(block, Verse):  # as the masthead's couplet is set, in the body's size
            story += [VLine(fonts, [f"{a}      {b}"], r.body_size, "center", rtl, leading=body_leading)
                      for a, b in block.couplets]
        elif isinstance(block, Quote):
            story.append(HRFlowable(width="70%", thickness=0.8, spaceBefore=6, spaceAfter=4))
            story += _text_block(VLine, fonts, block.text, r.body_size + 4, frame_w, rtl, "center", italic=True,
                                 indent=2 * CM)
            story.append(HRFlowable(width="70%", thickness=0.8, spaceBefore=4, spaceAfter=10))
        elif isinstance(block, Picture):
            img = Image(io.BytesIO(picture_png(block.seed)), width=block.width_cm * CM,
                        height=block.width_cm * ASPECT * CM)
            style = r.caption_style
            cap = _text_block(VLine, fonts, block.caption, 9 if style == "small" else 11, frame_w * 0.9, rtl,
                              "center", bold=style == "bold", italic=style == "italic")
            story.append(KeepTogether([Spacer(1, 4), img, Spacer(1, 4), *cap, Spacer(1, 8)]))
    if doc.original_text:
        story += _text_block(VLine, fonts, doc.original_text, 12, frame_w, rtl, "start", italic=True)
    return story


def _page_furniture(doc: Doc, fonts: Fonts, total: int):
    def on_page(canvas, template):
        width, height = template.pagesize
        if doc.running:
            visual = _visual(doc.running)
            w = fonts.width(visual, 9, False)
            fonts.draw(canvas, (width - w) / 2, height - 1.3 * CM, visual, 9)
            canvas.setLineWidth(0.5)
            canvas.line(template.leftMargin, height - 1.45 * CM, width - template.rightMargin, height - 1.45 * CM)
        text = formats.footer_text(doc.footer, canvas.getPageNumber(), total)
        if text:
            visual = _visual(text)
            fonts.draw(canvas, (width - fonts.width(visual, 10, False)) / 2, 1.0 * CM, visual, 10)

    return on_page


def _build(doc: Doc, target, total: int) -> int:
    from reportlab import rl_config
    from reportlab.lib.pagesizes import A4, letter
    from reportlab.platypus import SimpleDocTemplate

    rl_config.invariant = 1  # no timestamps or random ids
    fonts = Fonts(doc)
    pagesize = A4 if doc.recipe.page == "A4" else letter
    template = SimpleDocTemplate(target, pagesize=pagesize, leftMargin=2.2 * CM, rightMargin=2.2 * CM,
                                 topMargin=1.9 * CM, bottomMargin=2.0 * CM, title=" ".join(doc.title_lines),
                                 author="", creator="newsmon variants generator", producer="ReportLab PDF Library")
    furniture = _page_furniture(doc, fonts, total)
    template.build(_story(doc, fonts, pagesize[0] - 4.4 * CM), onFirstPage=furniture, onLaterPages=furniture)
    return template.page


def render(doc: Doc, out_pdf: Path, work: Path) -> None:
    total = _build(doc, io.BytesIO(), 0)
    _build(doc, str(out_pdf), total)
