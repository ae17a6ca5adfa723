"""Generate the offline mirror's committed afgazad corpus from the article specs in ``mirror_src/``.

    python -m tools.corpus.mirror            # all dates (`make corpus`)
    python -m tools.corpus.mirror --only 2020-01-03 --keep-fodt /tmp/fodt

A dev-only step (the PDFs and their ground truth are committed; tests never run this).
Needs LibreOffice (``soffice``), fonts-noto-core (Noto Naskh Arabic), fonts-liberation,
and the Python packages jdatetime, reportlab, arabic-reshaper and python-bidi.

Most articles are written as Flat ODT documents and converted by ``soffice --headless
--convert-to pdf`` (as a word processor would print them: justified, right-to-left for
Dari/Pashto, kashida justification, embedded images with bold captions, page numbers
in the footer). Articles marked ``producer: reportlab`` are drawn "the older way":
Arabic-script lines shaped to presentation forms (arabic-reshaper) and reordered to
visual order (python-bidi) before being drawn, right-aligned, without justification.

Spec format (one ``mirror_src/<YYYY-MM-DD>.txt`` per publication date)::

    === <slug>
    lang: en | de | fr | fa | ps
    labels: European Languages | زبانهای اروپایی      (printed section lines; default by lang)
    byline: By Jane Doe                               (omit for no author line)
    author: Jane Doe                                   (optional; else byline minus prefix)
    date: dmy | shamsi                                 (header date format, default dmy)
    original: 2020-01-03                               (optional original-publication date)
    original_text: ...                                 (optional; else formatted by lang)
    producer: libreoffice | reportlab
    tags: adversarial:short, ...
    title: The title on one line
    ---
    First paragraph.

    [img] Caption of an image placed here

    Next paragraph.

The ground truth written beside each PDF is computed from the spec only (never read
back from the PDF), except the layout tags (pages:N, multipage, hyphen/page-break
observations) which are measured on the produced PDF with pypdfium2.
"""

from __future__ import annotations

import argparse
import base64
import dataclasses
import datetime as dt
import hashlib
import io
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import unicodedata
import zlib
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

from newsmon.records import content_hash, count_words, make_article_id
from newsmon.sources.profile import SourceProfile, load_profile

HERE = Path(__file__).resolve().parent
SRC_DIR = HERE / "mirror_src"
CORPUS_DIR = HERE.parents[1] / "include" / "newsmon" / "testing" / "corpus"  # served by newsmon.testing.mirror

SITE_NAME = "افغانستان آزاد – آزاد افغانستان"
SITE_MARK = "AA-AA"
# The site's header couplet (written for this corpus; two hemistichs per line).
VERSE = (
    ("به خاک خویش اگر دل نبندیم، ننگ است", "که بی وطن دل آزادگان به سنگ است"),
    ("چراغ دانش و آزادی ار بر افروزیم", "شب دراز ستم را سحر به چنگ است"),
)
SITE_WEB = "www.afgazad.com"
SITE_MAIL = "afgazad@gmail.com"

RTL_LANGS = {"fa", "ps"}
DEFAULT_LABELS = {
    "en": ["European Languages", "زبانهای اروپایی"],
    "de": ["European Languages", "زبانهای اروپایی"],
    "fr": ["European Languages", "زبانهای اروپایی"],
    "fa": ["سیاسی"],
    "ps": ["سیاسی"],
}
BYLINE_PREFIXES = ("By ", "Von ", "Par ", "De ", "نویسنده:", "لیکوال:", "نوشته:", "ليکوال:")

EN_MONTHS = "January February March April May June July August September October November December".split()
DE_MONTHS = "Januar Februar März April Mai Juni Juli August September Oktober November Dezember".split()
FR_MONTHS = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split()
DARI_MONTHS = "حمل ثور جوزا سرطان اسد سنبله میزان عقرب قوس جدی دلو حوت".split()
PASHTO_MONTHS = "وری غویی غبرګولی چنګاښ زمری وږی تله لړم لیندۍ مرغومی سلواغه کب".split()
FA_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


# ---------------------------------------------------------------------------- specs


@dataclasses.dataclass
class Spec:
    date: dt.date
    slug: str
    lang: str
    labels: list[str]
    byline: str | None
    author: str | None
    date_style: str
    title: str
    blocks: list[tuple[str, str]]  # ("p", text) or ("img", caption)
    original: dt.date | None
    original_text: str | None
    producer: str
    tags: list[str]

    @property
    def rtl(self) -> bool:
        return self.lang in RTL_LANGS

    @property
    def paragraphs(self) -> list[str]:
        return [text for kind, text in self.blocks if kind == "p"]

    @property
    def captions(self) -> list[str]:
        return [text for kind, text in self.blocks if kind == "img"]


def _clean(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split()))


def author_from_byline(byline: str | None) -> str | None:
    if not byline:
        return None
    for prefix in BYLINE_PREFIXES:
        if byline.startswith(prefix):
            return byline[len(prefix):].strip()
    return byline.strip()


def parse_spec_file(path: Path) -> list[Spec]:
    day = dt.date.fromisoformat(path.stem)
    text = path.read_text(encoding="utf-8")
    chunks = re.split(r"^=== ", text, flags=re.M)[1:]
    specs = []
    for chunk in chunks:
        head, _, body = chunk.partition("\n---\n")
        lines = head.splitlines()
        slug = lines[0].strip()
        meta: dict[str, str] = {}
        for line in lines[1:]:
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            key, _, value = line.partition(":")
            meta[key.strip()] = value.strip()
        lang = meta["lang"]
        blocks: list[tuple[str, str]] = []
        for para in re.split(r"\n\s*\n", body.strip()):
            para = _clean(para)
            if not para:
                continue
            if para.startswith("[img]"):
                blocks.append(("img", _clean(para[5:])))
            else:
                blocks.append(("p", para))
        labels = [s.strip() for s in meta["labels"].split("|")] if "labels" in meta else DEFAULT_LABELS[lang]
        byline = _clean(meta["byline"]) if meta.get("byline") else None
        spec = Spec(
            date=day,
            slug=slug,
            lang=lang,
            labels=labels,
            byline=byline,
            author=_clean(meta["author"]) if meta.get("author") else author_from_byline(byline),
            date_style=meta.get("date", "dmy"),
            title=_clean(meta["title"]),
            blocks=blocks,
            original=dt.date.fromisoformat(meta["original"]) if meta.get("original") else None,
            original_text=_clean(meta["original_text"]) if meta.get("original_text") else None,
            producer=meta.get("producer", "libreoffice"),
            tags=[t.strip() for t in meta.get("tags", "").split(",") if t.strip()],
        )
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", spec.slug):
            raise ValueError(f"{path}: bad slug {spec.slug!r}")
        specs.append(spec)
    return specs


def load_specs(only: set[str] | None = None) -> list[Spec]:
    specs: list[Spec] = []
    for path in sorted(SRC_DIR.glob("20*.txt")):
        if only and path.stem not in only:
            continue
        specs.extend(parse_spec_file(path))
    seen = set()
    for spec in specs:
        key = (spec.date, spec.slug)
        if key in seen:
            raise ValueError(f"duplicate slug {key}")
        seen.add(key)
    return specs


# ---------------------------------------------------------------------------- dates


def solar_hijri(day: dt.date, lang: str) -> str:
    import jdatetime

    j = jdatetime.date.fromgregorian(date=day)
    months = PASHTO_MONTHS if lang == "ps" else DARI_MONTHS
    return f"{j.day} {months[j.month - 1]} {j.year}".translate(FA_DIGITS)


def header_date(spec: Spec) -> str:
    if spec.date_style == "shamsi":
        return solar_hijri(spec.date, spec.lang)
    if spec.date_style == "dmy":
        return spec.date.strftime("%d.%m.%Y")
    raise ValueError(f"{spec.slug}: unknown date style {spec.date_style}")


def original_date_text(spec: Spec) -> str | None:
    if spec.original is None:
        return None
    if spec.original_text:
        return spec.original_text
    d = spec.original
    if spec.lang == "en":
        return f"{d.day} {EN_MONTHS[d.month - 1]} {d.year}"
    if spec.lang == "de":
        return f"{d.day}. {DE_MONTHS[d.month - 1]} {d.year}"
    if spec.lang == "fr":
        return f"{'1er' if d.day == 1 else d.day} {FR_MONTHS[d.month - 1]} {d.year}"
    return solar_hijri(d, spec.lang)


# ---------------------------------------------------------------------------- images


def _png(width: int, height: int, rows: list[bytes]) -> bytes:
    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + row for row in rows)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def make_image(seed: str, width: int = 96, height: int = 60) -> bytes:
    """A small deterministic 'photo': sky gradient, hills, a few buildings, a sun."""
    h = hashlib.sha256(seed.encode()).digest()
    sky = (90 + h[0] % 100, 120 + h[1] % 90, 170 + h[2] % 80)
    ground = (80 + h[3] % 80, 70 + h[4] % 60, 40 + h[5] % 50)
    sun_x, sun_y, sun_r = 10 + h[6] % (width - 20), 6 + h[7] % 14, 4 + h[8] % 5
    buildings = [(h[9 + i] % width, 6 + h[14 + i] % 10, 8 + h[19 + i] % 22) for i in range(5)]
    horizon = height * 2 // 3 + h[24] % 6 - 3
    rows = []
    for y in range(height):
        row = bytearray()
        for x in range(width):
            if (x - sun_x) ** 2 + (y - sun_y) ** 2 <= sun_r**2:
                px = (250, 220, 120)
            elif y < horizon - int(6 * abs(((x * 7 + h[25]) % 40) - 20) / 20):
                f = y / horizon
                px = tuple(int(c * (1 - 0.3 * f)) for c in sky)
            else:
                px = tuple(max(0, c - (y - horizon)) for c in ground)
            for bx, bw, bh in buildings:
                if bx <= x < bx + bw and horizon - bh <= y < horizon + 4:
                    shade = 60 + (bx * 3) % 90
                    px = (shade, shade - 10 if shade > 10 else 0, shade + 20)
                    if (x - bx) % 4 == 1 and (y - horizon + bh) % 5 == 2:
                        px = (230, 210, 150)
            row += bytes(px)
        rows.append(bytes(row))
    return _png(width, height, rows)


# ---------------------------------------------------------------------------- Flat ODT

FODT_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:xlink="http://www.w3.org/1999/xlink"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:meta><dc:title>{doc_title}</dc:title><meta:generator>newsmon corpus generator</meta:generator></office:meta>
 <office:font-face-decls>
  <style:font-face style:name="Liberation Serif" svg:font-family="'Liberation Serif'" style:font-family-generic="roman" style:font-pitch="variable"/>
  <style:font-face style:name="Noto Naskh Arabic" svg:font-family="'Noto Naskh Arabic'" style:font-pitch="variable"/>
 </office:font-face-decls>
 <office:styles>
  <style:default-style style:family="paragraph">
   <style:paragraph-properties fo:hyphenation-ladder-count="no-limit" style:writing-mode="page"/>
   <style:text-properties style:font-name="Liberation Serif" fo:font-size="13pt" fo:language="{lang}" fo:country="{country}"
     style:font-name-complex="Noto Naskh Arabic" style:font-size-complex="14pt" style:language-complex="{clang}" style:country-complex="{ccountry}"
     fo:hyphenate="false"/>
  </style:default-style>
  <style:style style:name="Standard" style:family="paragraph" style:class="text"/>
  <style:style style:name="Site" style:family="paragraph" style:parent-style-name="Standard">
   <style:paragraph-properties fo:text-align="center" style:writing-mode="rl-tb" fo:margin-bottom="0.05cm"/>
   <style:text-properties fo:font-size="20pt" fo:font-weight="bold" style:font-size-complex="22pt" style:font-weight-complex="bold" fo:color="#1f3b73"/>
  </style:style>
  <style:style style:name="Mark" style:family="paragraph" style:parent-style-name="Standard">
   <style:paragraph-properties fo:text-align="center" fo:margin-bottom="0.1cm"/>
   <style:text-properties fo:font-size="16pt" fo:font-weight="bold" fo:color="#b01c1c"/>
  </style:style>
  <style:style style:name="Verse" style:family="paragraph" style:parent-style-name="Standard">
   <style:paragraph-properties fo:text-align="center" style:writing-mode="rl-tb"/>
   <style:text-properties fo:font-size="11pt" style:font-size-complex="12pt"/>
  </style:style>
  <style:style style:name="Web" style:family="paragraph" style:parent-style-name="Standard">
   <style:paragraph-properties fo:text-align="start" style:writing-mode="lr-tb"/>
   <style:text-properties fo:font-size="10pt" fo:color="#1f3b73"/>
  </style:style>
  <style:style style:name="LabelL" style:family="paragraph" style:parent-style-name="Standard">
   <style:paragraph-properties fo:text-align="start" style:writing-mode="lr-tb"/>
   <style:text-properties fo:font-size="12pt" fo:font-weight="bold" style:font-weight-complex="bold"/>
  </style:style>
  <style:style style:name="LabelR" style:family="paragraph" style:parent-style-name="Standard">
   <style:paragraph-properties fo:text-align="start" style:writing-mode="rl-tb"/>
   <style:text-properties fo:font-size="12pt" fo:font-weight="bold" style:font-size-complex="13pt" style:font-weight-complex="bold"/>
  </style:style>
  <style:style style:name="Rule" style:family="paragraph" style:parent-style-name="Standard">
   <style:paragraph-properties fo:margin-bottom="0.4cm" fo:border-bottom="0.06pt solid #000000" fo:padding="0cm"/>
   <style:text-properties fo:font-size="4pt" style:font-size-complex="4pt"/>
  </style:style>
  <style:style style:name="Byline" style:family="paragraph" style:parent-style-name="Standard">
   <style:paragraph-properties fo:text-align="start" style:writing-mode="{wm}"/>
   <style:text-properties fo:font-size="12pt" style:font-size-complex="13pt"/>
  </style:style>
  <style:style style:name="Title" style:family="paragraph" style:parent-style-name="Standard">
   <style:paragraph-properties fo:text-align="center" style:writing-mode="{wm}" fo:margin-top="0.3cm" fo:margin-bottom="0.4cm"/>
   <style:text-properties fo:font-size="17pt" fo:font-weight="bold" fo:font-style="{title_style}" style:font-size-complex="18pt" style:font-weight-complex="bold"/>
  </style:style>
  <style:style style:name="Body" style:family="paragraph" style:parent-style-name="Standard">
   <style:paragraph-properties fo:text-align="justify" fo:text-align-last="start" style:writing-mode="{wm}" fo:margin-bottom="0.25cm" fo:line-height="115%" fo:orphans="1" fo:widows="1"/>
   <style:text-properties fo:font-size="13pt" style:font-size-complex="15pt" fo:hyphenate="false"/>
  </style:style>
  <style:style style:name="ImagePara" style:family="paragraph" style:parent-style-name="Standard">
   <style:paragraph-properties fo:text-align="center" fo:margin-top="0.2cm" fo:margin-bottom="0.1cm" fo:keep-with-next="always"/>
  </style:style>
  <style:style style:name="Caption" style:family="paragraph" style:parent-style-name="Standard">
   <style:paragraph-properties fo:text-align="center" style:writing-mode="{wm}" fo:margin-bottom="0.3cm"/>
   <style:text-properties fo:font-size="11pt" fo:font-weight="bold" style:font-size-complex="12pt" style:font-weight-complex="bold"/>
  </style:style>
  <style:style style:name="Orig" style:family="paragraph" style:parent-style-name="Standard">
   <style:paragraph-properties fo:text-align="start" style:writing-mode="{wm}" fo:margin-top="0.3cm"/>
   <style:text-properties fo:font-size="12pt" fo:font-style="italic" style:font-size-complex="13pt"/>
  </style:style>
  <style:style style:name="Footer" style:family="paragraph" style:parent-style-name="Standard">
   <style:paragraph-properties fo:text-align="center"/>
   <style:text-properties fo:font-size="10pt"/>
  </style:style>
 </office:styles>
 <office:automatic-styles>
  <style:page-layout style:name="pm1">
   <style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="1.6cm" fo:margin-bottom="1.2cm" fo:margin-left="2.2cm" fo:margin-right="2.2cm" style:writing-mode="lr-tb"/>
   <style:footer-style><style:header-footer-properties fo:min-height="0.5cm" fo:margin-top="0.4cm"/></style:footer-style>
  </style:page-layout>
  <style:style style:name="fr1" style:family="graphic">
   <style:graphic-properties style:vertical-pos="top" style:vertical-rel="baseline" fo:border="none"/>
  </style:style>
 </office:automatic-styles>
 <office:master-styles>
  <style:master-page style:name="Standard" style:page-layout-name="pm1">
   <style:footer><text:p text:style-name="Footer"><text:page-number text:select-page="current">1</text:page-number></text:p></style:footer>
  </style:master-page>
 </office:master-styles>
 <office:body>
  <office:text>
"""
FODT_TAIL = """  </office:text>
 </office:body>
</office:document>
"""

LOCALES = {"en": ("en", "GB"), "de": ("de", "DE"), "fr": ("fr", "FR"), "fa": ("fa", "AF"), "ps": ("ps", "AF")}


def _p(style: str, text: str) -> str:
    return f'   <text:p text:style-name="{style}">{escape(text)}</text:p>\n'


def fodt_document(spec: Spec) -> str:
    wm = "rl-tb" if spec.rtl else "lr-tb"
    lang, country = LOCALES[spec.lang]
    clang, ccountry = ("fa", "AF") if not spec.rtl else LOCALES[spec.lang]
    head = FODT_HEAD.format(
        doc_title=escape(spec.title), lang=lang if not spec.rtl else "en", country=country if not spec.rtl else "US",
        clang=clang, ccountry=ccountry, wm=wm, title_style="italic" if spec.lang in ("en", "de", "fr") else "normal",
    )
    out = [head]
    out.append(_p("Site", SITE_NAME))
    out.append(_p("Mark", SITE_MARK))
    for first, second in VERSE:
        out.append(f'   <text:p text:style-name="Verse">{escape(first)}<text:s text:c="6"/>{escape(second)}</text:p>\n')
    out.append(_p("Web", SITE_WEB))
    out.append(_p("Web", SITE_MAIL))
    for label in spec.labels:
        out.append(_p("LabelR" if _is_arabic(label) else "LabelL", label))
    out.append('   <text:p text:style-name="Rule"/>\n')
    if spec.byline:
        out.append(_p("Byline", spec.byline))
    out.append(_p("Byline", header_date(spec)))
    out.append(_p("Title", spec.title))
    n_img = 0
    for kind, text in spec.blocks:
        if kind == "p":
            out.append(_p("Body", text))
        else:
            n_img += 1
            data = base64.b64encode(make_image(f"{spec.date}/{spec.slug}/{n_img}")).decode("ascii")
            out.append(
                f'   <text:p text:style-name="ImagePara"><draw:frame draw:style-name="fr1" draw:name="Image{n_img}"'
                f' text:anchor-type="as-char" svg:width="9cm" svg:height="5.6cm" draw:z-index="0">'
                f"<draw:image><office:binary-data>{data}</office:binary-data></draw:image></draw:frame></text:p>\n"
            )
            out.append(_p("Caption", text))
    orig = original_date_text(spec)
    if orig:
        out.append(_p("Orig", orig))
    out.append(FODT_TAIL)
    return "".join(out)


def _is_arabic(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


def convert_with_soffice(fodt_files: list[Path], out_dir: Path) -> None:
    profile_dir = Path(tempfile.gettempdir()) / f"newsmon-lo-profile-{os.getuid()}"
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise SystemExit("soffice (LibreOffice) not found: install libreoffice-writer-nogui")
    for start in range(0, len(fodt_files), 40):
        batch = fodt_files[start:start + 40]
        cmd = [
            soffice, f"-env:UserInstallation=file://{profile_dir}", "--headless", "--norestore",
            "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(out_dir), *map(str, batch),
        ]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=900)


# ---------------------------------------------------------------------------- reportlab

FONT_DIRS = [Path("/usr/share/fonts/truetype/noto"), Path("/usr/share/fonts/truetype/liberation2"),
             Path("/usr/share/fonts/truetype/liberation")]


def _font_path(name: str) -> str:
    for d in FONT_DIRS:
        if (d / name).is_file():
            return str(d / name)
    raise SystemExit(f"font {name} not found")


def _register_fonts() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "Naskh" in pdfmetrics.getRegisteredFontNames():
        return
    pdfmetrics.registerFont(TTFont("Naskh", _font_path("NotoNaskhArabic-Regular.ttf")))
    pdfmetrics.registerFont(TTFont("Naskh-Bold", _font_path("NotoNaskhArabic-Bold.ttf")))
    pdfmetrics.registerFont(TTFont("Serif", _font_path("LiberationSerif-Regular.ttf")))
    pdfmetrics.registerFont(TTFont("Serif-Bold", _font_path("LiberationSerif-Bold.ttf")))
    pdfmetrics.registerFont(TTFont("Serif-Italic", _font_path("LiberationSerif-Italic.ttf")))
    pdfmetrics.registerFont(TTFont("Serif-BoldItalic", _font_path("LiberationSerif-BoldItalic.ttf")))
    from reportlab.lib.fonts import addMapping

    addMapping("Serif", 0, 0, "Serif")
    addMapping("Serif", 1, 0, "Serif-Bold")
    addMapping("Serif", 0, 1, "Serif-Italic")
    addMapping("Serif", 1, 1, "Serif-BoldItalic")


def _visual(text: str) -> str:
    """A line of a right-to-left paragraph, shaped and in visual order. Its direction is the
    paragraph's (base "R"), not the line's: python-bidi's default would lay out a line that begins
    with a Latin word left to right."""
    import arabic_reshaper
    from bidi.algorithm import get_display

    return get_display(arabic_reshaper.reshape(text), base_dir="R")


def greedy_lines(text: str, too_wide: Callable[[str], bool]) -> list[str]:
    """Greedy line breaking in logical order: each line takes words while `too_wide` allows."""
    lines: list[str] = []
    current: list[str] = []
    for word in text.split():
        if current and too_wide(" ".join(current + [word])):
            lines.append(" ".join(current))
            current = [word]
        else:
            current.append(word)
    if current:
        lines.append(" ".join(current))
    return lines


def _rtl_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """Lines of Arabic-script text, measured on the shaped text."""
    import arabic_reshaper
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return greedy_lines(text, lambda trial: stringWidth(arabic_reshaper.reshape(trial), font, size) > width)


def reportlab_document(spec: Spec, out_path: Path) -> None:
    from reportlab import rl_config
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import Flowable, Image, KeepTogether, Paragraph, SimpleDocTemplate, Spacer

    rl_config.invariant = 1  # no timestamps or random ids: same bytes for the same spec
    _register_fonts()

    class Line(Flowable):
        """One pre-shaped line drawn in visual order (right-, left- or centre-aligned)."""

        def __init__(self, text: str, font: str, size: float, align: str = "right", leading: float | None = None,
                     space_after: float = 0.0):
            super().__init__()
            self.text, self.font, self.size, self.align = text, font, size, align
            self.leading = leading or size * 1.45
            self.spaceAfter = space_after

        def wrap(self, avail_w, avail_h):
            self.avail_w = avail_w
            return avail_w, self.leading

        def draw(self):
            c = self.canv
            c.setFont(self.font, self.size)
            y = self.leading - self.size * 1.05
            if self.align == "right":
                c.drawRightString(self.avail_w, y, self.text)
            elif self.align == "center":
                c.drawCentredString(self.avail_w / 2, y, self.text)
            else:
                c.drawString(0, y, self.text)

    class Segments(Flowable):
        """A centred line of runs in visual order, each in its own font (Naskh has no dash)."""

        def __init__(self, runs: list[tuple[str, str, float]], leading: float):
            super().__init__()
            self.runs, self.leading = runs, leading

        def wrap(self, avail_w, avail_h):
            self.avail_w = avail_w
            return avail_w, self.leading

        def draw(self):
            from reportlab.pdfbase.pdfmetrics import stringWidth

            total = sum(stringWidth(t, f, s) for t, f, s in self.runs)
            x = (self.avail_w - total) / 2
            for text, font, size in self.runs:
                self.canv.setFont(font, size)
                self.canv.drawString(x, self.leading - size * 1.05, text)
                x += stringWidth(text, font, size)

    frame_w = A4[0] - 4.4 * cm
    story: list = []
    left, _, right = SITE_NAME.partition(" – ")
    story.append(Segments([(_visual(right), "Naskh-Bold", 20), (" – ", "Serif-Bold", 20), (_visual(left), "Naskh-Bold", 20)],
                          30))
    story.append(Line(SITE_MARK, "Serif-Bold", 15, "center", 22))
    for first, second in VERSE:
        story.append(Line(_visual(second) + "      " + _visual(first), "Naskh", 11, "center", 18))
    story.append(Line(SITE_WEB, "Serif", 10, "left", 14))
    story.append(Line(SITE_MAIL, "Serif", 10, "left", 14))
    for label in spec.labels:
        if _is_arabic(label):
            story.append(Line(_visual(label), "Naskh-Bold", 12, "right", 20))
        else:
            story.append(Line(label, "Serif-Bold", 12, "left", 18))
    story.append(Spacer(1, 0.5 * cm))

    if spec.rtl:
        body_font, size = "Naskh", 14
        if spec.byline:
            story.append(Line(_visual(spec.byline), "Naskh", 13, "right", 20))
        story.append(Line(_visual(header_date(spec)), "Naskh", 13, "right", 22))
        for line in _rtl_lines(spec.title, "Naskh-Bold", 17, frame_w * 0.9):
            story.append(Line(_visual(line), "Naskh-Bold", 17, "center", 28))
        story.append(Spacer(1, 0.3 * cm))
    else:
        byl = ParagraphStyle("byl", fontName="Serif", fontSize=12, leading=15)
        if spec.byline:
            story.append(Paragraph(escape(spec.byline), byl))
        story.append(Paragraph(escape(header_date(spec)), byl))
        story.append(Paragraph(escape(spec.title), ParagraphStyle(
            "title", fontName="Serif-BoldItalic", fontSize=17, leading=21, alignment=TA_CENTER, spaceBefore=8, spaceAfter=12)))
    body_style = ParagraphStyle("body", fontName="Serif", fontSize=13, leading=16.5, alignment=TA_JUSTIFY, spaceAfter=7)
    cap_style = ParagraphStyle("cap", fontName="Serif-Bold", fontSize=11, leading=14, alignment=TA_CENTER, spaceAfter=9)
    n_img = 0
    for kind, text in spec.blocks:
        if kind == "p":
            if spec.rtl:
                lines = _rtl_lines(text, body_font, size, frame_w)
                for i, line in enumerate(lines):
                    last = i == len(lines) - 1
                    story.append(Line(_visual(line), body_font, size, "right", size * 1.7, 7 if last else 0))
            else:
                story.append(Paragraph(escape(text), body_style))
        else:
            n_img += 1
            png = make_image(f"{spec.date}/{spec.slug}/{n_img}")
            img = Image(io.BytesIO(png), width=9 * cm, height=5.6 * cm)
            if spec.rtl:
                cap = [Line(_visual(line), "Naskh-Bold", 12, "center", 20)
                       for line in _rtl_lines(text, "Naskh-Bold", 12, frame_w * 0.9)]
            else:
                cap = [Paragraph(escape(text), cap_style)]
            story.append(KeepTogether([Spacer(1, 4), img, Spacer(1, 4), *cap, Spacer(1, 6)]))
    orig = original_date_text(spec)
    if orig:
        if spec.rtl:
            story.append(Line(_visual(orig), "Naskh", 13, "right", 24))
        else:
            story.append(Paragraph(escape(orig), ParagraphStyle("orig", fontName="Serif-Italic", fontSize=12, leading=16,
                                                             alignment=TA_LEFT, spaceBefore=6)))

    def footer(canvas, doc):
        canvas.saveState()
        canvas.setFont("Serif", 10)
        canvas.drawCentredString(A4[0] / 2, 1.0 * cm, str(doc.page))
        canvas.restoreState()

    doc = SimpleDocTemplate(str(out_path), pagesize=A4, leftMargin=2.2 * cm, rightMargin=2.2 * cm,
                            topMargin=1.6 * cm, bottomMargin=2.0 * cm, title=spec.title, author="",
                            creator="newsmon corpus generator", producer="ReportLab PDF Library")
    doc.build(story, onFirstPage=footer, onLaterPages=footer)


# ---------------------------------------------------------------------------- ground truth


def ground_truth(spec: Spec, profile: SourceProfile) -> dict:
    url = profile.article_url(spec.date, spec.slug)
    english = {entry.get("en") for entry in profile.sections}
    section = next((label for label in spec.labels if label in english), spec.labels[0] if spec.labels else None)
    body = "\n\n".join(spec.paragraphs)
    return {
        "article_id": make_article_id(profile.name, url),
        "source": profile.name,
        "url": url,
        "section": section,
        "language": spec.lang,
        "title": spec.title,
        "author": spec.author,
        "published_date": spec.date.isoformat(),
        "published_date_raw": header_date(spec),
        "original_published_date": spec.original.isoformat() if spec.original else None,
        "body_text": body,
        "captions": spec.captions,
        "word_count": count_words(body),
        "content_sha256": content_hash(body),
        "producer": spec.producer,
        "tags": [],
    }


def _page_texts(pdf_path: Path) -> list[str]:
    from tools.corpus.check import page_texts

    return page_texts(pdf_path.read_bytes())


def layout_tags(spec: Spec, pdf_path: Path) -> list[str]:
    """Observations on the produced PDF that a parser has to survive.

    pdfium marks a line that ends in a hyphen with U+FFFE and joins it to what follows
    without a line break (the next line, or the page number at the foot of a page)."""
    tags: list[str] = []
    pages = _page_texts(pdf_path)
    tags.append(f"pages:{len(pages)}")
    if len(pages) > 1:
        tags.append("multipage")
    if len(pages) >= 3:
        tags.append("multipage:3+")
    if spec.rtl:
        return tags
    paras = spec.paragraphs
    page_lines = [[ln.strip() for ln in text.split("\r\n") if ln.strip()] for text in pages]
    for lines in page_lines:
        for i, line in enumerate(lines):
            inner = line[:-1] if i == len(lines) - 1 else line
            if "\ufffe" in inner.rstrip("0123456789\ufffe") or re.search(r"\w-$", line):
                tags.append("line_break:hyphenated_word")
    for k in range(1, len(page_lines)):
        prev, lines = page_lines[k - 1], page_lines[k]
        if not prev or not lines:
            continue
        last = prev[-1]
        if re.search(r"\ufffe\d+$", last) or (len(prev) > 1 and prev[-1].isdigit() and prev[-2].endswith("-")):
            tags.append("page_break:hyphenated_word")
            continue
        if last.isdigit() and len(prev) > 1:
            last = prev[-2]
        first = lines[0]
        if first.isdigit() and len(lines) > 1:  # reportlab draws the footer first
            first = lines[1]
        if any(p.startswith(first[:40]) for p in paras) or first in spec.captions:
            continue
        last_words, first_words = last.split()[-3:], first.split()[:3]
        probe = " ".join(last_words + first_words)
        if any(probe in p for p in paras):
            tags.append("page_break:mid_paragraph")
            if first[:1].isupper():
                tags.append("page_break:capitalised")
    return sorted(set(tags), key=tags.index)


def spec_tags(spec: Spec) -> list[str]:
    tags = [f"lang:{spec.lang}", f"producer:{spec.producer}"]
    if spec.captions:
        tags.append("caption")
    if spec.date_style == "shamsi":
        tags.append("solar_hijri")
    if spec.original:
        tags.append("original_date")
    if spec.author is None:
        tags.append("no_author")
    elif spec.byline == spec.author:
        tags.append("bare_byline")
    if "\u200c" in "".join(spec.paragraphs) + spec.title:
        tags.append("zwnj")
    if spec.rtl and re.search(r"[A-Za-z]", " ".join(spec.paragraphs)):
        tags.append("latin_in_rtl")
    if spec.rtl and re.search(r"[0-9]", " ".join(spec.paragraphs)):
        tags.append("ascii_digits_in_rtl")
    if spec.rtl and re.search("[\u06f0-\u06f9]", " ".join(spec.paragraphs)):
        tags.append("persian_digits_in_body")
    if re.search("[\u06c0\u0654]", " ".join(spec.paragraphs) + spec.title):
        tags.append("hamza_above")
    if spec.rtl and re.search("[«»()]", " ".join(spec.paragraphs)):
        tags.append("mirrored_punctuation")
    return tags + spec.tags


def _pin_pdf(data: bytes, spec: Spec) -> bytes:
    """Replace LibreOffice's run-time stamps (creation date, document ids, checksum) by
    values derived from the spec, byte for byte the same length (xref offsets stay valid),
    so regenerating an unchanged spec gives an identical file."""
    seed = hashlib.md5(f"{spec.date}/{spec.slug}".encode()).hexdigest().upper()
    stamp = spec.date.strftime("%Y%m%d") + "120000"

    def same_len(pattern: bytes, repl) -> None:
        nonlocal data
        def sub(m: re.Match) -> bytes:
            out = repl(m)
            return out if len(out) == len(m.group(0)) else m.group(0)

        data = re.sub(pattern, sub, data)

    same_len(rb"/CreationDate\(D:\d{14}", lambda m: b"/CreationDate(D:" + stamp.encode())
    same_len(rb"/ModDate\(D:\d{14}", lambda m: b"/ModDate(D:" + stamp.encode())
    same_len(rb"/ID \[ <[0-9A-F]{32}>(\s*)<[0-9A-F]{32}> \]",
             lambda m: b"/ID [ <" + seed.encode() + b">" + m.group(1) + b"<" + seed.encode() + b"> ]")
    same_len(rb"/DocChecksum /[0-9A-F]{32}", lambda m: b"/DocChecksum /" + seed.encode())
    return data


# ---------------------------------------------------------------------------- main


def generate(only: set[str] | None = None, keep_fodt: Path | None = None, out_dir: Path = CORPUS_DIR) -> list[dict]:
    profile = load_profile("afgazad")
    specs = load_specs(only)
    work = Path(tempfile.mkdtemp(prefix="newsmon-corpus-"))
    try:
        fodt_dir = keep_fodt or work / "fodt"
        fodt_dir.mkdir(parents=True, exist_ok=True)
        pdf_dir = work / "pdf"
        pdf_dir.mkdir()
        lo_files = []
        for spec in specs:
            name = f"{spec.date}_{spec.slug}"
            if spec.producer == "libreoffice":
                path = fodt_dir / f"{name}.fodt"
                path.write_text(fodt_document(spec), encoding="utf-8")
                lo_files.append(path)
            elif spec.producer == "reportlab":
                reportlab_document(spec, pdf_dir / f"{name}.pdf")
            else:
                raise ValueError(f"{spec.slug}: unknown producer {spec.producer}")
        if lo_files:
            convert_with_soffice(lo_files, pdf_dir)
        staged = work / "out"
        truths = []
        for spec in specs:
            day_dir = staged / spec.date.isoformat()
            day_dir.mkdir(parents=True, exist_ok=True)
            src_pdf = pdf_dir / f"{spec.date}_{spec.slug}.pdf"
            if not src_pdf.is_file():
                raise SystemExit(f"no PDF produced for {spec.date}/{spec.slug}")
            (day_dir / f"{spec.slug}.pdf").write_bytes(_pin_pdf(src_pdf.read_bytes(), spec))
            truth = ground_truth(spec, profile)
            truth["tags"] = spec_tags(spec) + layout_tags(spec, src_pdf)
            (day_dir / f"{spec.slug}.json").write_text(
                json.dumps(truth, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
            truths.append(truth)
        # everything produced: now replace the corpus (all of it, or the dates asked for)
        if only is None and out_dir.exists():
            shutil.rmtree(out_dir)
        out_dir.mkdir(parents=True, exist_ok=True)
        for day_dir in sorted(staged.iterdir()):
            if (out_dir / day_dir.name).exists():
                shutil.rmtree(out_dir / day_dir.name)
            shutil.move(str(day_dir), out_dir / day_dir.name)
        return truths
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", action="append", help="only this date (YYYY-MM-DD); repeatable")
    ap.add_argument("--keep-fodt", type=Path, help="keep the intermediate .fodt files here")
    ap.add_argument("--out", type=Path, default=CORPUS_DIR)
    args = ap.parse_args(argv)
    truths = generate(set(args.only) if args.only else None, args.keep_fodt, args.out)
    by: dict[tuple[str, str], int] = {}
    for t in truths:
        by[(t["language"], t["producer"])] = by.get((t["language"], t["producer"]), 0) + 1
    print(f"{len(truths)} articles written to {args.out}")
    for (lang, producer), n in sorted(by.items()):
        print(f"  {lang:3} {producer:12} {n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
