"""Page-number footers the corpus never drew (tools/corpus/probe_layout.py): a one-page document
has no repetition to tell its footer, so the page number's own grammar must: "— 1 —", "[1]",
the number beside the site's address ("1 | afgazad.com", found in a one-page XeTeX probe
document's last paragraph), or beside a page's URL as a browser prints it ("file:///.../x.html 1/1",
found in every one-page Chromium probe document printed with Chromium's own footer). A line of
the body that only looks alike stays."""

from __future__ import annotations

import pytest

from newsmon.parse.article import parse_pdf_article
from tests.pdfs import ArticlePdf
from tests.unit.test_parse_header import BOLD, EN_BODY, PROFILE, TITLE, URL


def one_page(footer: str) -> list[str]:
    pdf = ArticlePdf(footer=footer).masthead().line("European Languages", **BOLD).line("By Jane Doe")
    pdf.line("02.01.2020").line("Prices rise again", **TITLE)
    for paragraph in EN_BODY:
        pdf.paragraph(paragraph)
    return parse_pdf_article(pdf.build(), url=URL, profile=PROFILE).body_text.split("\n\n")


@pytest.mark.parametrize("footer", ["— {page} —", "[{page}]", "{page} | afgazad.com", "www.afgazad.com – {page}",
                                    "Seite {page}", "({page})",
                                    # a browser's "print to PDF" footer: the page's URL, then page n of m
                                    "file:///home/reader/Downloads/afgazad-article.html {page}/1",
                                    "https://www.afgazad.com/2020/01/prices-rise-again.html {page}/1"])
def test_a_page_number_footer_of_a_one_page_document_is_no_text(footer):
    assert one_page(footer) == EN_BODY


@pytest.mark.parametrize("footer", ["Kabul | {page} dead", "• {page}{page}{page}",
                                    "See https://www.afgazad.com/archive {page}",
                                    "{page} https://www.afgazad.com/archive"])  # (a footnote)
def test_a_short_line_at_the_foot_that_is_no_page_number_stays(footer):
    """A bullet before a number is a list item's (a real PDF's "• 333" at a page foot)."""
    assert one_page(footer)[-1].endswith(footer.format(page=1))
