"""LibreOffice from a Flat ODT document (the producer lo_odt).

Running header and footer live in the master page (page-number and page-count fields,
so "Page 3 of 5" is LibreOffice's own); a two-part header line uses a right tab stop;
the header table is a real ODF table.
"""

from __future__ import annotations

import base64
from pathlib import Path
from xml.sax.saxutils import escape

from tools.corpus import formats, soffice
from tools.corpus.images import ASPECT, picture_png
from tools.corpus.layout import Doc, Para, Picture, Quote, Verse

NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
      ' xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"'
      ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
      ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
      ' xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"'
      ' xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"'
      ' xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:dc="http://purl.org/dc/elements/1.1/"'
      ' xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"'
      ' xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"')
PAGES = {"A4": ("21cm", "29.7cm"), "Letter": ("21.59cm", "27.94cm")}
LOCALES = {"en": ("en", "GB"), "de": ("de", "DE"), "fr": ("fr", "FR"), "fa": ("fa", "AF"), "ps": ("ps", "AF")}
TITLE_PROPS = {
    "bold": ('fo:font-weight="bold"', 17), "larger": ('fo:font-weight="normal"', 20),
    "italic": ('fo:font-style="italic"', 17), "bold_italic": ('fo:font-weight="bold" fo:font-style="italic"', 17),
}
CAPTION_PROPS = {"bold": ('fo:font-weight="bold"', 11), "italic": ('fo:font-style="italic"', 11), "small": ("", 9)}


def _complex(props: str) -> str:
    """The same weight/style for the complex-script (Arabic) side of a text style."""
    return props + " " + props.replace("fo:font-weight", "style:font-weight-complex").replace(
        "fo:font-style", "style:font-style-complex")


BOLD = _complex('fo:font-weight="bold"')


def _pstyle(name: str, para: str, text: str) -> str:
    return (f'<style:style style:name="{name}" style:family="paragraph" style:parent-style-name="Standard">'
            f"<style:paragraph-properties {para}/><style:text-properties {text}/></style:style>\n")


def _styles(doc: Doc, text_width_cm: float) -> str:
    r = doc.recipe
    wm = "rl-tb" if doc.rtl else "lr-tb"
    tprops, tsize = TITLE_PROPS[r.title_weight]
    talign = "center" if r.title_align == "center" else "start"
    cprops, csize = CAPTION_PROPS[r.caption_style]
    tab = f'<style:tab-stops><style:tab-stop style:position="{text_width_cm:.2f}cm" style:type="right"/></style:tab-stops>'
    body = r.body_size
    return "".join([
        _pstyle("Site", 'fo:text-align="center" style:writing-mode="rl-tb"',
                'fo:font-size="20pt" fo:font-weight="bold" style:font-size-complex="22pt" style:font-weight-complex="bold" fo:color="#1f3b73"'),
        _pstyle("Mark", 'fo:text-align="center"', 'fo:font-size="15pt" fo:font-weight="bold" fo:color="#b01c1c"'),
        _pstyle("Verse", 'fo:text-align="center" style:writing-mode="rl-tb"', 'fo:font-size="11pt" style:font-size-complex="12pt"'),
        _pstyle("Web", 'fo:text-align="start" style:writing-mode="lr-tb"', 'fo:font-size="10pt" fo:color="#1f3b73"'),
        _pstyle("LabelL", 'fo:text-align="start" style:writing-mode="lr-tb"', _complex('fo:font-weight="bold"') + ' fo:font-size="12pt"'),
        _pstyle("LabelR", 'fo:text-align="start" style:writing-mode="rl-tb"', _complex('fo:font-weight="bold"') + ' fo:font-size="12pt" style:font-size-complex="13pt"'),
        f'<style:style style:name="LabelTab" style:family="paragraph" style:parent-style-name="Standard">'
        f'<style:paragraph-properties fo:text-align="start" style:writing-mode="lr-tb">{tab}</style:paragraph-properties>'
        f'<style:text-properties {BOLD} fo:font-size="12pt"/></style:style>\n',
        _pstyle("Rule", 'fo:margin-bottom="0.3cm" fo:border-bottom="0.06pt solid #000000" fo:padding="0cm"', 'fo:font-size="4pt" style:font-size-complex="4pt"'),
        _pstyle("Byline", f'fo:text-align="start" style:writing-mode="{wm}"', 'fo:font-size="12pt" style:font-size-complex="13pt"'),
        f'<style:style style:name="BylineTab" style:family="paragraph" style:parent-style-name="Standard">'
        f'<style:paragraph-properties fo:text-align="start" style:writing-mode="{wm}">{tab}</style:paragraph-properties>'
        f'<style:text-properties fo:font-size="12pt" style:font-size-complex="13pt"/></style:style>\n',
        _pstyle("Cell", f'fo:text-align="start" style:writing-mode="{wm}"', 'fo:font-size="12pt" style:font-size-complex="13pt"'),
        _pstyle("Title", f'fo:text-align="{talign}" style:writing-mode="{wm}" fo:margin-top="0.3cm" fo:margin-bottom="0.4cm"',
                _complex(tprops) + f' fo:font-size="{tsize}pt" style:font-size-complex="{tsize + 1}pt"'),
        _pstyle("Body", f'fo:text-align="{r.body_align}" fo:text-align-last="start" style:writing-mode="{wm}" fo:margin-bottom="0.25cm" fo:line-height="{round((r.line_spacing or 1.15) * 100)}%" fo:orphans="2" fo:widows="2"',
                f'fo:font-size="{body}pt" style:font-size-complex="{body + 1}pt" fo:hyphenate="false"'),
        _pstyle("Pull", f'fo:text-align="center" style:writing-mode="{wm}" fo:margin-left="2cm" fo:margin-right="2cm" fo:margin-top="0.3cm" fo:margin-bottom="0.4cm" fo:padding="0.2cm" fo:border-top="0.8pt solid #555555" fo:border-bottom="0.8pt solid #555555"',
                _complex('fo:font-style="italic"') + f' fo:font-size="{body + 4}pt" style:font-size-complex="{body + 5}pt"'),
        _pstyle("ImagePara", 'fo:text-align="center" fo:margin-top="0.2cm" fo:margin-bottom="0.1cm" fo:keep-with-next="always"', ""),
        _pstyle("Caption", f'fo:text-align="center" style:writing-mode="{wm}" fo:margin-bottom="0.3cm"',
                _complex(cprops) + f' fo:font-size="{csize}pt" style:font-size-complex="{csize + 1}pt"'),
        _pstyle("Orig", f'fo:text-align="start" style:writing-mode="{wm}" fo:margin-top="0.3cm"',
                _complex('fo:font-style="italic"') + ' fo:font-size="12pt" style:font-size-complex="13pt"'),
        _pstyle("Running", f'fo:text-align="center" fo:border-bottom="0.5pt solid #777777" fo:padding-bottom="0.05cm" style:writing-mode="{wm}"',
                'fo:font-size="9pt" style:font-size-complex="10pt"'),
        _pstyle("Footer", 'fo:text-align="center"', 'fo:font-size="10pt" style:font-size-complex="10pt"'),
    ])


def _footer(kind: str) -> str:
    num = '<text:page-number text:select-page="current">1</text:page-number>'
    count = "<text:page-count>1</text:page-count>"
    fa_num = '<text:page-number style:num-format="۱" text:select-page="current">۱</text:page-number>'
    return {
        "n": num, "dash_n": f"- {num} -", "page_n_of_m": f"Page {num} of {count}",
        "fa_n": f"صفحه {fa_num}", "n_slash_m": f"{num} / {count}",
        # probe-only (tools/corpus/probe_layout.py)
        "emdash_n": f"— {num} —", "paren_n": f"({num})", "n_site": f"{num} | afgazad.com",
        "fa_n_of_m": f'صفحه {fa_num} از <text:page-count style:num-format="۱">۱</text:page-count>',
        "seite_n": f"Seite {num}",
    }[kind]


def _p(style: str, inner: str) -> str:
    return f'<text:p text:style-name="{style}">{inner}</text:p>\n'


def _site(doc: Doc) -> list[str]:
    out = []
    for kind in doc.site:
        if kind == "name":
            out.append(_p("Site", escape(formats.SITE_NAME)))
        elif kind == "mark":
            out.append(_p("Mark", formats.SITE_MARK))
        elif kind == "verse":
            out += [_p("Verse", f'{escape(a)}<text:s text:c="6"/>{escape(b)}') for a, b in formats.VERSE]
        else:
            out.append(_p("Web", formats.SITE_WEB if kind == "web" else formats.SITE_MAIL))
    return out


def _is_rtl(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


def _joined(doc: Doc, parts: list[str]) -> str:
    if len(parts) == 1:
        return _p("Byline", escape(parts[0]))
    joiner = doc.recipe.joiner
    if joiner == "tab":
        return _p("BylineTab", "<text:tab/>".join(escape(p) for p in parts))
    sep = ' <text:s text:c="2"/>' if joiner == "spaces" else escape(formats.joiner_text(joiner))
    return _p("Byline", sep.join(escape(p) for p in parts))


def _cell(inner: str, span: int = 1) -> str:
    attr = f' table:number-columns-spanned="{span}"' if span > 1 else ""
    cell = f'<table:table-cell table:style-name="HeadCell" office:value-type="string"{attr}>{_p("Cell", inner)}</table:table-cell>'
    return cell + ("<table:covered-table-cell/>" if span > 1 else "")


def _table(doc: Doc) -> list[str]:
    rows = []
    if doc.labels_one_line:
        rows.append("".join(_cell(f'<text:span text:style-name="B">{escape(x)}</text:span>') for x in doc.labels))
    else:
        rows += [_cell(f'<text:span text:style-name="B">{escape(x)}</text:span>', 2) for x in doc.labels]
    for parts in doc.header_parts:
        rows.append("".join(_cell(escape(p)) for p in parts) if len(parts) == 2 else _cell(escape(parts[0]), 2))
    body = "".join(f"<table:table-row>{row}</table:table-row>" for row in rows)
    return ['<table:table table:name="Head" table:style-name="HeadTable"><table:table-column table:number-columns-repeated="2"/>'
            f"{body}</table:table>\n", _p("Rule", "")]


def _header(doc: Doc) -> list[str]:
    if doc.recipe.header_table:
        return _table(doc)
    out = []
    if doc.labels_one_line:
        out.append(_p("LabelTab", "<text:tab/>".join(escape(x) for x in doc.labels)))
    else:
        out += [_p("LabelR" if _is_rtl(x) else "LabelL", escape(x)) for x in doc.labels]
    out.append(_p("Rule", ""))
    out += [_joined(doc, parts) for parts in doc.header_parts]
    return out


def _body(doc: Doc) -> list[str]:
    out = [_p("Title", "<text:line-break/>".join(escape(line) for line in doc.title_lines))]
    n = 0
    for block in doc.body:
        if isinstance(block, Para):
            out.append(_p("Body", escape(block.text)))
        elif isinstance(block, Quote):
            out.append(_p("Pull", escape(block.text)))
        elif isinstance(block, Verse):  # as the masthead's couplet is set
            out += [_p("Verse", f'{escape(a)}<text:s text:c="6"/>{escape(b)}') for a, b in block.couplets]
        elif isinstance(block, Picture):
            n += 1
            data = base64.b64encode(picture_png(block.seed)).decode("ascii")
            out.append(_p("ImagePara",
                          f'<draw:frame draw:style-name="fr1" draw:name="Image{n}" text:anchor-type="as-char"'
                          f' svg:width="{block.width_cm}cm" svg:height="{block.width_cm * ASPECT:.2f}cm" draw:z-index="0">'
                          f"<draw:image><office:binary-data>{data}</office:binary-data></draw:image></draw:frame>"))
            out.append(_p("Caption", escape(block.caption)))
    if doc.original_text:
        out.append(_p("Orig", escape(doc.original_text)))
    return out


def fodt_document(doc: Doc) -> str:
    r = doc.recipe
    width, height = PAGES[r.page]
    text_width = float(width[:-2]) - 4.4
    lang, country = LOCALES[doc.lang]
    clang, ccountry = LOCALES[doc.lang] if doc.rtl else ("fa", "AF")
    header = f'<style:header>{_p("Running", escape(doc.running))}</style:header>' if doc.running else ""
    footer = f'<style:footer>{_p("Footer", _footer(doc.footer))}</style:footer>' if doc.footer != "none" else ""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document {NS} office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:meta><dc:title>{escape(" ".join(doc.title_lines))}</dc:title><meta:generator>newsmon variants generator</meta:generator></office:meta>
<office:font-face-decls>
<style:font-face style:name="{r.latin_font}" svg:font-family="'{r.latin_font}'" style:font-pitch="variable"/>
<style:font-face style:name="{r.arabic_font}" svg:font-family="'{r.arabic_font}'" style:font-pitch="variable"/>
</office:font-face-decls>
<office:styles>
<style:default-style style:family="paragraph"><style:paragraph-properties style:writing-mode="page"/>
<style:text-properties style:font-name="{r.latin_font}" fo:font-size="12pt" fo:language="{lang if not doc.rtl else 'en'}" fo:country="{country if not doc.rtl else 'US'}"
 style:font-name-complex="{r.arabic_font}" style:font-size-complex="13pt" style:language-complex="{clang}" style:country-complex="{ccountry}" fo:hyphenate="false"/></style:default-style>
<style:style style:name="Standard" style:family="paragraph" style:class="text"/>
{_styles(doc, text_width)}
<style:style style:name="B" style:family="text"><style:text-properties fo:font-weight="bold" style:font-weight-complex="bold"/></style:style>
</office:styles>
<office:automatic-styles>
<style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="{width}" fo:page-height="{height}" fo:margin-top="1.4cm" fo:margin-bottom="1.2cm" fo:margin-left="2.2cm" fo:margin-right="2.2cm" style:writing-mode="lr-tb"/>
<style:header-style><style:header-footer-properties fo:min-height="0.4cm" fo:margin-bottom="0.4cm"/></style:header-style>
<style:footer-style><style:header-footer-properties fo:min-height="0.5cm" fo:margin-top="0.4cm"/></style:footer-style></style:page-layout>
<style:style style:name="fr1" style:family="graphic"><style:graphic-properties style:vertical-pos="top" style:vertical-rel="baseline" fo:border="none"/></style:style>
<style:style style:name="HeadTable" style:family="table"><style:table-properties style:width="{text_width:.2f}cm" table:align="margins" style:writing-mode="{'rl-tb' if doc.rtl else 'lr-tb'}" fo:margin-bottom="0.2cm"/></style:style>
<style:style style:name="HeadCell" style:family="table-cell"><style:table-cell-properties fo:padding="0.1cm" fo:border="0.5pt solid #888888"/></style:style>
</office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1">{header}{footer}</style:master-page></office:master-styles>
<office:body><office:text>
{"".join(_site(doc) + _header(doc) + _body(doc))}</office:text></office:body></office:document>
"""


def write_source(doc: Doc, work: Path) -> Path:
    path = work / f"{doc.doc_id}.fodt"
    path.write_text(fodt_document(doc), encoding="utf-8")
    return path


def render(doc: Doc, out_pdf: Path, work: Path) -> None:
    """One document (the build converts many at once with write_source + soffice.convert)."""
    src = write_source(doc, work)
    soffice.convert([src], work)
    (work / f"{doc.doc_id}.pdf").replace(out_pdf)
