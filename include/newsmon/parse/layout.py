"""Page layout: page furniture, paragraphs and captions from positioned lines.

Justified text makes paragraph ends visible: every line of a paragraph spans the text
block except the last, which stops short (on the right for left-to-right text, on the
left for right-to-left text). Paragraph spacing, where the document has it, is a
second signal. A page break inside a paragraph is therefore a full last line.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import operator
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Final

from newsmon.parse.arabic import brackets_across_lines
from newsmon.parse.bidi_numbers import ARABIC_LETTER
from newsmon.parse.dates import to_ascii_digits
from newsmon.parse.pdf import Line, PdfText, Picture
from newsmon.parse.stats import median
from newsmon.parse.style import Style, body_style
from newsmon.parse.text import has_arabic_script

# A page number line, its numbers already "#" (see _furniture_key): "3", "- 3 -", "— 3 —", "(3)",
# "Page 3 of 5", "صفحه ۳", and "۳ صفحه": pdfium gives the Dari/Pashto footer of a left-to-right page
# in visual order. The number may stand beside the site's address, set off by a bar, dash or dot
# ("3 | afgazad.com", "www.afgazad.com – 3"), or beside a whole address: a browser's "print to
# PDF" sets the page's URL and "1/2" on one line at each page's foot ("file:///.../x.html 1/1",
# "https://www.afgazad.com/... 2/3"). A page foot's furniture, one page or many.
_OPENING, _CLOSING = r"[-–—(\[|]?", r"[-–—)\]|]?"  # (a bullet before a number is a list's: "• 333")
_SITE: Final = r"(?:[a-z][a-z0-9+.-]*://\S*|(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?:/\S*)?)"
_APART: Final = r"(?:\s*[-–—|•·]\s*|\s+)"  # (a number before a URL, "20 http://...", is a footnote's)
_PAGE_NUMBER: Final = re.compile(
    rf"^(?:{_SITE}{_APART})?(?:page|seite|صفحه|مخ)?\s*{_OPENING}\s*#\s*{_CLOSING}\s*"
    rf"(?:(?:of|von|/|از)\s*#|صفحه|مخ)?(?:\s*[-–—|•·]\s*{_SITE})?$", re.IGNORECASE)
# "Page 1 of 2" in Dari on a left-to-right page, as pdfium gives it where the writer draws the
# page's number (a field) apart: "1 صفحه 2 از" (LibreOffice's footer "صفحه <page> از 2").
_PAGE_OF_PAGES_APART: Final = re.compile(r"#\s*(?:صفحه|مخ)\s*#\s*از")
# (A pattern that opens with a character class, not a repeat of one, is scanned for fast.)
_NUMBERS: Final = re.compile(r"\d\d*")
MARGIN_SHARE: Final = 0.09  # top and bottom share of the page where running heads and footers live


def drop_page_furniture(pdf: PdfText) -> list[Line]:
    """Lines without page numbers and running headers/footers (text repeated on pages at the
    top or foot of the page, its numbers aside: "Page 2 of 5" and "Page 3 of 5" repeat)."""
    margin = pdf.page_height * MARGIN_SHARE
    top = pdf.page_height - margin  # lines above it or under the margin are at the page's edge
    lines = _heads_first(pdf.lines, top, margin)
    edge = {id(line): _furniture_key(line) for line in lines if line.top > top or line.bottom < margin}
    # On two pages or more: a running head may repeat the section heading set under it on
    # its own page (LyX, LaTeX's book classes), and that heading is text.
    repeated = Counter(key for key, _ in {(edge[id(line)], line.page) for line in lines if id(line) in edge})
    furniture = {key for key, n in repeated.items() if pdf.page_count > 1 and n >= 2}
    return [line for line in lines
            if id(line) not in edge or not (edge[id(line)] in furniture or _page_number(edge[id(line)]))]


def _page_number(key: str) -> bool:
    """Is the furniture key (see _furniture_key) a page number line? Each has its number as "#":
    a running head with none is told at memory speed, where _PAGE_NUMBER's options are tried."""
    return "#" in key and (_PAGE_NUMBER.match(key) is not None or _PAGE_OF_PAGES_APART.fullmatch(key) is not None)


def _heads_first(lines: list[Line], top: float, margin: float) -> list[Line]:
    """The lines with each page's head put first: a line at the page's top edge (above `top`)
    that pdfium read after all the page's text, with nothing but lines at the page's edges
    (above `top` or under `margin`) after it, and standing wholly above every line read before
    it. A writer may draw the page-margin boxes after the page's text (WeasyPrint draws a CSS
    running head last), and a one-page document's running head, which no repetition tells,
    then ended its body ("... not been found." + "Afghanistan Azad – Azad Afghanistan"); read
    first, the header reads it as the running head a browser prints. A line at the top read
    among the text (XeTeX's "بسمه تعالی" over a form's heading) stays where it is read."""
    out: list[Line] = []
    for _, group in itertools.groupby(lines, key=_PAGE_OF):  # (a C getter: no Python call a line)
        page = list(group)
        tail = len(page)  # the page's last lines, all at its edges
        while tail > 1 and (page[tail - 1].top > top or page[tail - 1].bottom < margin):
            tail -= 1
        highest = max(line.top for line in page[:tail])
        heads = [line for line in page[tail:] if line.top > top and line.bottom >= highest]
        moved = {id(line) for line in heads}
        out += heads + [line for line in page if id(line) not in moved]
    return out


_PAGE_OF: Final = operator.attrgetter("page")


def _furniture_key(line: Line) -> str:
    """The line's text with ASCII digits, its numbers as "#" (a page number matches as "#")."""
    return _NUMBERS.sub("#", to_ascii_digits(" ".join(line.text.split())))


@dataclass(eq=False, init=False)
class Block:
    """Consecutive lines of one paragraph (or caption, or pull quote) and how it ends."""

    lines: list[Line]
    open_end: bool = False  # its last line runs to the block's edge: the paragraph goes on

    def __init__(self, lines: list[Line], open_end: bool = False) -> None:
        """(Its own, not dataclasses': compiled, see pdf.Line.)"""
        self.lines, self.open_end = lines, open_end

    @property
    def text(self) -> str:
        return join_lines([line.text for line in self.lines])


def paragraphs_and_captions(lines: list[Line], pdf: PdfText, body: Style | None = None,
                            join: Callable[[list[str]], str] | None = None) -> tuple[list[str], list[str]]:
    """Body paragraphs and image captions, both as lists of text (a paragraph's lines made
    one by `join`: `joiner` of the lines where none is given).

    A caption is a block set apart from the body's typography right under or over a picture;
    a pull quote (a body sentence repeated larger, slanted or indented) is left out.
    """
    if not lines:
        return [], []
    blocks = _split_at_pictures(split_blocks(lines), pdf)
    body = body or body_style(lines)
    width = median([line.x1 - line.x0 for line in lines])  # a column's, in a multi-column page
    texts: dict[Block, str] = {}  # the blocks' texts as join_lines makes them (see _block_text)
    join = join or joiner(pdf, lines)
    quotes = _pull_quotes(blocks, body, width, texts, join)  # first: a quote may sit beside a picture too
    edges = _text_edges(lines)
    captions = [b for b in blocks if b not in quotes and _is_caption(b, lines, pdf, body, edges)]
    paragraphs = _rejoin([None if b in captions or b in quotes else b for b in blocks])
    if join is join_lines:  # (a writer that breaks no words: the texts the pull quotes were looked for in)
        return [_block_text(block, texts) for block in paragraphs], [_block_text(block, texts) for block in captions]
    return [join([line.text for line in block.lines]) for block in paragraphs], \
        [_block_text(block, texts) for block in captions]


def _block_text(block: Block, texts: dict[Block, str]) -> str:
    """block.text, made once for each block of one paragraphs_and_captions (`texts`, by the
    block itself: a Block is equal only to itself): the pull quotes are looked for in the body
    paragraphs' texts, and most writers' paragraphs are those texts again (see joiner). (Not by
    id(block): a block let go could leave its id to a later one, which then read the first one's
    text; a compiled build's allocations did so.)"""
    text = texts.get(block)
    if text is None:
        text = texts[block] = block.text
    return text


def _split_at_pictures(blocks: list[Block], pdf: PdfText) -> list[Block]:
    """The blocks cut where a picture stands between two of a block's lines: a paragraph that
    a page break seemed to carry on (its page's last line full) went on into the caption under
    the picture that opens the next page (XeTeX, Nazli 10 pt: "... این" + "بوجی‌های زغال سنگ
    در کنار جادهٔ میدان هوایی"). The part before the picture goes on (open_end), so that the
    paragraph is whole again if the part after it is a caption taken out (see _rejoin)."""
    if not pdf.pictures:
        return blocks
    out: list[Block] = []
    for block in blocks:
        start = 0
        for k in range(1, len(block.lines)):
            if _picture_between(block.lines[k - 1], block.lines[k], pdf):
                out.append(Block(block.lines[start:k], True))
                start = k
        out.append(Block(block.lines[start:], block.open_end) if start else block)
    return out


def _by_a_picture(gap: float, size: float) -> bool:
    """Is a line of type `size` right beside a picture, `gap` points apart (its edge to the
    picture's)? Within two and a half of its sizes, or over the picture's edge by 2 points and
    a third of its size: a tall script's glyph boxes reach over the few points a writer leaves
    (Typst's Noto Sans Arabic caption, 2.8 points into its picture). (Written out in
    _picture_between, which asks it of every two lines of a block.)"""
    return -2 - _OVER_A_PICTURE_EMS * size <= gap <= 2.5 * size - 2


_OVER_A_PICTURE_EMS: Final = 1 / 3


def _picture_between(before: Line, line: Line, pdf: PdfText) -> bool:
    """Does `line` stand right under a picture (within two and a half of its sizes, overlapping
    it across) that stands after `before` (on an earlier page, or under it)?"""
    for pic in pdf.pictures_on(line.page):
        across = min(line.x1, pic.x1) - max(line.x0, pic.x0) > 0
        if across and -2 - _OVER_A_PICTURE_EMS * line.size <= pic.bottom - line.top <= 2.5 * line.size - 2 \
                and (before.page != line.page or before.bottom >= pic.top - 2):
            return True
    return False


def joiner(pdf: PdfText, lines: list[Line]) -> Callable[[list[str]], str]:
    """`join_lines` as the document's writer wants its lines joined: where it breaks words at
    line ends itself, by the document's own spelling of the words (see Spelling)."""
    if not (hyphenates_words(pdf.producer) or hyphenates_words(pdf.creator)):
        return join_lines  # (itself: see paragraphs_and_captions)
    return functools.partial(join_lines, breaks_words=True, spelling=Spelling.of([line.text for line in lines]))


def split_blocks(lines: list[Line]) -> list[Block]:
    """Lines to paragraphs: a new one where the style changes, after paragraph spacing, or
    (in justified text) after a line that stops short of the block's far edge."""
    edges = _column_edges(lines)
    flush = _flush_side(lines, edges)
    # (_short_of_edge's side, told once where the text is set flush to one: a call a line fewer)
    if flush:
        on_left = flush == "right"
        short = [line.x0 - left if on_left else right - line.x1 for line, (left, right) in zip(lines, edges)]
    else:
        short = [line.x0 - left if has_arabic_script(line.text) else right - line.x1
                 for line, (left, right) in zip(lines, edges)]
    full = [gap <= max(6.0, (right - left) * 0.03) for gap, (left, right) in zip(short, edges)]
    pitch = _line_pitch(lines, full)
    # Justified text: most lines end exactly at the block's edge. Ragged text (whose lines
    # may come near the edge too) has spacing, and the room left on a paragraph's last line.
    flush_to = [gap <= max(2.5, (right - left) * 0.006) for gap, (left, right) in zip(short, edges)]
    justified = sum(flush_to) >= 0.5 * len(lines)
    if justified:
        _page_ends_short(lines, full, flush_to, edges)
    blocks = [Block([lines[0]], justified and full[0])]
    for i in range(1, len(lines)):
        prev, line, around = lines[i - 1], lines[i], edges[i - 1]
        centred = _centred(prev, around)  # (cheap; _centred_together only where it matters)
        together = (centred or not full[i - 1]) and _centred_together(prev, line, around)
        ends_short = not full[i - 1] and not together
        # (an item's mark told by the line's first character before the call: most lines open with a letter)
        if _starts_paragraph(prev, line, not ends_short, pitch, justified) \
                or (centred and not together) or (line.text[:1] in _ITEM_FIRST and _opens_an_item(prev, line)) \
                or (len(blocks[-1].lines) == 1 and _set_apart(prev, line, around)) \
                or (not justified and _Room(*around, flush).ends_paragraph(prev, line)):
            blocks.append(Block([line]))
        else:
            blocks[-1].lines.append(line)
        blocks[-1].open_end = justified and full[i]
    return blocks


def _page_ends_short(lines: list[Line], full: list[bool], flush_to: list[bool],
                     edges: list[tuple[float, float]]) -> None:
    """In justified text, a page's last line that ends a sentence and stops short of the edge
    (by more than justified lines miss it, less than `full` allows) ended its paragraph: `full`
    set False there. Within a page, paragraph spacing or a shorter last line tells a paragraph
    end; across a page break only the room does, and a paragraph's last line may nearly fill
    its line (a Chromium page: 4.5 pt short of 498). A line that stops as short but goes on
    with no sentence end is a line measured a little short (marks, a kashida) and stays full.
    So does one that stops short of the edge it starts from, by more than an indent (fpdf2
    sets a right-to-left paragraph's last line flush left, against its start: "... می‌دهیم.»"
    over 240 pt of a 480 pt column): no line that goes on does."""
    for i in range(len(lines) - 1):
        if full[i] and lines[i + 1].page != lines[i].page and lines[i].text.rstrip().endswith(_SENTENCE_ENDS) \
                and (not flush_to[i] or _short_of_start(lines[i], *edges[i])):
            full[i] = False


_SHORT_OF_START: Final = 0.2  # a share of the column: more than any indent


def _short_of_start(line: Line, left: float, right: float) -> bool:
    """Does the line start further from the edge its script starts at (the right one for
    right-to-left text) than an indent would?"""
    gap = right - line.x1 if has_arabic_script(line.text) else line.x0 - left
    return gap > _SHORT_OF_START * (right - left)


_SENTENCE_ENDS: Final = (".", "!", "?", "؟", "»", '"', "”", "۔")


def _column_edges(lines: list[Line]) -> list[tuple[float, float]]:
    """The (left, right) edges of the text block each line belongs to: those of the whole
    text, or, on a page set in columns, those of the line's column (the lines of its page
    that overlap it across), where that column is narrower than the text. In two columns a
    line of the first column stops far short of the text's right edge, as a paragraph's last
    line does; against its own column's edge it is full.

    A line that reaches right of every left edge of its page's lines and left of every right
    edge overlaps them all (most lines of a page set in one column): the column of all the
    page's lines is judged once for them (_column_of and _PageExtents.overlapping a line, and
    a tuple of the page's indices hashed twice, cost a third of split_blocks' instructions);
    the others as _column_of judges them. Where every line of a page does (most pages), that
    is told of the page at once, with no step of Python a line (see _page_column_edges)."""
    x0s, x1s = list(map(_X0, lines)), list(map(_X1, lines))
    left, right = _percentile(x0s, 0.1), _percentile(x1s, 0.9)
    width = right - left
    edges = [(left, right)] * len(lines)
    numbers = list(map(_PAGE_OF, lines))
    if numbers != sorted(numbers):  # (the pages' lines not each together: rare)
        pages: dict[int, list[int]] = {}
        for i, number in enumerate(numbers):
            pages.setdefault(number, []).append(i)
        for members in pages.values():
            _page_column_edges(members, x0s, x1s, width, edges)
        return edges
    for number in dict.fromkeys(numbers):  # each page's lines, a run of them
        start, end = bisect.bisect_left(numbers, number), bisect.bisect_right(numbers, number)
        page_x0s, page_x1s = x0s[start:end], x1s[start:end]
        # Where every line has a width and the page's lines overlap one another (the rightmost
        # left edge left of the leftmost right edge: most pages), each line overlaps them all:
        # the column of all of them is judged once, with no step of Python a line.
        if all(map(operator.lt, page_x0s, page_x1s)) and max(page_x0s) < min(page_x1s):
            whole = _column_edges_of(tuple(zip(page_x0s, page_x1s)), width)
            if whole is not None:
                edges[start:end] = [whole] * (end - start)
        else:
            _page_column_edges(range(start, end), x0s, x1s, width, edges)
    return edges


_X0, _X1 = operator.attrgetter("x0"), operator.attrgetter("x1")


def _page_column_edges(members: Sequence[int], x0s: list[float], x1s: list[float], width: float,
                       edges: list[tuple[float, float]]) -> None:
    """The edges (see _column_edges) of the lines of one page (`members`: their indices), set in
    `edges` where their column is narrower than the text's `width`."""
    extents = [(x0s[i], x1s[i]) for i in members]
    drawn = [k for k, (a, b) in enumerate(extents) if a < b]  # (a line with no width overlaps none)
    if not drawn:
        return  # (no line of the page has a column)
    last_left, first_right = max([extents[k][0] for k in drawn]), min([extents[k][1] for k in drawn])
    whole: tuple[float, float] | None = None  # the column of all the page's lines, once judged
    judged, page = False, None
    found: dict[tuple[float, float], tuple[float, float] | None] = {}  # justified lines share extents
    columns: dict[tuple[int, ...], tuple[float, float] | None] = {}  # a column's lines share one
    for i, extent in zip(members, extents):
        x0, x1 = extent
        if x1 <= x0:
            continue
        if x1 > last_left and x0 < first_right:
            if not judged:
                whole, judged = _column_edges_of(tuple([extents[k] for k in drawn]), width), True
            column = whole
        elif extent in found:
            column = found[extent]
        else:
            page = page or _PageExtents(extents)
            column = found[extent] = _column_of(x0, x1, page, width, columns)
        if column is not None:
            edges[i] = column


class _PageExtents:
    """The extents of a page's lines, and what tells at once that a line overlaps all of them."""

    def __init__(self, extents: list[tuple[float, float]]) -> None:
        self.extents = extents
        self.drawn = tuple([k for k, (a, b) in enumerate(extents) if a < b])  # (a line with no width overlaps none)
        # A line that reaches right of every left edge and left of every right edge overlaps
        # every line: most lines of a page set in one column, told without a pass over the page.
        self.last_left = max((extents[k][0] for k in self.drawn), default=float("inf"))
        self.first_right = min((extents[k][1] for k in self.drawn), default=float("-inf"))

    def overlapping(self, x0: float, x1: float) -> tuple[int, ...]:
        """Indices of the lines that overlap the span from x0 to x1 across."""
        if x1 > self.last_left and x0 < self.first_right:
            return self.drawn
        return tuple([k for k, (a, b) in enumerate(self.extents) if a < x1 and x0 < b and a < b])


def _column_of(x0: float, x1: float, page: _PageExtents, width: float,
               known: dict[tuple[int, ...], tuple[float, float] | None]) -> tuple[float, float] | None:
    """The edges of the column of a line from x0 to x1 (the lines of its page that overlap
    it across), where it is clearly narrower than the text's `width`; `known`: the edges of
    columns already judged, by their lines' indices in the page's extents (a tuple of ints
    hashes faster than one of extents)."""
    if x1 <= x0:
        return None
    overlapping = page.overlapping(x0, x1)
    if overlapping not in known:
        known[overlapping] = _column_edges_of(tuple([page.extents[k] for k in overlapping]), width)
    return known[overlapping]


def _column_edges_of(column: tuple[tuple[float, float], ...], width: float) -> tuple[float, float] | None:
    """The (left, right) edges of a column of lines of these extents, or None where they
    are too few or span most of the text's `width`."""
    if len(column) < _COLUMN_MIN_LINES:
        return None
    col_left = _percentile([a for a, _ in column], 0.1)
    col_right = _percentile([b for _, b in column], 0.9)
    if col_right - col_left >= _COLUMN_SHARE * width:
        return None
    # Lines of a page's head (title, authors, centred) overlap a column too: where most of
    # the lines share an edge (a justified column's), that is the column's.
    return _shared_edge([a for a, _ in column], col_left), _shared_edge([b for _, b in column], col_right)


def _shared_edge(values: list[float], otherwise: float) -> float:
    """The value (to a point) that half the values or more share, or `otherwise`."""
    # (a dict and max(): Counter's most_common(1), which picks the first of equal counts too, and
    # statistics.median's sort, without a class's __init__ and generators)
    counts: dict[int, int] = {}
    for v in values:
        point = round(v)
        counts[point] = counts.get(point, 0) + 1
    edge, n = max(counts.items(), key=_COUNT)
    if 2 * n < len(values):
        return otherwise
    return median([v for v in values if round(v) == edge])


_COUNT: Final = operator.itemgetter(1)


_COLUMN_MIN_LINES: Final = 6  # a column has lines enough to show its edges; a few short lines are not one
_COLUMN_SHARE: Final = 0.75   # a column is clearly narrower than the text


def _is_caption(block: Block, lines: list[Line], pdf: PdfText, body: Style, edges: tuple[float, float]) -> bool:
    """Set apart from the body's type beside a picture (or on the page after one that ends its
    page), or in the body's type but centred right under one (`edges`: see _text_edges)."""
    if _styled_apart(block, body):
        return _beside_picture(block, pdf) or _after_a_page_ending_in_a_picture(block, lines, pdf, body, edges)
    return _centred_under_a_picture(block, pdf, edges)


def _styled_apart(block: Block, body: Style) -> bool:
    """Is no line of the block set in the body's style? (Style.of's fields compared, with no
    Style made and no generator resumed a line: most blocks are told by their first line.)"""
    size, bold, italic = body
    for line in block.lines:
        if round(line.size * 2) / 2 == size and line.bold == bold and line.italic == italic:
            return False
    return True


def _beside_picture(block: Block, pdf: PdfText) -> bool:
    """Does the block start right under a picture, or end right over one (same page, overlapping
    it horizontally, within two of its own lines)?"""
    first, last = block.lines[0], block.lines[-1]
    for pic in pdf.pictures_on(first.page) + (pdf.pictures_on(last.page) if last.page != first.page else []):
        across = min(first.x1, pic.x1) - max(first.x0, pic.x0) > 0
        if pic.page == first.page and across and _by_a_picture(pic.bottom - first.top, first.size):
            return True
        across = min(last.x1, pic.x1) - max(last.x0, pic.x0) > 0
        if pic.page == last.page and across and _by_a_picture(last.bottom - pic.top, last.size):
            return True
    return False


def _after_a_page_ending_in_a_picture(block: Block, lines: list[Line], pdf: PdfText, body: Style,
                                      edges: tuple[float, float]) -> bool:
    """Is the block the first text of its page, no larger than the body, and centred under a
    picture that ends the page before it (no text under the picture)? TeX floats a picture to
    the foot of a page and may set its caption on the next: the caption is then parted from
    its picture by a page break. (A heading after a picture is larger, or set at the margin.)"""
    first = block.lines[0]
    if first.page == 0 or len(block.lines) > _CAPTION_MAX_LINES or any(line.size > body.size for line in block.lines):
        return False
    before = [line for line in lines if line.page == first.page - 1]
    if next(line for line in lines if line.page == first.page) is not first or not before:
        return False
    lowest = min(before, key=lambda line: line.bottom)
    left, right = _extent(block)
    # Within the picture's width, or (a caption may be wider than its picture: TeX sets it in
    # the text's width) short of both edges of the text, where no paragraph's line stands.
    short = _short_of_both_edges(block, edges)
    return any(pic.bottom < lowest.bottom and (short or (pic.x0 <= left and right <= pic.x1))
               and _centred_on(block, pic) for pic in pdf.pictures_on(first.page - 1))


def _centred_under_a_picture(block: Block, pdf: PdfText, edges: tuple[float, float]) -> bool:
    """Is the block a caption in the body's own type: at most a few lines that start right
    under a picture, centred on it and short of both edges of the text? A writer whose font
    has one face (fpdf2 with Noto Naskh Arabic has no italic) sets its captions so. A body
    paragraph's lines stand flush with an edge of the text (its first line, too, a justified
    or ragged one), so a block that reaches neither edge and is centred on the picture over
    it is no paragraph."""
    first = block.lines[0]
    if len(block.lines) > _CAPTION_MAX_LINES or not _short_of_both_edges(block, edges):
        return False
    return any(_by_a_picture(pic.bottom - first.top, first.size) and _centred_on(block, pic)
               for pic in pdf.pictures_on(first.page))


def _text_edges(lines: list[Line]) -> tuple[float, float]:
    """Where the text's lines start and end, left and right (the 10th and 90th percentiles:
    a few lines set apart do not move them)."""
    return _percentile([line.x0 for line in lines], 0.1), _percentile([line.x1 for line in lines], 0.9)


def _short_of_both_edges(block: Block, edges: tuple[float, float]) -> bool:
    """Does the block stop short of both edges of the text (`edges`: see _text_edges), where no
    paragraph's line stands?"""
    left, right = _extent(block)
    return edges[0] + _FLUSH < left and right < edges[1] - _FLUSH


def _extent(block: Block) -> tuple[float, float]:
    """Where the block's lines start and end, left and right."""
    return min(map(_X0, block.lines)), max(map(_X1, block.lines))  # (C getters: no generator resumed a line)


def _centred_on(block: Block, pic: Picture) -> bool:
    """Is the block centred on the picture (its middle within _CENTRED of the picture's width)?"""
    left, right = _extent(block)
    return abs((left + right) - (pic.x0 + pic.x1)) / 2 <= _CENTRED * (pic.x1 - pic.x0)


_CENTRED: Final = 0.03  # a line centred under a picture: its middle within this share of the picture's width
_CAPTION_MAX_LINES: Final = 3


def _pull_quotes(blocks: list[Block], body: Style, width: float, texts: dict[Block, str] | None = None,
                 join: Callable[[list[str]], str] | None = None) -> list[Block]:
    """Blocks set apart (style, or indented) that repeat a run of words of a body paragraph
    on the same or the next page: a pull quote is decoration, its text is already in the body.
    A quote's lines may have come out as blocks of their own: consecutive blocks set alike are
    judged together. Headings, table headers and formulas repeat words too, but not a run of
    a body paragraph's words: the paragraph's words as `join` makes its lines one (a writer that
    breaks words at line ends: "cough-" and "ing" are the quote's "coughing")."""
    groups: list[list[Block]] = []
    for block in blocks:
        apart = _styled_apart(block, body) or _block_width(block) < 0.75 * width
        if not apart:
            groups.append([])
        elif groups and groups[-1] and Style.of(groups[-1][-1].lines[0]) == Style.of(block.lines[0]):
            groups[-1].append(block)
        else:
            groups.append([block])
    texts = {} if texts is None else texts  # (see _block_text)
    candidates = [(group, _word_list(" ".join(_block_text(b, texts) for b in group))) for group in groups if group]
    candidates = [(group, words) for group, words in candidates if len(set(words)) >= _QUOTE_MIN_WORDS
                  or (len(set(words)) >= _SENTENCE_QUOTE_MIN_WORDS and _short_quote(group, body, texts))]
    if not candidates:
        return []
    paragraphs = [block for block in blocks if not _styled_apart(block, body)]
    body_text = " ".join(_block_text(block, texts) for block in paragraphs)
    words_of: dict[int, list[str]] = {}  # a paragraph's words, made when a candidate is near it
    quotes = []
    for group, words in candidates:
        printed = " ".join(_block_text(b, texts) for b in group).split()
        if (any(" ".join(printed[k:k + 3]) in body_text for k in (0, len(printed) // 2, len(printed) - 3))
                and _repeats_words(words, printed, _near(paragraphs, group), texts, join, words_of)) \
                or _repeats_letters(printed, _near(paragraphs, group), texts):  # (a scan each first; the
            # letters: rare)
            quotes.extend(group)
    return quotes


def _near(paragraphs: list[Block], group: list[Block]) -> Iterator[Block]:
    """The paragraphs (not the group's own) on the group's pages and the next, read as far as asked."""
    pages = {line.page for b in group for line in b.lines}
    return (block for block in paragraphs if not any(block is b for b in group)
            and any(abs(block.lines[0].page - page) <= 1 for page in pages))


def _repeats_words(words: list[str], printed: list[str], near: Iterable[Block], texts: dict[Block, str],
                   join: Callable[[list[str]], str] | None, words_of: dict[int, list[str]]) -> bool:
    """Does a paragraph of `near` hold most of the candidate's `words` (`printed`: as printed),
    most of them in one run, and every number of it (see _pull_quotes)?"""
    unique, numbers = set(words), set(_NUMBERS.findall(" ".join(printed)))
    for block in near:
        if id(block) not in words_of:  # (setdefault would make the list every time)
            joined = _block_text(block, texts) if join in (None, join_lines) \
                else join([line.text for line in block.lines])
            words_of[id(block)] = _word_list(joined)
        text = words_of[id(block)]
        # (the numbers: "... 9 ... 25" repeats no "... 21 ... 30")
        if len(unique & set(text)) >= 0.8 * len(unique) and _longest_run(words, text) >= 0.8 * len(words) \
                and numbers <= set(_NUMBERS.findall(_block_text(block, texts))):
            return True
    return False


def _repeats_letters(printed: list[str], near: Iterable[Block], texts: dict[Block, str]) -> bool:
    """Do the paragraphs `near` hold all the candidate's letters (`printed`: its words as
    printed) in a row, spaces and ZWNJs aside, _QUOTE_MIN_LETTERS or more? Where pdfium missed
    a quote's word spaces, as its font set them narrower than the body's (Chromium with SIL's
    Lateef), too few of its words are the body's; across a paragraph the quote cuts in two too."""
    squeezed = _squeezed("".join(printed))
    return len(squeezed) >= _QUOTE_MIN_LETTERS \
        and squeezed in _squeezed(" ".join(_block_text(block, texts) for block in near))


def _squeezed(text: str) -> str:
    """The text without its spaces, line ends and ZWNJs (str.replace: a block's text has no
    other blank, and a replace costs a fraction of a regex's substitution)."""
    return text.replace(" ", "").replace("\n", "").replace("\u200c", "")


_QUOTE_MIN_WORDS: Final = 8  # a pull quote is a sentence; a heading that repeats a few words is not one
_QUOTE_MIN_LETTERS: Final = 30  # ... and, told by its letters alone, that many characters of them in a row
_SENTENCE_QUOTE_MIN_WORDS: Final = 5  # fewer words, in display type and ended by a stop: a short sentence
_SENTENCE_END: Final = (".", "!", "?", "؟")


def _short_quote(group: list[Block], body: Style, texts: dict[Block, str]) -> bool:
    """Whether blocks of fewer than _QUOTE_MIN_WORDS words may be a pull quote all the same: a
    sentence (a stop at its end, maybe inside a closing quote, as no heading has) set in larger
    type than the body's or italic, as pull quotes are ("لنډۍ زموږ د خلکو زړه وايي." between a
    paragraph and a couplet), where a table's caption or a paragraph's short last line, set
    apart by their width alone, are not."""
    style = Style.of(group[0].lines[0])
    return ((style.italic or style.size >= 1.15 * body.size)
            and _block_text(group[-1], texts).rstrip().rstrip("»\"”").endswith(_SENTENCE_END))


def _word_list(text: str) -> list[str]:
    """The words of a (normalised) text by their letters (a quote may differ from the body in
    punctuation); numbers and symbols left out. ZWNJ or not, one word."""
    return _runs(text.replace("\u200c", ""), _LETTERS)


def _runs(text: str, pattern: re.Pattern[str]) -> list[str]:
    """pattern.findall(text) for _LETTERS or _WORD_PART, made of the text's blank-separated
    tokens (no run of either takes a blank): a token all of whose characters the pattern takes
    is one run, told at memory speed (str.isalpha: letters, each of which _LETTERS takes;
    str.isalnum: what the regex engine's \\w takes but "_"), where the engine took ~25 ns a
    character; most tokens are words. The others are searched as before."""
    letters = pattern is _LETTERS
    found: list[str] = []
    for token in text.split():
        if token.isalpha() if letters else token.isalnum() and "_" not in token:
            found.append(token)
        else:
            found += pattern.findall(token)
    return found


# The runs of letters (what is left, split, once every run of other characters is a space: a
# substitution at each word's end cost a quarter more). (One, then any more: see _NUMBERS.)
_LETTERS: Final = re.compile(r"[^\W\d_][^\W\d_]*")


def _longest_run(words: list[str], text: list[str]) -> int:
    """Length of the longest run of `words` found word for word in `text`. (The run ending at
    each place of `text` where a word stands, by place: a paragraph's words are hundreds, and a
    table of every pair of a quote's word and a paragraph's cost a Python step each.)"""
    wanted = set(words)
    if wanted.isdisjoint(text):
        return 0
    at: dict[str, list[int]] = {}  # where each of `words` stands in `text` (1-based)
    for j, other in enumerate(text, 1):
        if other in wanted:
            at.setdefault(other, []).append(j)
    best = 0
    previous: dict[int, int] = {}
    for word in words:
        current = {j: previous.get(j - 1, 0) + 1 for j in at.get(word, ())}
        if current:
            best = max(best, *current.values())
        previous = current
    return best


def _rejoin(blocks: list[Block | None]) -> list[Block]:
    """The blocks left (None marks one taken out), joining the two halves of a paragraph that
    a caption or pull quote taken out had cut in two."""
    out: list[Block] = []
    removed = False
    for block in blocks:
        if block is None:
            removed = True
            continue
        previous = out[-1] if out else None
        if removed and previous and _continues(previous, block):
            out[-1] = Block(previous.lines + block.lines, block.open_end)
        else:
            out.append(block)
        removed = False
    return out


def _continues(previous: Block, block: Block) -> bool:
    """Does `block` go on with the sentence `previous` broke off (full last line, same style,
    no sentence end)?"""
    end = previous.lines[-1].text.rstrip()
    return previous.open_end and Style.of(previous.lines[-1]) == Style.of(block.lines[0]) \
        and not end.endswith((".", "!", "?", "؟", "»", '"', "”", ":", "۔"))


def _block_width(block: Block) -> float:
    left, right = _extent(block)
    return right - left


def _centred(line: Line, edges: tuple[float, float]) -> bool:
    """Is the line set centred, short of both edges by about as much, by more than a full line
    may be (see split_blocks' `full`)? A couplet of verse set in ragged text leaves room a
    paragraph's next word would not fit in, and no line of a paragraph starts short of its
    start edge and ends short of its far edge alike (an indented first line reaches the far edge;
    a justified line a little short, 3 pt each side, is no centred one)."""
    left, right = line.x0 - edges[0], edges[1] - line.x1
    least = max(6.0, (edges[1] - edges[0]) * 0.03)
    return left > least and right > least and abs(left - right) <= 2 * _FLUSH


def _set_apart(prev: Line, line: Line, edges: tuple[float, float]) -> bool:
    """Is `prev`, a line that opened a block, set apart from the text, short of both edges by
    more than _INSET of its width, centred or not as measured (XeTeX's couplet "a \\hspace{2.5em}
    b", 51 and 76 pt short of a 462 pt column), with `line` reaching the edge its script starts
    at? No paragraph opens with a line that far in, nor goes on from it to a full line. Only a
    line of words (a verse), half the width or more, in the type of the line after it: a
    running head, a table's cell or a piece of a formula says nothing."""
    width = edges[1] - edges[0]
    if min(prev.x0 - edges[0], edges[1] - prev.x1) <= _INSET * width or prev.x1 - prev.x0 < 0.5 * width \
            or Style.of(prev) != Style.of(line) or prev.text.count(" ") < 4:
        return False
    return (edges[1] - line.x1 if has_arabic_script(line.text) else line.x0 - edges[0]) <= _FLUSH \
        and not prev.text.endswith(("-", "\u00ad"))


_INSET: Final = 0.08


def _centred_together(prev: Line, line: Line, edges: tuple[float, float]) -> bool:
    """Are the two lines of one centred block (a caption of two lines, "... conference in" over
    "Geneva"), set in one style: both short of the text's edges (`edges`), their middles within
    _FLUSH? In justified text a line that stops short ends its paragraph, but in a centred
    one every line stops short; a paragraph's last line starts at one edge."""
    left, right = edges[0] + _FLUSH, edges[1] - _FLUSH
    return prev.x0 > left and line.x0 > left and prev.x1 < right and line.x1 < right \
        and abs((prev.x0 + prev.x1) - (line.x0 + line.x1)) <= 2 * _FLUSH and Style.of(prev) == Style.of(line)


def _starts_paragraph(prev: Line, line: Line, prev_full: bool, pitch: _Pitches, justified: bool) -> bool:
    if prev.bold != line.bold or prev.italic != line.italic or abs(prev.size - line.size) > 0.5:
        return True
    if line.page == prev.page and prev.baseline - line.baseline > pitch.least_spacing \
            and _spaced_apart(prev, line, pitch.of(prev)):  # (most lines: a pitch apart)
        return True  # paragraph spacing, or an image, between the two lines
    return justified and not prev_full


def _opens_an_item(prev: Line, line: Line) -> bool:
    """Does `line` open a list's item ("۲- د وزن ...", "3) a sputum test", "• یو ډاکټر") after a
    line that ends a sentence? A list set as paragraphs of their own ends an item where the
    line may be full (justified text: "... څخه ډېر ټیټ وي." then "۲- د وزن"), which alone does
    not tell a paragraph's end."""
    return line.text[:1] in _ITEM_FIRST and _ITEM_MARK.match(line.text) is not None \
        and prev.text.rstrip()[-1:] in _ENDS_BEFORE_AN_ITEM


# A list item's mark: a number of one or two digits and a hyphen or closing bracket, or a bullet,
# then a space (not "12." of a date: "12. Mai" may open a line after a sentence).
_ITEM_MARK: Final = re.compile(r"(?:[0-9۰-۹]{1,2}[-)]|•) ")
# What an item's mark opens with (a line's first character, told before the regex call: most
# lines open with a letter).
_ITEM_FIRST: Final = frozenset("0123456789۰۱۲۳۴۵۶۷۸۹•")
_ENDS_BEFORE_AN_ITEM: Final = frozenset(".:;!?؟؛")  # (a one-character slice: "" is in no frozenset)


def _flush_side(lines: list[Line], edges: list[tuple[float, float]]) -> str | None:
    """The edge ("left" or "right") that most lines of ragged text start at, where only one
    is: the room a line leaves is on the other side. Most right-to-left text is set flush
    right, but a writer may set it flush left (a paragraph left-aligned in LibreOffice), and
    then a paragraph's last line stops short on the right, whatever its script."""
    # (lists summed: a generator is resumed for each line, a list comprehension runs in one frame)
    at_left = sum([line.x0 - left <= _FLUSH for line, (left, _) in zip(lines, edges)])
    at_right = sum([right - line.x1 <= _FLUSH for line, (_, right) in zip(lines, edges)])
    # Ragged lines come near their far edge now and then; justified ones reach both edges
    # but on a paragraph's last line (two-line paragraphs: half the lines).
    if at_left >= 0.6 * len(lines) and at_right <= 0.4 * at_left:
        return "left"
    if at_right >= 0.6 * len(lines) and at_left <= 0.4 * at_right:
        return "right"
    return None


_FLUSH: Final = 2.5  # a line starts at the block's edge within this (points): set flush to it
# A Latin word that opens a line of right-to-left text is set in a Latin font, whose letters
# are wider than the Arabic script's average that the line before gives (0.3 em in Noto Naskh
# Arabic): "(Certificate" did not fit in 59 pt of room at 14 pt, where 14 of the line before's
# characters take 58.9 pt. A serif font's letters average 0.42 em or more.
LATIN_CHAR_EM: Final = 0.42
# A word of Latin letters, a bracket or quote before it, punctuation after (not a number, a
# formula or code: a table of contents' "1.", "\\begin{equation}").
_LATIN_WORD: Final = re.compile(r"[(\[«\"'‘“]?[A-Za-z][A-Za-z'’-]*[,.;:!?)\]»\"'’”]?")


# A line's end after which its paragraph may well end though the room left on it would not show
# it: a stop, a closing quote, a colon (see _Room: a first word measured to its ZWNJ).
_ENDS_A_LINE_OF_ITS_OWN: Final = (*_SENTENCE_ENDS, ":")


@dataclass(init=False)
class _Room:
    """In ragged text a line breaks where the next word does not fit: a line that had room
    for the next line's first word ended its paragraph (the only sign across a page break).
    The room is on the side the text is not set flush to (`flush`: "left", "right", or None
    where the page does not tell: then the end of the line's script). The word's width with
    its space is the one it takes on the next line (Line.lead), guessed from the line's
    letters where the page does not tell; the room must be wider by two characters (the
    line's average), as the guess allowed: where the block's far edge lies is itself taken
    from the lines, and a table of contents keeps a margin that its entries' lines never
    reach (LaTeX's, for the page numbers). pdfium reads a ZWNJ's gap as a space, so a first
    word that holds one is measured to it ("می" of "می‌گویند"), too short: after a line that
    does not end a sentence (or a label's colon), its letters are counted instead (XeTeX
    with Noto Sans Arabic: "... دو طرف" over 31 pt of room, then "می‌گویند که")."""

    left: float
    right: float
    flush: str | None = None

    def __init__(self, left: float, right: float, flush: str | None = None) -> None:
        """(Its own, not dataclasses': compiled, see pdf.Line.)"""
        self.left, self.right, self.flush = left, right, flush

    def ends_paragraph(self, prev: Line, line: Line) -> bool:
        if Style.of(prev) != Style.of(line) or not prev.text or not line.text.split():
            return False
        free = _short_of_edge(prev, self.left, self.right, self.flush)
        char_width = (prev.x1 - prev.x0) / len(prev.text)
        first = line.text.split()[0]
        if line.lead and ("\u200c" not in first or prev.text.rstrip().endswith(_ENDS_A_LINE_OF_ITS_OWN)):
            return free > line.lead + 2 * char_width
        # (see LATIN_CHAR_EM; a Latin word with the Arabic comma that follows it, "Facebook،", too)
        if _LATIN_WORD.fullmatch(first.rstrip("،؛")) and has_arabic_script(prev.text):
            return free > (len(first) + 2) * max(char_width, LATIN_CHAR_EM * line.size)
        return free > (len(first) + 2) * char_width


def _short_of_edge(line: Line, left: float, right: float, flush: str | None = None) -> float:
    """How far the line stops short of the text block's far edge: the one the text is not
    set flush to (`flush`, see _flush_side), or where justified lines end (the left one for
    right-to-left text)."""
    room_on_left = flush == "right" if flush else has_arabic_script(line.text)
    return line.x0 - left if room_on_left else right - line.x1


def _spaced_apart(prev: Line, line: Line, pitch: _Pitch | None) -> bool:
    """Is there more room between the two lines than lines of a paragraph keep, by more than
    a sixth: more than the pitch, and more than the two lines' ink needs with the least white
    that lines keep between them? TeX sets lines whose ink would come closer than that further
    apart than its pitch (Pashto's marks: 20 pt over an 18.7 pt pitch) and paragraph spacing
    on top of either (24.1 pt)."""
    if pitch is None:
        return False
    gap = prev.baseline - line.baseline
    inked = prev.baseline - prev.bottom + line.top - line.baseline + pitch.least_white
    return gap > max(pitch.distance, inked) * _PARAGRAPH_SPACING


_PARAGRAPH_SPACING: Final = 1.15  # a gap this much wider than the lines' own: a paragraph's end


@dataclass(frozen=True)
class _Pitch:
    """The usual distance from a line's baseline to the next one's in a paragraph, and the
    least white between two lines' ink (see _line_pitch)."""

    distance: float
    least_white: float


class _Pitches:
    """The pitch of a line's page and size (see _line_pitch)."""

    def __init__(self, by_page: dict[tuple[int, float], _Pitch], by_size: dict[float, _Pitch]) -> None:
        self.by_page, self.by_size = by_page, by_size
        # No gap under this is paragraph spacing (see _spaced_apart).
        distances = [pitch.distance for pitch in (*by_page.values(), *by_size.values())]
        self.least_spacing = min(distances) * _PARAGRAPH_SPACING if distances else 1e9

    def of(self, line: Line) -> _Pitch | None:
        found = self.by_page.get((line.page, line.size)) if self.by_page else None
        return found if found is not None else self.by_size.get(line.size)


def _line_pitch(lines: list[Line], full: list[bool]) -> _Pitches:
    """The usual baseline-to-baseline distance of consecutive lines within a paragraph, per
    page and font size: the median gap below a line that runs to the far edge (`full`), the
    page's where it has a few such lines (a document may set its sections apart: a guide's
    lines of one size 17.3 pt apart in one part, 21.7 pt in another), else the document's,
    else the median gap below any line of the size. A full line's paragraph goes on but for the
    few whose last line happens to fill it; any line's gap below is as often paragraph
    spacing as not in an article of short paragraphs (Chromium's and reportlab's Pashto
    pages: 23.25 pt after each of two or three lines 18 pt apart), where that median, taken
    for the pitch, hid every paragraph end whose last line is full."""
    # (lists made where a key is missing, in C: setdefault made an empty list a line)
    gaps: defaultdict[float, list[float]] = defaultdict(list)
    after_full: defaultdict[tuple[int, float], list[float]] = defaultdict(list)
    white: dict[float, float] = {}
    for a, b, a_full in zip(lines, lines[1:], full):
        if a.page == b.page and a.size == b.size and a.baseline > b.baseline:
            gap, size = a.baseline - b.baseline, a.size
            gaps[size].append(gap)
            apart = a.bottom - b.top
            if apart < white.get(size, 1e9):
                white[size] = apart
            if a_full:
                after_full[a.page, size].append(gap)
    by_size = {}
    for size, all_gaps in gaps.items():
        full_gaps = [gap for (_, of), found in after_full.items() if of == size for gap in found]
        by_size[size] = _Pitch(median(full_gaps if len(full_gaps) >= _PITCH_LINES else all_gaps), white[size])
    by_page = {key: _Pitch(median(found), white[key[1]]) for key, found in after_full.items()
               if len(found) >= _PITCH_LINES}
    return _Pitches(by_page, by_size)


_PITCH_LINES: Final = 3  # full lines of a size, with a line of theirs below: enough to tell its pitch


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def join_lines(texts: list[str], breaks_words: bool = False, spelling: Spelling | None = None) -> str:
    """Lines of one paragraph to one string; a line ending in a hyphen joins without a space.

    With `breaks_words` (a writer that hyphenates on its own, as TeX does), a line-end hyphen
    before a lower-case letter is where a word was broken, and goes; a word processor here
    hyphenates nothing, so there the hyphen is the word's own ("Nord-Süd", "well-known").
    The document's own `spelling` of the word, where it writes it inside a line, overrides
    the letter case: TeX breaks "TraceMonkey" as "Trace-" "Monkey" and a compound at its
    hyphen ("interpreter-" "to-trace") as well.
    A bracket pair of right-to-left text turned round across two lines is put right. An en
    dash glued to the word before it ("2023–" "2025", a range) joins the same way: a line may
    break after it, and the writer typed no space there. An item mark's hyphen after a number
    ("۲-" then "د یخچالونو") is no word's: the space stays. An abbreviation's stop may stand
    before the hyphen ("U.N.-" "Kulturorganisation").
    """
    out = ""
    for text in texts:
        text = text.strip()
        if not out:
            out = text
        elif out[-1:] in _LINE_END_DASHES and (out[-2:-1].isalnum() or _ABBREVIATION_HYPHEN.search(out)) \
                and text[:1].isalnum() \
                and not (out[-2:-1].isdigit() and ARABIC_LETTER.match(text)):  # ("۲-" "د": an item mark)
            broken = breaks_words and out[-1] == "-" and out[-2:-1].isalpha() and (
                text[:1].islower() if spelling is None else spelling.broken(out[:-1], text))
            out = (out[:-1] if broken else out) + text
        else:
            out += " " + text
    return brackets_across_lines(out) if len(texts) > 1 else out


_LINE_END_DASHES: Final = ("-", "\u2013")  # (one-character strings: "" is in every string)
# An abbreviation's stop before a compound's hyphen at a line's end ("U.N.-" "Kulturorganisation",
# "Dr.-" "Ing."): the hyphen is the compound's, and the line joins without a space.
_ABBREVIATION_HYPHEN: Final = re.compile(r"(?<![A-Za-z])[A-Za-z]{1,3}\.-$")
_WORD_PART: Final = re.compile(r"[^\W_]+")
_HEAD: Final = re.compile(r"[^\W_]+$")
_IN_LINE_HYPHEN: Final = re.compile(r"-(?<=[^\W\d_]-)(?=[^\W\d_])")  # looking behind after "-", which is found fast


@dataclass
class Spelling:
    """How a document writes its words inside lines, where no line end breaks them: whole
    ("TraceMonkey") or at a hyphen ("interpreter-to"), to tell a word a writer broke at a line
    end from a compound that ends a line at its own hyphen."""

    whole: set[str]
    hyphened: set[str]

    @classmethod
    def of(cls, texts: list[str]) -> Spelling:
        whole: set[str] = set()
        hyphened: set[str] = set()
        for text in texts:
            whole.update(_runs(text, _WORD_PART))
            for m in _IN_LINE_HYPHEN.finditer(text):
                head, tail = _HEAD.search(text, 0, m.start()), _WORD_PART.match(text, m.end())
                if head and tail:
                    hyphened.add(f"{head[0]}-{tail[0]}")
        return cls(whole, hyphened)

    def broken(self, before: str, after: str) -> bool:
        """Is the hyphen between `before` (a line's text up to its final hyphen) and `after`
        (the next line) one the writer put in to break a word? By the letter case after it,
        unless the document writes the word (of cased letters) one way only elsewhere, or
        the word has a hyphen of its own besides: TeX breaks a compound only at its hyphens
        ("stop-the-" "world", "interpreter-" "to-trace")."""
        head, tail = _HEAD.search(before), _WORD_PART.match(after)
        if head and tail and (head[0][-1].isupper() or head[0][-1].islower()):
            whole, hyphened = head[0] + tail[0] in self.whole, f"{head[0]}-{tail[0]}" in self.hyphened
            if whole != hyphened:
                return whole
            if _COMPOUND_HEAD.search(before) or _COMPOUND_TAIL.match(after):
                return False
        return after[:1].islower()


_COMPOUND_HEAD: Final = re.compile(r"[^\W\d_]-[^\W_]+$")  # "... stop-the" (its final hyphen taken off)
_COMPOUND_TAIL: Final = re.compile(r"[^\W_]+-[^\W\d_]")   # "to-trace ..."


def hyphenates_words(writer: str | None) -> bool:
    """Does the writer (a Producer or Creator) break words at line ends by itself? TeX engines
    do (pdfTeX, XeTeX via xdvipdfmx, LuaTeX), and Typst in justified text of a language it has
    patterns for; word processors and browsers print what the author typed."""
    return is_tex(writer) or "typst" in (writer or "").lower()


def is_tex(writer: str | None) -> bool:
    """Is the writer (a Producer or Creator) a TeX engine, a TeX format or a dvi driver?"""
    # Each name the pattern knows holds "tex" or "dvip" (a writer's lower case holds it where the
    # pattern's case-blind match does): most writers are told without it, which looks at every
    # position of the name for a word's edge.
    lowered = (writer or "").lower()
    return ("tex" in lowered or "dvip" in lowered) and _TEX_WRITER.search(writer or "") is not None


# A TeX engine or format, or the dvi drivers, named as a word ("pdfTeX-1.40", "XeTeX output",
# "LaTeX with hyperref", "MiKTeX", "ConTeXt"), not a word that has "tex" inside ("TextEdit").
_TEX_WRITER: Final = re.compile(r"\b(?:pdf|xe|lua|la|mik|e)?tex\b|\bcontext\b|dvipdfm|\bdvips\b", re.IGNORECASE)
