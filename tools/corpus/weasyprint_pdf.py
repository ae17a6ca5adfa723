"""WeasyPrint (probe-only producer ``weasyprint``): the Chromium producer's HTML page laid out by
WeasyPrint's own engine (Pango + HarfBuzz shaping, its own PDF writer pydyf), so a different text
layout, font subsetting and ToUnicode writer read the same headers and texts.

The page-margin boxes (running header, page numbers) are CSS Paged Media, which WeasyPrint
implements itself. Not a corpus producer (dev/held-out are unchanged): ``tools.corpus.probe_new``.
"""

from __future__ import annotations

from pathlib import Path

from tools.corpus.chromium import html_document
from tools.corpus.layout import Doc


def render(doc: Doc, out_pdf: Path, work: Path) -> None:
    from weasyprint import HTML  # the corpus extra; imported here so the other producers need it not

    html = work / f"{doc.doc_id}.html"
    html.write_text(html_document(doc), encoding="utf-8")
    HTML(filename=str(html)).write_pdf(str(out_pdf))
    if not out_pdf.is_file():
        raise RuntimeError(f"weasyprint wrote no PDF for {doc.doc_id}")
