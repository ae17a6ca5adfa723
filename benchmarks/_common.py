"""Shared bits of the benchmark scripts: the two plain-text baselines."""

from __future__ import annotations

import io


def pdfium_text(data: bytes) -> str:
    """Raw pypdfium2 page text: what a hand-rolled pipeline would start from."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    try:
        return "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()


def pdfminer_text(data: bytes) -> str:
    from pdfminer.high_level import extract_text

    return extract_text(io.BytesIO(data))
