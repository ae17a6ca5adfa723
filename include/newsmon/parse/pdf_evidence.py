"""Evidence of a parsed PDF article: the page, line number and text each field was read from.

Line numbers count the lines of a page from its top as the text layer gives them (running
heads and page numbers included), so a maintainer can find the line in a PDF viewer.
"""

from __future__ import annotations

from newsmon.parse.evidence import Evidence, quote
from newsmon.parse.header import Header
from newsmon.parse.pdf import Line, PdfText


def line_numbers(pdf: PdfText) -> dict[int, tuple[int, int]]:
    """id(line) -> (1-based page, 1-based line number on that page)."""
    numbers: dict[int, tuple[int, int]] = {}
    counts: dict[int, int] = {}
    for line in pdf.lines:
        counts[line.page] = counts.get(line.page, 0) + 1
        numbers[id(line)] = (line.page + 1, counts[line.page])
    return numbers


def where(lines: list[Line], numbers: dict[int, tuple[int, int]]) -> str:
    """'page 1, line 4: «text»' or 'page 1, lines 6-7: «text text»' for the lines a field came from."""
    places = [numbers.get(id(line), (line.page + 1, 0)) for line in lines]
    page, first = places[0]
    last = places[-1][1]
    span = f"line {first}" if first == last else f"lines {first}-{last}"
    return f"page {page}, {span}: {quote(' '.join(line.text for line in lines))}"


def note_pdf_evidence(evidence: Evidence, pdf: PdfText, header: Header, body_lines: list[Line],
                      original_date_text: str | None) -> None:
    """Fill `evidence` with what the header reader and the body split decided from."""
    numbers = line_numbers(pdf)
    for name, lines in header.lines_of.items():
        field = "published_date" if name == "date" else name
        evidence.note(field, where(lines, numbers))
    if "date" in header.lines_of:
        evidence.note("published_date_raw", "the date as printed in " + where(header.lines_of["date"], numbers))
    if body_lines:
        evidence.note("body_text", f"the paragraphs from {where(body_lines[:1], numbers)} on "
                                   f"(header lines and page furniture left out)")
    evidence.note("captions", "text blocks set beside the document's images")
    evidence.note("language", "detected from the title and body text")
    if original_date_text:
        evidence.note("original_published_date", f"the last paragraph: {quote(original_date_text)}")
