"""Small article PDFs made inside a test, so that each header and layout variation has a
document of its own whose truth is written in the test, not read back from the parser.

Latin text uses PDF's standard Times faces (no font file needed); Arabic-script lines are
shaped to presentation forms and drawn in visual order with DejaVu Sans (Debian's
fonts-dejavu-core), the way older PDF writers drew Dari and Pashto.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import struct
import subprocess
import tempfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium

from newsmon.parse.article import parse_pdf_article
from newsmon.parse.pdf import read_pdf
from newsmon.parse.text import normalize_text
from newsmon.records import ArticleRecord
from newsmon.sources import load_profile

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
PAGE_W, PAGE_H = 595.0, 842.0
MARGIN = 60.0
LATIN = {(False, False): "Times-Roman", (True, False): "Times-Bold", (False, True): "Times-Italic",
         (True, True): "Times-BoldItalic"}
ARABIC = {(False, False): "DejaVuSans", (True, False): "DejaVuSans-Bold", (False, True): "DejaVuSans-Oblique",
          (True, True): "DejaVuSans-BoldOblique"}
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
MASTHEAD = ["Afghanistan Azad", "AA-AA", "www.afgazad.com", "afgazad@gmail.com"]


def is_rtl(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


@dataclass
class _Item:
    kind: str  # line | paragraph | image | break
    text: str = ""
    size: float = 12.0
    bold: bool = False
    italic: bool = False
    align: str = "start"  # start | center | end
    gap_after: float = 4.0
    height: float = 0.0


@dataclass
class ArticlePdf:
    """A one-column A4 document built item by item, flowing onto new pages."""

    items: list[_Item] = field(default_factory=list)
    running_head: str | None = None
    footer: str | None = "{page}"
    producer: str | None = None  # the document information's Producer (reportlab's own where None)

    def line(self, text: str, size: float = 12, bold: bool = False, italic: bool = False,
             align: str = "start", gap_after: float = 4.0) -> "ArticlePdf":
        self.items.append(_Item("line", text, size, bold, italic, align, gap_after))
        return self

    def masthead(self) -> "ArticlePdf":
        self.line(MASTHEAD[0], 20, bold=True, align="center")
        self.line(MASTHEAD[1], 15, bold=True, align="center", gap_after=8)
        self.line(MASTHEAD[2], 10)
        return self.line(MASTHEAD[3], 10, gap_after=10)

    def paragraph(self, text: str, size: float = 12, italic: bool = False, bold: bool = False,
                  indent: bool = False) -> "ArticlePdf":
        item = _Item("paragraph", text, size, bold, italic, "justify", 8.0)
        item.height = 1.0 if indent else 0.0  # an indented paragraph (a pull quote box)
        self.items.append(item)
        return self

    def image(self, height: float = 120) -> "ArticlePdf":
        self.items.append(_Item("image", height=height, gap_after=6))
        return self

    def page_break(self) -> "ArticlePdf":
        self.items.append(_Item("break"))
        return self

    def build(self) -> bytes:
        from reportlab.pdfgen import canvas

        _register_fonts()
        out = io.BytesIO()
        pdf = canvas.Canvas(out, pagesize=(PAGE_W, PAGE_H), invariant=1)
        if self.producer:
            pdf.setProducer(self.producer)
        page = _Page(pdf, self, 1)
        for item in self.items:
            page = page.draw(item)
        page.finish()
        pdf.save()
        return out.getvalue()


class _Page:
    def __init__(self, pdf, doc: ArticlePdf, number: int) -> None:
        self.pdf, self.doc, self.number = pdf, doc, number
        self.y = PAGE_H - MARGIN
        if doc.running_head:
            self._text(doc.running_head.format(page=number), 9, False, True, "center", PAGE_H - 30)

    def finish(self) -> None:
        if self.doc.footer:
            self._text(self.doc.footer.format(page=self.number), 10, False, False, "center", 28)
        self.pdf.showPage()

    def next(self) -> "_Page":
        self.finish()
        return _Page(self.pdf, self.doc, self.number + 1)

    def draw(self, item: _Item) -> "_Page":
        if item.kind == "break":
            return self.next()
        if item.kind == "image":
            page = self if self.y - item.height > MARGIN else self.next()
            page.pdf.drawImage(_image_reader(), PAGE_W / 2 - 100, page.y - item.height, 200, item.height)
            page.y -= item.height + item.gap_after
            return page
        lines = [item.text] if item.kind == "line" else self._wrap(item)
        page = self
        for k, text in enumerate(lines):
            if page.y - item.size * 1.4 < MARGIN + 20:
                page = page.next()
            page.y -= item.size * 1.35
            justify = item.kind == "paragraph" and k < len(lines) - 1
            inset = 60.0 if item.height else 0.0
            align = "start" if item.kind == "paragraph" else item.align
            page._text(text, item.size, item.bold, item.italic, align, page.y, justify, inset)
        page.y -= item.gap_after
        return page

    def _wrap(self, item: _Item) -> list[str]:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        font = _font(item.text, item.bold, item.italic)
        width = PAGE_W - 2 * MARGIN - (120.0 if item.height else 0.0)
        lines, current = [], ""
        for word in item.text.split():
            probe = f"{current} {word}".strip()
            if current and stringWidth(_shaped(probe), font, item.size) > width:
                lines.append(current)
                current = word
            else:
                current = probe
        return lines + ([current] if current else [])

    def _text(self, text: str, size: float, bold: bool, italic: bool, align: str, y: float,
              justify: bool = False, inset: float = 0.0) -> None:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        if "\t" in text:  # a tab stop: the second part further along the line
            first, _, second = text.partition("\t")
            self._text(first, size, bold, italic, align, y)
            from reportlab.pdfbase.pdfmetrics import stringWidth as width_of
            gap = width_of(_shaped(first), _font(first, bold, italic), size) + 48
            self._text(second, size, bold, italic, align, y, inset=gap if align == "start" else 0.0)
            return
        font = _font(text, bold, italic)
        drawn = _shaped(text)
        left, right = MARGIN + inset, PAGE_W - MARGIN - inset
        width = stringWidth(drawn, font, size)
        text_object = self.pdf.beginText()
        text_object.setFont(font, size)
        spaces = drawn.count(" ")
        if justify and spaces:
            text_object.setWordSpace((right - left - width) / spaces)
            x = left
        elif align == "center":
            x = (PAGE_W - width) / 2
        elif (align == "start") == is_rtl(text):  # right-aligned
            x = right - width
        else:
            x = left
        text_object.setTextOrigin(x, y)
        text_object.textLine(drawn)
        self.pdf.drawText(text_object)


def _shaped(text: str) -> str:
    """Arabic-script text as older writers drew it: presentation forms, visual order."""
    if not is_rtl(text):
        return text
    import arabic_reshaper
    from bidi.algorithm import get_display

    return get_display(arabic_reshaper.reshape(text))


def _font(text: str, bold: bool, italic: bool) -> str:
    return (ARABIC if is_rtl(text) else LATIN)[(bold, italic)]


def _register_fonts() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "DejaVuSans" in pdfmetrics.getRegisteredFontNames():
        return
    for name in ARABIC.values():
        pdfmetrics.registerFont(TTFont(name, str(DEJAVU / f"{name}.ttf")))


def _image_reader():
    from reportlab.lib.utils import ImageReader

    return ImageReader(io.BytesIO(png(40, 24)))


def png(width: int, height: int) -> bytes:
    """A small striped RGB picture."""
    rows = b"".join(b"\x00" + b"".join(bytes((x * 6 % 256, y * 10 % 256, 160)) for x in range(width))
                    for y in range(height))

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def unmapped_pdf(base: int = 0xE000, paragraphs: int = 6, readable_lines: int = 0, controls: bool = False) -> bytes:
    """A text PDF whose fonts map every glyph to nonsense, as fonts without a usable character
    map do: the ToUnicode table sends each code to `base + code` (private-use by default, or
    e.g. 0x3A00 for CJK ideographs), or with `controls` to a control code U+0001-U+0008 (as
    htmldoc's PDFs have it), so an extractor reads garbage where the page shows words.
    `readable_lines` first lines are in a standard font whose text reads (the first page of
    such a paper often does)."""
    import re

    from reportlab.pdfgen import canvas

    _register_fonts()
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(PAGE_W, PAGE_H), invariant=1, pageCompression=0)
    y = PAGE_H - MARGIN
    pdf.setFont("Helvetica", 12)
    for k in range(readable_lines):
        pdf.drawString(MARGIN, y, f"Line {k} of a page that reads well, as the first page of such a paper does.")
        y -= 16
    pdf.setFont("DejaVuSans", 12)
    for k in range(paragraphs * 4):
        pdf.drawString(MARGIN, y, "words of a line that a reader sees but no extractor can map back")
        y -= 16
    pdf.showPage()
    pdf.save()
    def target(code: int) -> int:
        return 1 + code % 8 if controls else base + code

    return re.sub(rb"<([0-9A-F]{2})> <[0-9A-F]{4}>",
                  lambda m: b"<%s> <%04X>" % (m.group(1), target(int(m.group(1), 16))), out.getvalue())


def chromium_print(html: str, tmp_path: Path) -> bytes:
    """`html` (a whole page) printed to PDF by Debian's headless Chromium (`make browser`), as
    the corpus's Chromium producer prints: no header or footer, a throwaway profile."""
    assert CHROMIUM, "Debian's chromium is not installed (make browser)"
    page = tmp_path / "page.html"
    page.write_text(html, encoding="utf-8")
    pdf = tmp_path / "page.pdf"
    profile = tempfile.mkdtemp(prefix="newsmon-chromium-", dir=tmp_path)
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={profile}", "--no-pdf-header-footer", f"--print-to-pdf={pdf}",
                    page.as_uri()], check=True, capture_output=True, timeout=120)
    return pdf.read_bytes()


COMMITTED = Path(__file__).resolve().parent / "data" / "pdfs"


def committed_raw_text(name: str, all_pages: bool = False) -> str:
    """pdfium's own text of the first page (or every page) of a committed test document
    (tests/data/pdfs/<name>.pdf): what a test shows the defect in, so that the test of newsmon's
    reading of it can fail."""
    document = pdfium.PdfDocument((COMMITTED / f"{name}.pdf").read_bytes())
    try:
        pages = list(document) if all_pages else [document[0]]
        return "".join(page.get_textpage().get_text_range() for page in pages)
    finally:
        document.close()


def committed_probe(name: str) -> tuple[dict, ArticleRecord]:
    """A committed probe document (tests/data/pdfs/<name>.pdf, made by tools/corpus/probe_fixture.py,
    and <name>.json, its recipe and the truth the generator wrote): the truth, and newsmon's record
    of the PDF as the afgazad profile reads it."""
    truth = json.loads((COMMITTED / f"{name}.json").read_text(encoding="utf-8"))
    record = parse_pdf_article((COMMITTED / f"{name}.pdf").read_bytes(), url=truth["url"],
                               profile=load_profile("afgazad"))
    return truth, record


def committed_probe_reads(name: str, *phrases: str) -> ArticleRecord:
    """A committed probe document (see committed_probe) that newsmon reads as its truth: each of
    `phrases` in the truth's body and in the record's, and the record's whole body the truth's.
    The record, for a test's further checks."""
    truth, record = committed_probe(name)
    for phrase in phrases:
        assert phrase in truth["body_text"], phrase
        assert phrase in record.body_text, phrase
    assert record.body_text == truth["body_text"], name
    return record


def committed_source_and_lines(name: str) -> tuple[list[str], list[str]]:
    """A committed LibreOffice test document (tests/data/pdfs/<name>.fodt and the .pdf made of
    it): its "Body" paragraphs as typed and the lines newsmon reads from the PDF, both
    normalised as the record's text is."""
    fodt = (COMMITTED / f"{name}.fodt").read_text(encoding="utf-8")
    source = [normalize_text(p) for p in re.findall(r'<text:p text:style-name="Body">(.*?)</text:p>', fodt)]
    lines = [normalize_text(line.text) for line in read_pdf((COMMITTED / f"{name}.pdf").read_bytes()).lines]
    return source, lines


def box_reader(values: list) -> Callable[[list[int]], list]:
    """repair_line's `read_boxes` (or `read_origins`, a pen reader) over values given by
    position in the line: a test's boxes, as pdfium gave them for a real line."""
    return lambda positions: [values[p] for p in positions]
