"""A right-to-left line that pdfium read in scrambled parts, put in order by where the parts stand.

word-dari-scrambled-line.pdf is a probe document (tools.corpus.probe_texts, the text
fa-carpet-weavers, Word's .docx written by LibreOffice, seed 4602). pdfium reads one of its
justified lines as "میلیون متر مربع قالین مستقیما )UAE )ً امسال، 2.3 از راه ... امارات": the
line's first words ("امسال، 2.3") and its last ("(UAE)") read in the middle, a tanwin read
after a bracket. A mark read apart after a bracket (not only after a space) is the sign of
such a line, and a bracket read apart from the word pdfium glued it to does not make the
parts "two words glued" (the case _positional_order leaves alone).
"""

from __future__ import annotations

from pathlib import Path

from newsmon.parse.article import parse_pdf_article
from newsmon.sources import load_profile

PDF = Path(__file__).resolve().parents[1] / "data" / "pdfs" / "word-dari-scrambled-line.pdf"


def test_the_line_reads_in_order():
    body = parse_pdf_article(PDF.read_bytes(), url="https://www.afgazad.com/pdf/x.pdf",
                             profile=load_profile("afgazad")).body_text
    assert ("تا پایان سنبلهٔ امسال، 2.3 میلیون متر مربع قالین مستقیماً از راه هوایی به آلمان، ترکیه و "
            "امارات (UAE) فرستاده شده است.") in body
