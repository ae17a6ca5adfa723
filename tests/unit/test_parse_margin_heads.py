"""A running head a writer draws after the page's text (found in the new-producer probe, WeasyPrint:
"... so far not been found." then "Afghanistan Azad – Azad Afghanistan" ended ten documents' bodies).
WeasyPrint lays the CSS page-margin boxes (@top-center, @bottom-center) out after the page's
content, so pdfium reads the running head last; on a one-page document no repetition tells it
apart from the text. Read where it stands, first on its page, it is the running head the header
knows (as a browser prints it). The page is made by WeasyPrint in the test (the corpus extra of
requirements.lock; Pango from Debian, `make browser`); the words expected are the HTML's."""

from __future__ import annotations

from pathlib import Path

from newsmon.parse.article import parse_pdf_article
from newsmon.parse.layout import drop_page_furniture
from newsmon.parse.pdf import open_pdf
from newsmon.sources import load_profile

PROFILE = load_profile("afgazad")
HEAD = "Afghanistan Azad – Azad Afghanistan"
TITLE = "The Minaret of Jam fights the river that surrounds it"
BODY = [("Hidden in a narrow valley in Ghor province, far from any paved road, stands one of the most "
         "remarkable buildings of the Islamic world, a tower of baked brick sixty-five metres tall."),
        ("Local guards, paid a modest salary by the ministry of information and culture, watch over the "
         "site and chase away looters who dig for coins in the surrounding hills.")]


def weasyprint_pdf(tmp_path: Path) -> bytes:
    """A one-page English article whose running head is a CSS page-margin box, by WeasyPrint."""
    from weasyprint import HTML

    body = "".join(f"<p>{p}</p>" for p in BODY)
    html = ('<!doctype html><html lang="en"><head><meta charset="utf-8"><style>'
            f'@page {{ size: A4; margin: 2.3cm 2cm; @top-center {{ content: "{HEAD}"; font-size: 9pt; }}'
            ' @bottom-center { content: counter(page); font-size: 9pt; } }'
            "body { font-family: 'DejaVu Serif'; font-size: 11pt; } .c { text-align: center; }"
            ".t { font-size: 17pt; font-weight: bold; }</style></head><body>"
            '<p class="c">Afghanistan Azad</p><p class="c">AA-AA</p><p>www.afgazad.com</p>'
            "<p><b>European Languages</b></p><p>By Daniel Okafor   10.06.2020</p>"
            f'<p class="t">{TITLE}</p>{body}</body></html>')
    pdf = tmp_path / "page.pdf"
    HTML(string=html).write_pdf(str(pdf))
    return pdf.read_bytes()


def test_a_running_head_drawn_after_the_text_is_read_first_on_its_page(tmp_path):
    data = weasyprint_pdf(tmp_path)
    with open_pdf(data) as document:
        assert document.lines[-2].text == HEAD  # as pdfium reads it: after the body (the page number last)
        lines = drop_page_furniture(document)
    assert lines[0].text == HEAD


def test_a_running_head_drawn_after_the_text_stays_out_of_the_body(tmp_path):
    record = parse_pdf_article(weasyprint_pdf(tmp_path), url="https://www.afgazad.com/x.pdf", profile=PROFILE)
    assert record.title == TITLE
    assert record.body_text == "\n\n".join(BODY)
