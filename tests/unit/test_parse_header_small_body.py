"""Header lines set in fixed sizes over a small body (found by the layout probe, whose novel
body sizes include 10 pt: python -m tools.corpus.probe_layout --first-seed 3000 / 3100,
documents v3014-lo_odt-fr, v3121-lo_docx-fr, v3126-lo_odt-de and v3009-lo_docx-fa).

- The site's motto couplet (12 pt, centred, regular) stood out from a 10 pt body by 2 points,
  as much as a title may: it was taken for body text ("به خاک خویش ... Dans de nombreuses").
  Upright and of regular weight, a line less than 1.25 times the body's size is not set
  apart as a title is (bold, slanted, or larger: 17-20 pt).
- A bare-name byline at 13 pt beside a 13 pt date over a 10 pt body stood out by 3 points and
  was lost (author None). A name set as the date beside it, not bold, is the byline."""

from __future__ import annotations

from newsmon.parse.article import parse_pdf_article
from tests.pdfs import ArticlePdf
from tests.unit.test_parse_header import BOLD, EN_BODY, FA_BODY, JAN_2, PROFILE, TITLE, URL, body_of

COUPLET = ("به خاک خویش اگر دل نبندیم، ننگ است که بی وطن دل آزادگان به سنگ است",
           "چراغ دانش و آزادی ار بر افروزیم شب دراز ستم را سحر به چنگ است")


def test_the_sites_couplet_over_a_small_body_is_no_body_text():
    pdf = ArticlePdf().masthead()
    for verse in COUPLET:
        pdf.line(verse, 12, align="center")
    pdf.line("European Languages", bold=True).line("Jane Doe 02.01.2020")
    pdf.line("Prices rise again in the capital", size=17, italic=True, align="center")
    for paragraph in EN_BODY:
        pdf.paragraph(paragraph, size=10)
    record = parse_pdf_article(pdf.build(), url=URL, profile=PROFILE)
    assert body_of(record) == EN_BODY
    assert record.title == "Prices rise again in the capital" and record.published_date == JAN_2


def test_a_bare_name_set_as_the_date_over_a_small_body_is_the_byline():
    pdf = ArticlePdf().masthead().line("سیاسی", 13, **BOLD)
    pdf.line("احمد شاه فرهمند", 13).line("2020/01/02", 13)
    pdf.line("قیمت‌ها دوباره بالا رفت", **TITLE)
    for paragraph in FA_BODY:
        pdf.paragraph(paragraph, size=10)
    record = parse_pdf_article(pdf.build(), url=URL, profile=PROFILE)
    assert (record.author, record.published_date) == ("احمد شاه فرهمند", JAN_2)
    assert body_of(record) == FA_BODY
