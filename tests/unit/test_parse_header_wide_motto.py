"""The site's block ends after its contact lines where its motto couplet is set wide.

A layout (the layout probe's v2741-lo_docx-fa) sets the couplet across most of the text block,
then the e-mail and web lines, then the section. The couplet looked like the body's first
paragraph line, the site's block ended there, and the contact lines became body text
("afgazad@gmail.com www.afgazad.com دور تازهٔ ..."). A centred couplet is the motto's. The lines
are that page's as newsmon read them."""

from __future__ import annotations

from newsmon.parse.header import read_header
from newsmon.parse.pdf import Line
from newsmon.sources import load_profile

ROWS = [(261.0, 333.9, 807.9, 9.0, False, "www.afgazad.com"),
        (274.0, 321.5, 771.1, 15.0, True, "AA-AA"),
        (137.7, 457.2, 743.9, 21.0, True, "افغانستان آزاد – آزاد افغانستان"),
        (88.8, 506.2, 722.1, 12.0, False, "به خاک خویش اگر دل نبندیم، ننگ است که بی وطن دل آزادگان به سنگ است"),
        (106.3, 488.8, 706.0, 12.0, False, "چراغ دانش و آزادی ار بر افروزیم شب دراز ستم را سحر به چنگ است"),
        (62.9, 153.0, 691.7, 10.0, False, "afgazad@gmail.com"),
        (62.5, 143.4, 678.5, 10.0, False, "www.afgazad.com"),
        (63.3, 532.0, 662.6, 12.0, True, "سیاسی Political"),
        (273.9, 532.9, 611.2, 13.0, False, "گزارش از: محمد داوود سلطانی / 06-05-2019"),
        (419.6, 532.8, 579.2, 18.0, False, "گفتگوهای دوحه"),
        (375.1, 531.6, 555.1, 18.0, False, "و پرسش\u200cهای بی\u200cپاسخ"),
        (100.5, 532.3, 500.6, 12.0, False, "دور تازهٔ گفتگوهای صلح در دوحه، پس از یک وقفهٔ سه\u200cهفته\u200cای، دوباره"),
        (84.5, 532.1, 484.5, 12.0, False,
         "آغاز شد. دو طرف می\u200cگویند که بر سر «کاهش خشونت» پیشرفت\u200cهایی داشته\u200cاند، اما"),
        (87.7, 532.8, 468.4, 12.0, False, "هنوز روشن نیست که این کاهش چه معنایی دارد و چگونه نظارت خواهد شد و چه کسی")]


def test_contact_lines_after_a_wide_couplet_are_the_sites():
    lines = [Line(text, 0, x0, x1, base + size * 0.8, base - size * 0.25, base, size, bold, False, 0.0)
             for x0, x1, base, size, bold, text in ROWS]
    header = read_header(lines, load_profile("afgazad"))
    assert not any("afgazad" in line.text for line in header.kept)
    assert header.author == "محمد داوود سلطانی" and header.body_start == 11
