"""Typst (probe-only producer ``typst``): the document set by the Typst compiler (the ``typst``
Python package: Typst's Rust engine in-process, its own bidi, rustybuzz shaping, font subsetting
and PDF writer), so a typesetter that shares no code with LibreOffice, Chromium, TeX or the
Python writers sets the same headers and texts.

Text goes into the markup as Typst string literals (``#"..."``), never as markup, so nothing
an article says is read as Typst syntax. Font fallback is Typst's own (per glyph, over the
listed families), like Pango's. Not a corpus producer (dev/held-out are unchanged):
``tools.corpus.probe_new``.
"""

from __future__ import annotations

from pathlib import Path

from tools.corpus import formats
from tools.corpus.images import ASPECT, picture_file
from tools.corpus.layout import Doc, Para, Picture, Quote, Verse

PAPER = {"A4": "a4", "Letter": "us-letter"}
LANG = {"fa": "fa", "ps": "ps", "en": "en", "de": "de", "fr": "fr"}
FOOTERS = {  # each footer kind as Typst code: strings and p (this page), n (the pages)
    "n": "[#p]", "dash_n": '[#"- "#p#" -"]', "page_n_of_m": '[#"Page "#p#" of "#n]', "fa_n": '[#"صفحه "#p]',
    "n_slash_m": '[#p#" / "#n]', "emdash_n": '[#"— "#p#" —"]', "paren_n": '[#"("#p#")"]',
    "n_site": '[#p#" | afgazad.com"]', "fa_n_of_m": '[#"صفحه "#p#" از "#n]', "seite_n": '[#"Seite "#p]',
}
TITLE_STYLE = {"bold": ('"bold"', '"normal"'), "larger": ('"regular"', '"normal"'),
               "italic": ('"regular"', '"italic"'), "bold_italic": ('"bold"', '"italic"')}
BLUE, RED = 'rgb("#1F3B73")', 'rgb("#B01C1C")'  # the masthead's colours, as the other producers print them
CAPTION_STYLE = {"bold": 'weight: "bold"', "italic": 'style: "italic"', "small": "size: 0.8em"}


def s(text: str) -> str:
    """A Typst string literal of `text` (content where it stands in markup as ``#"..."``)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def t(text: str) -> str:
    """`text` as markup content: a string, never parsed as markup."""
    return "#" + s(text)


def _preamble(doc: Doc) -> list[str]:
    r = doc.recipe
    fonts = f"({s(r.arabic_font)}, {s(r.latin_font)})" if doc.rtl else f"({s(r.latin_font)}, {s(r.arabic_font)})"
    day = doc.day
    lines = [f"#set document(date: datetime(year: {day.year}, month: {day.month}, day: {day.day}))",
             f"#set text(font: {fonts}, lang: {s(LANG[doc.lang])}, dir: {'rtl' if doc.rtl else 'ltr'}, size: 12pt)",
             f"#set par(leading: 0.65em, spacing: 0.9em, justify: {'false' if r.body_align == 'start' else 'true'})"]
    header = "none"
    if doc.running:
        header = (f"[#set text(size: 9pt); #align(center)[{t(doc.running)}] #v(-0.5em) "
                  "#line(length: 100%, stroke: 0.4pt)]")
    footer = "none"
    if doc.footer != "none":
        footer = ("context { let p = counter(page).display(); let n = counter(page).final().first(); "
                  f"align(center, text(size: 10pt, {FOOTERS[doc.footer]})) }}")
    lines.append(f"#set page(paper: {s(PAPER[r.page])}, margin: (x: 2.2cm, top: 2.4cm, bottom: 2.2cm), "
                 f"header: {header}, footer: {footer})")
    return lines


def _flush(doc: Doc, text: str, physical_left: bool) -> str:
    return f"#align({'left' if physical_left else 'right'})[{t(text)}]"


def _site(doc: Doc) -> list[str]:
    out = []
    for kind in doc.site:
        if kind == "name":
            out.append(f'#align(center, text(size: 20pt, weight: "bold", fill: {BLUE}, {s(formats.SITE_NAME)}))')
        elif kind == "mark":
            out.append(f'#align(center, text(size: 15pt, weight: "bold", fill: {RED}, {s(formats.SITE_MARK)}))')
        elif kind == "verse":
            out += [f"#align(center, text(size: 10pt)[{t(a)} #h(2.5em) {t(b)}])" for a, b in formats.VERSE]
        else:
            line = formats.SITE_WEB if kind == "web" else formats.SITE_MAIL
            out.append(f"#text(size: 9pt, fill: {BLUE})[{_flush(doc, line, True)}]")
    return out


def _header(doc: Doc) -> list[str]:
    r = doc.recipe
    if r.header_table:
        rows = ([doc.labels] if doc.labels_one_line else [[x] for x in doc.labels]) + doc.header_parts
        n_labels = len(rows) - len(doc.header_parts)
        cells = []
        for i, parts in enumerate(rows):
            texts = [f"[*{t(p)}*]" if i < n_labels else f"[{t(p)}]" for p in parts]
            cells += [f"table.cell(colspan: 2, {texts[0]})"] if len(texts) == 1 else texts
        return [f"#table(columns: (1fr, 1fr), inset: 5pt, {', '.join(cells)})"]
    out = []
    if doc.labels_one_line:
        english, dari = doc.labels
        first, second = (dari, english) if doc.rtl else (english, dari)
        out.append(f"*{t(first)}* #h(1fr) *{t(second)}*")
    else:
        out += [f"#strong[{_flush(doc, x, not formats_rtl(x))}]" for x in doc.labels]
    out.append("#line(length: 100%, stroke: 0.6pt)")
    out += ["#block[" + _joiner(r.joiner).join(t(p) for p in parts) + "]" for parts in doc.header_parts]
    return out


def _joiner(kind: str | None) -> str:
    """The byline/date separator of a line holding both (a tab: the line's two ends)."""
    if kind in ("spaces", "tab"):
        return {"spaces": " #h(1.5em) ", "tab": " #h(1fr) "}[kind]
    return f" {t(formats.joiner_text(kind).strip())} " if kind else " "


def formats_rtl(text: str) -> bool:
    """Whether a label is in Arabic script (set flush right, as the other producers set it)."""
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


def _title(doc: Doc) -> str:
    r = doc.recipe
    weight, style = TITLE_STYLE[r.title_weight]
    size = 20 if r.title_weight == "larger" else 17
    lines = " \\ ".join(t(line) for line in doc.title_lines)
    body = f"#text(size: {size}pt, weight: {weight}, style: {style})[{lines}]"
    return f"#v(0.4em) #align({'center' if r.title_align == 'center' else 'start'})[{body}] #v(0.5em)"


def _body(doc: Doc, work: Path) -> list[str]:
    r = doc.recipe
    out = [f"#set text(size: {r.body_size}pt)", f"#set par(leading: {0.65 * (r.line_spacing or 1.0):.2f}em)"]
    cap = CAPTION_STYLE[r.caption_style]
    for block in doc.body:
        if isinstance(block, Para):
            out.append(t(block.text) + "\n")
        elif isinstance(block, Verse):
            out += [f"#align(center)[{t(a)} #h(2.5em) {t(b)}]" for a, b in block.couplets]
        elif isinstance(block, Quote):
            out.append("#align(center, block(width: 72%)[#line(length: 100%, stroke: 0.6pt) "
                       f"#text(size: 1.2em, style: \"italic\")[{t(block.text)}] #line(length: 100%, stroke: 0.6pt)])")
        elif isinstance(block, Picture):
            png = picture_file(block.seed, work)
            size = f"width: {block.width_cm}cm, height: {block.width_cm * ASPECT:.2f}cm"
            caption = f"#text({cap})[{t(block.caption)}]"
            out.append(f"#align(center)[#image({s(png.name)}, {size}) #v(2pt, weak: true) {caption}]")
    if doc.original_text:
        out.append(f'#text(style: "italic")[{t(doc.original_text)}]')
    return out


def typst_document(doc: Doc, work: Path) -> str:
    """The whole document's Typst source."""
    return "\n".join(_preamble(doc) + _site(doc) + _header(doc) + [_title(doc)] + _body(doc, work)) + "\n"


def render(doc: Doc, out_pdf: Path, work: Path) -> None:
    import typst  # the corpus extra; imported here so the other producers need it not

    src = work / f"{doc.doc_id}.typ"
    src.write_text(typst_document(doc, work), encoding="utf-8")
    typst.compile(str(src), output=str(out_pdf), root=str(work), font_paths=["/usr/share/fonts"])
    if not out_pdf.is_file():
        raise RuntimeError(f"typst wrote no PDF for {doc.doc_id}")
