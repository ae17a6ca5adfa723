"""Glyph texts put right from the font program, where a PDF's text layer misplaces them.

Headless Chromium (Skia) prints a page set in a font of many contextual forms (Amiri) with
a text layer that is wrong in two ways. Its ToUnicode CMap holds one text per glyph, the
first Skia met, so a glyph shaped for one letter may map to another (Amiri's initial meem
to reh); and the /ActualText spans it adds where a glyph's text is not its CMap's are, in
some right-to-left runs (a cluster of two characters, such as heh with a hamza above, in
the line), all a few glyphs off, the first texts belonging to the run's last glyphs: pdfium
reads such a line turned round, with letters lost ("هتفگهبٔ سانشراکهت ن ازو ت" for "به گفتهٔ
کارشناسان وزارت"), and the article's body with it.

The embedded font program says what most glyphs are: its cmap names the glyphs of the
characters it was subset for, and its GSUB table (kept by Skia's and HarfBuzz's subsetters,
glyph ids unchanged) which glyph each substitution makes of which (an initial form of its
letter's glyph, a ligature of its components'); following those from the cmap gives a glyph
its text where only one text reaches it (font_texts). With those as the measure, a run of
spans a few glyphs off is moved back onto its glyphs (the shift that makes most of them
agree with the font program, round the run), a span the font program contradicts elsewhere
is taken out, and each ToUnicode CMap is made to say the font program's texts. A glyph the
font cannot explain keeps what the text layer says: nothing is made up.

The document is rewritten so before pdfium reads it again, so that pdfium puts each text
in its place in the line, in its order, as for any PDF: the new CMaps and content streams
are appended to it as an incremental update (content_stream), its objects read by pypdf,
its content streams cut into operations by content_stream and its font programs' tables
read by font_program (fontTools for a program of another shape). pdf.py asks for that only
where a page shows the defect (a letter's /ActualText on a blank glyph:
pdf._misplaced_actual_text), which no other producer here writes. Only Type0 fonts with
2-byte Identity-H codes and a TrueType program (CIDFontType2, an Identity CIDToGIDMap) are
read, as Skia writes them.

Chromium justifies such a run as far off as its spans: the pen moves by the line's added
amount after glyphs inside words, not at its spaces, and the parser would read ZWNJs inside
words and no space between them; a shifted run's pen moves are put back too.
"""

from __future__ import annotations

import io
import re
import struct
import unicodedata
import zlib
from binascii import unhexlify
from codecs import utf_16_be_decode, utf_16_be_encode  # (by name, a codec is looked up for each text: 4x)
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final

from newsmon.parse import content_stream
from newsmon.parse.font_program import Program

# pypdf is imported where a document is repaired: most never need it.

_TEXT_OPERATORS: Final = {b"Tj": 0, b"'": 0, b'"': 2}  # the operand that holds the string
_CLOSURE_ROUNDS: Final = 8  # substitutions that feed others (an init form, then its ligature)
_MIN_SHIFTED: Final = 4  # the fewest glyphs of a run that may be shifted
_MIN_GAIN: Final = 3  # how many more agreements a shift must bring than none
_LEAST_MOVE: Final = 0.01  # a pen move this much longer than a glyph's advance is more than rounding (points)
_SPAN_MOST: Final = 4  # the most glyphs of a span in a block that may be shifted (a cluster)


def font_texts(program: bytes) -> dict[int, str]:
    """Each glyph's text that the TrueType/OpenType font program makes certain: glyph id ->
    text, for the glyphs that its cmap and GSUB substitutions give exactly one text."""
    return _texts(Program.of(program))


def _texts(program: Program) -> dict[int, str]:
    """font_texts of a font program read (font_program: its cmap and GSUB substitutions,
    in glyph ids, as fontTools yields them). (A single or alternate substitution makes a
    glyph of one glyph, a ligature of its components; contextual lookups only call these,
    which are in the list too; a glyph a multiple substitution makes, such as the hamza
    that Amiri draws apart from its heh, stands for no whole character.)"""
    texts: dict[int, set[str]] = defaultdict(set)
    for code, glyph in (program.cmap or {}).items():
        texts[glyph].add(chr(code))
    for _ in range(_CLOSURE_ROUNDS):
        if not _one_round(program.substitutions, texts):
            break
    return {glyph: next(iter(found)) for glyph, found in texts.items()
            if len(found) == 1 and 0 <= glyph < program.count and next(iter(found))}


def _one_round(substitutions: list[tuple[int, tuple[int, ...]]], texts: dict[int, set[str]]) -> bool:
    """Give each made glyph the text of what it is made of; whether any glyph got a new one.
    A ligature gets a text only when each component has exactly one."""
    changed = False
    for made, parts in substitutions:
        if len(parts) == 1:
            source = texts.get(parts[0])
            if not source:
                continue  # (most, until their source has a text)
            new = source - texts[made]
        elif all(len(texts.get(part, ())) == 1 for part in parts):
            new = {"".join(next(iter(texts[part])) for part in parts)} - texts[made]
        else:
            continue
        if new:
            texts[made] |= new
            changed = True
    return changed


def repaired(data: bytes) -> bytes | None:
    """The PDF with its glyphs' texts put right (see the module's docstring), or None where
    nothing needed it or the document cannot be read so."""
    try:
        return _Repair(data).run()
    except Exception:  # noqa: BLE001 - a PDF pypdf or fontTools cannot read is left as pdfium reads it
        return None


class _Font:
    """A font whose 2-byte codes are glyph ids: its ToUnicode CMap as the PDF has it (`skia`:
    glyph -> text), the texts its program makes certain (font_texts), and the CMap with those
    put in (`layer`, what pdfium reads once the CMap is rewritten)."""

    def __init__(self, font: Any, program: bytes, data: bytes | None = None) -> None:
        self.unicode_map = _reference(font.raw_get("/ToUnicode"))  # (rewritten by _Repair.run)
        cmap = None if data is None else _stream_data(font.raw_get("/ToUnicode"), data)
        self.skia = to_unicode(font["/ToUnicode"].get_object().get_data() if cmap is None else cmap)
        self.program = Program.of(program)
        self.texts = _texts(self.program)
        lettered = {text: has_letter(text) for text in set(self.texts.values())}  # (few texts, many glyphs)
        self.layer = self.skia | {glyph: text for glyph, text in self.texts.items() if lettered[text]}
        self.wanted: dict[int, set[str]] = defaultdict(set)  # the texts shifted runs want (_want)
        self._letters: dict[int, tuple[str, ...]] = {}

    def letters(self, glyph: int) -> tuple[str, ...]:
        """The letters of the text the program makes certain for a glyph (none if none)."""
        found = self._letters.get(glyph)
        if found is None:
            found = self._letters[glyph] = _letter_key(self.texts.get(glyph) or "")
        return found

    def settle(self) -> bool:
        """Put in `layer` the one text the shifted runs want for a glyph the program does not
        make certain; whether the ToUnicode CMap must be rewritten to say `layer`."""
        for glyph, texts in self.wanted.items():
            if glyph not in self.texts and len(texts) == 1 and _inked(text := next(iter(texts))):
                self.layer[glyph] = text
        return self.layer != self.skia


@dataclass(init=False)
class _Span:
    """An /ActualText span: where its BDC and EMC are, its text, and the glyphs it holds."""

    start: int
    text: str
    end: int = -1
    glyphs: int = 0

    def __init__(self, start: int, text: str, end: int = -1, glyphs: int = 0) -> None:
        """(Its own, not dataclasses': compiled, see pdf.Line.)"""
        self.start, self.text, self.end, self.glyphs = start, text, end, glyphs


@dataclass(slots=True, init=False)
class _Shown:
    """A glyph a text operator shows: the operator's index, the font, the glyph id, the
    innermost /ActualText span it is in, and whether the operator shows it alone."""

    index: int
    font: _Font | None
    glyph: int
    span: _Span | None
    alone: bool
    size: float = 0.0  # the font size (Tf)

    def __init__(self, index: int, font: _Font | None, glyph: int, span: _Span | None, alone: bool,
                 size: float = 0.0) -> None:
        """(Its own, not dataclasses': compiled, see pdf.Line.)"""
        self.index, self.font, self.glyph, self.span, self.alone, self.size = index, font, glyph, span, alone, size


class _Repair:
    """One document's repair. In each run of a text block (BT to ET) in one font, the text
    the page gives each glyph (_skia_texts) is taken as it is, or a few glyphs on where most
    of the run's sits so (_shift). Each font's ToUnicode CMap is rewritten to the texts its
    program makes certain and, for its other glyphs, to the one text the runs want for a
    glyph wherever it is shown; the runs' /ActualText spans are then taken out, and a glyph
    whose text is still not its CMap's gets a span of its own. A span in a run taken as it
    is stays, unless the font program contradicts it or it says what the CMap now says."""

    def __init__(self, data: bytes) -> None:
        from pypdf import PdfReader  # noqa: PLC0415 - only for the rare document that needs it

        self.data = data
        self.reader = PdfReader(io.BytesIO(data))
        if self.reader.is_encrypted:
            raise ValueError("an encrypted document is not rewritten")
        self.fonts: dict[Any, _Font | None] = {}  # by the font dictionary's object number

    def run(self) -> bytes | None:
        """Repair every page; the new PDF's bytes, or None if nothing changed."""
        pages = []
        for page in self.reader.pages:
            fonts = page.get("/Resources", {}).get_object().get("/Font", {}).get_object()
            known = {str(name): font for name, ref in fonts.items() if (font := self._font(ref)) is not None}
            contents = page.get_contents() if known else None
            if contents is not None:
                data = contents.get_data()
                content = _Content(data, content_stream.operations(data))
                runs = [(run, _shift(run), number) for number, block in enumerate(_blocks(content, known))
                        for run in _font_runs(block)]
                for run, shift, _ in runs:
                    if shift:
                        _want(run, shift)
                pages.append((page, content, runs))
        streams: dict[tuple[int, int], bytes] = {}  # the streams rewritten: (number, generation) -> data
        for font in self.fonts.values():
            if font is not None and font.settle():
                streams[font.unicode_map] = cmap_bytes(font.layer)
        for page, content, runs in pages:
            replacements = _repaired_operations(content, runs)
            if replacements is not None:
                streams.update(_contents(page, content_stream.spliced(content.data, content.operations, replacements)))
        if not streams:
            return None
        return content_stream.updated(self.data, streams, _trailer(self.reader.trailer), _last_xref(self.data))

    def _font(self, ref: Any) -> _Font | None:
        """The _Font of a font resource, made once; None for a font not read so."""
        key = getattr(ref, "idnum", None) or id(ref)
        if key not in self.fonts:
            font = ref.get_object()
            program = _identity_program(font, self.data)
            self.fonts[key] = _Font(font, program, self.data) if program is not None and "/ToUnicode" in font else None
        return self.fonts[key]


def _reference(ref: Any) -> tuple[int, int]:
    """An indirect reference's object number and generation (a stream is never direct)."""
    return int(ref.idnum), int(ref.generation)


def _contents(page: Any, data: bytes) -> dict[tuple[int, int], bytes]:
    """A page's content streams given `data`: all of it in the first, none in the others."""
    contents = page.raw_get("/Contents")
    resolved = contents.get_object()
    refs = list(resolved) if isinstance(resolved, list) else [contents]
    return {_reference(ref): data if k == 0 else b"" for k, ref in enumerate(refs)}


def _trailer(trailer: Any) -> dict[str, bytes]:
    """The original trailer's entries an update's trailer repeats, as written."""
    written = {"/Size": str(int(trailer.get("/Size", 0))).encode("ascii")}
    for key in ("/Root", "/Info", "/ID"):
        value = trailer.raw_get(key) if key in trailer else None
        if value is not None:
            out = io.BytesIO()
            value.write_to_stream(out)
            written[key] = out.getvalue()
    return written


def _last_xref(data: bytes) -> int:
    """Where the document's last cross-reference section is (its last startxref)."""
    found = re.findall(rb"startxref\s+(\d+)", data[-1024:])
    if not found:
        raise ValueError("no startxref")
    return int(found[-1])


def _want(run: list[_Shown], shift: int) -> None:
    """Note for each glyph of a shifted run the text `shift` glyphs on (round the run)."""
    texts = _skia_texts(run)
    for j, shown in enumerate(run):
        if shown.font is not None:
            shown.font.wanted[shown.glyph].add(texts[(j + shift) % len(texts)])


@dataclass
class _Content:
    """A page's content stream: its bytes and its operations (content_stream)."""

    data: bytes
    operations: list[content_stream.Operation]

    def operands(self, index: int) -> list[Any]:
        """An operation's operands (content_stream.operands)."""
        return content_stream.operands(self.operations[index])

    def glyph_ids(self, index: int) -> list[int]:
        """The 2-byte codes (glyph ids) a text operator shows."""
        operation = self.operations[index]
        found = content_stream.codes(operation) if operation[1] == b"Tj" else None
        if found is None:
            codes = _shown_bytes(self.operands(index), operation[1])
            found = list(struct.unpack(f">{len(codes) // 2}H", codes[:len(codes) // 2 * 2]))
        return found


def _repaired_operations(content: _Content, runs: list[tuple[list[_Shown], int, int]]) -> dict[int, bytes] | None:
    """What the content stream's operations become with its /ActualText spans put right
    (see _Repair): an operation's index -> its new bytes; None where none needed it.
    `runs`: each with its shift and its block's number."""
    dropped: set[int] = set()
    added: dict[int, str] = {}  # a text operator's index -> the /ActualText to wrap it in
    moves: dict[int, float] = {}  # a Td's index -> its new horizontal move
    extras = {id(run): _extras(content, run) for run, shift, _ in runs if shift}
    shifted = {number for _, shift, number in runs if shift}
    blocks: dict[int, list[tuple[int, float, float] | None]] = defaultdict(list)  # (those with a shifted run)
    for run, _, number in runs:
        if number in shifted:
            blocks[number].extend(extras.get(id(run)) or _extras(content, run))
    for run, shift, number in runs:
        if shift:
            _move_spans(run, shift, dropped, added)
            moves.update(_moved_expansions(extras[id(run)], _expansion(blocks[number]), shift))
        else:
            _drop_needless(run, dropped)
    if not dropped and not added:
        return None
    return _rebuilt(content, dropped, added, moves)


def _extras(content: _Content, run: list[_Shown]) -> list[tuple[int, float, float] | None]:
    """For each glyph of a run, the Td that moves the pen on after it, the glyph's advance
    (hmtx x size), and how much farther the Td moves it; None where the move is not plainly
    a glyph's advance (a mark placed above its letter moves the pen up and back)."""
    extras: list[tuple[int, float, float] | None] = []
    for shown in run:
        move = _pen_move(content, shown.index)
        if move is None or shown.font is None or not 0 <= shown.glyph < shown.font.program.count:
            extras.append(None)
            continue
        advance = shown.font.program.advance(shown.glyph) * shown.size
        extras.append((move[0], advance, move[1] - advance))
    return extras


def _expansion(extras: list[tuple[int, float, float] | None]) -> float | None:
    """A justified line's one added amount: the commonest extra move of its block, where
    two moves or more have it (a kern's amount is seen once); None for a line with none."""
    amounts = Counter(round(extra[2], 2) for extra in extras if extra is not None and extra[2] > _LEAST_MOVE)
    if not amounts or amounts.most_common(1)[0][1] < 2:
        return None
    return amounts.most_common(1)[0][0]


def _moved_expansions(extras: list[tuple[int, float, float] | None], expansion: float | None,
                      shift: int) -> dict[int, float]:
    """The pen moves (Td) of a shifted run with Chromium's justification put back: where the
    line was justified, a few glyphs move the pen by `expansion` more than their advances,
    which belongs to the glyph `shift` glyphs on, as the texts do (a word space's, drawn
    inside a word: the parser would read a ZWNJ there and no space at the word's end). A
    move that is not a glyph's advance keeps its place; so does any other amount (a kern)."""
    if expansion is None:
        return {}
    expanded = [extra is not None and abs(extra[2] - expansion) < _LEAST_MOVE for extra in extras]
    moves = {}
    for k, extra in enumerate(extras):
        if extra is None:
            continue
        index, advance, more = extra
        own = more - expansion if expanded[k] else more
        moves[index] = advance + own + (expansion if expanded[(k + shift) % len(extras)] else 0.0)
    return moves


def _pen_move(content: _Content, index: int) -> tuple[int, float] | None:
    """The Td right after a text operator (past span ends and starts) that moves the pen
    along the line only: its index and its move; else None."""
    operations = content.operations
    for later in range(index + 1, min(index + 4, len(operations))):
        operator = operations[later][1]
        if operator == b"Td":
            operands = content_stream.numbers(operations[later])
            return (later, float(operands[0])) if len(operands) == 2 and float(operands[1]) == 0 else None
        if operator not in (b"EMC", b"BDC", b"BMC"):
            return None
    return None


def _font_runs(block: list[_Shown]) -> Iterator[list[_Shown]]:
    """A block's runs of glyphs in one font (a Latin name in a Persian line is a run of its
    own: Skia's spans go wrong within one font's run), a span never cut in two."""
    run: list[_Shown] = []
    for shown in block:
        if run and shown.font is not run[-1].font and (shown.span is None or shown.span is not run[-1].span):
            yield run
            run = []
        run.append(shown)
    if run:
        yield run


def _blocks(content: _Content, known: dict[str, _Font]) -> Iterator[list[_Shown]]:
    """The glyphs each text block (BT to ET) shows, with the font and the open /ActualText
    span in effect (the font kept across blocks and restored by Q, as the graphics state)."""
    spans: list[_Span | None] = []
    inner: _Span | None = None  # the innermost span that is one
    font: _Font | None = None
    size = 0.0
    saved: list[tuple[_Font | None, float]] = []
    block: list[_Shown] = []
    one_codes: dict[bytes, int | None] = {}  # a Tj's operands -> their one code (_one_code), read once
    for index, operation in enumerate(content.operations):
        operator = operation[1]  # (the commonest first: a Chromium page shows each glyph alone, a Td between)
        if operator == b"Td":
            continue
        if operator == b"Tj":  # (Skia's: one glyph a Tj, its operands read once for the page)
            glyph = one_codes.get(operation[0], -1)
            if glyph == -1:
                glyph = one_codes[operation[0]] = _one_code(operation[0])
            if glyph is not None:
                block.append(_Shown(index, font, glyph, inner, True, size))
                if inner is not None:
                    inner.glyphs += 1
                continue
        if operator in _TEXT_OPERATORS or operator == b"TJ":
            glyphs = content.glyph_ids(index)
            for glyph in glyphs:
                block.append(_Shown(index, font, glyph, inner, len(glyphs) == 1, size))
                if inner is not None:
                    inner.glyphs += 1
        elif operator == b"Tf" and len(operands := content.operands(index)) > 1:
            font, size = known.get(str(operands[0])), float(operands[1])
        elif operator == b"q":
            saved.append((font, size))
        elif operator == b"Q" and saved:
            font, size = saved.pop()
        elif operator in (b"BDC", b"BMC"):
            text = _actual_text(content, index) if operator == b"BDC" else None
            spans.append(_Span(index, text) if text is not None else None)
            inner = spans[-1] or inner
        elif operator == b"EMC" and spans:
            span = spans.pop()
            if span is not None:
                span.end = index
                inner = next((open_ for open_ in reversed(spans) if open_ is not None), None)
        elif operator == b"ET":
            yield block
            block = []
    if block:
        yield block


def _one_code(operands: bytes) -> int | None:
    """The one 2-byte code of a Tj's operands written as Skia writes them (" <0D55> "), as
    content_stream.codes reads it; None for any other (read by _Content.glyph_ids). A page
    shows a thousand glyphs so, each a Tj of its own."""
    text = operands.strip()
    if len(text) == 6 and text[0] == 0x3C and text[5] == 0x3E and text[1:5].isalnum():
        return int(text[1:5], 16)
    return None


def _skia_texts(block: list[_Shown]) -> list[str]:
    """The text the page gives each glyph of a block: its ToUnicode entry, or its /ActualText
    span's, a character a glyph where the span has as many as glyphs (in the order drawn:
    turned round for right-to-left text, as Skia draws a cluster such as heh with a hamza
    above, hamza first), else all on the span's first glyph and nothing on the others."""
    texts = []
    for k, shown in enumerate(block):
        span = shown.span
        if span is None:
            texts.append(shown.font.skia.get(shown.glyph, "") if shown.font is not None else "")
            continue
        first = next(i for i in range(k, -1, -1) if i == 0 or block[i - 1].span is not span)
        text = span.text
        if len(text) == span.glyphs > 1:
            texts.append((text[::-1] if _right_to_left(text) else text)[k - first])
        else:
            texts.append(text if k == first else "")
    return texts


def _right_to_left(text: str) -> bool:
    """Whether a text's first strong character is right-to-left."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


def _shift(block: list[_Shown]) -> int:
    """How many glyphs off a run's texts sit (_skia_texts): the shift s for which the text
    at glyph j + s (round the run: Skia's first texts belong to its last glyphs) agrees best
    with what the font program makes glyph j, where that is clearly better than none
    (_MIN_GAIN more agreements) and agrees more than it disagrees; 0 otherwise, or where a
    glyph is not shown alone or its span reaches out of the block."""
    if len(block) < _MIN_SHIFTED or not all(shown.alone and shown.font is not None for shown in block):
        return 0
    if any(shown.span is not None and (shown.span.end < 0 or shown.span.glyphs > _SPAN_MOST) for shown in block):
        return 0
    texts = list(map(_letter_key, _skia_texts(block)))
    certain = [(j, known) for j, shown in enumerate(block) if shown.font is not None
               and (known := shown.font.letters(shown.glyph))]
    count = len(block)
    half = count // 2
    where: dict[tuple[str, ...], list[int]] = defaultdict(list)  # the glyphs each text is at
    for k, text in enumerate(texts):
        where[text].append(k)
    agreements = [0] * count  # by shift, modulo the run's length
    for j, known in certain:
        for k in where.get(known, ()):
            agreements[(k - j) % count] += 1
    # a shift's score: 2 x its agreements - len(certain); the best: the most agreements, then
    # the shortest shift, then the first from -half on (a shift back before the same forward)
    most = max(agreements)
    tied = sorted(k - count if k >= count - half else k for k, found in enumerate(agreements) if found == most)
    best = max(tied, key=_shorter_first)
    score, unshifted = 2 * most - len(certain), 2 * agreements[0] - len(certain)
    return best if best and score > 0 and score >= unshifted + _MIN_GAIN else 0


def _shorter_first(shift: int) -> int:
    """A shift's key among the best: the shorter first."""
    return -abs(shift)


def _move_spans(block: list[_Shown], shift: int, dropped: set[int], added: dict[int, str]) -> None:
    """Take the run's /ActualText spans out and give each glyph the text `shift` glyphs on
    (round the run), as a span of its own where that is not its ToUnicode text."""
    texts = _skia_texts(block)
    for shown in block:
        if shown.span is not None:
            dropped.update((shown.span.start, shown.span.end))
    for j, shown in enumerate(block):
        if shown.font is None:
            continue
        text = texts[(j + shift) % len(texts)]
        if text != shown.font.layer.get(shown.glyph, ""):
            added[shown.index] = text


def _drop_needless(block: list[_Shown], dropped: set[int]) -> None:
    """Take out each /ActualText span that says what its glyphs' ToUnicode texts now say, or
    whose glyphs all have certain texts whose letters are not the span's. (A span that
    agrees stays: Skia's ZWNJ drawn as a space glyph is one, whose text has no letter either
    way, and its cluster of heh and hamza above, for a hamza glyph the font cannot name.)"""
    spans: dict[int, tuple[_Span, list[_Shown]]] = {}
    for shown in block:
        if shown.span is not None and shown.span.end >= 0 and shown.font is not None:
            spans.setdefault(id(shown.span), (shown.span, []))[1].append(shown)
    for span, glyphs in spans.values():
        if len(glyphs) != span.glyphs:
            continue
        layer = "".join(glyph.font.layer.get(glyph.glyph, "") for glyph in glyphs if glyph.font is not None)
        certain = [glyph.font.texts.get(glyph.glyph) for glyph in glyphs if glyph.font is not None]
        contradicted = None not in certain and _letter_key(span.text) != _letter_key("".join(map(str, certain)))
        if span.text == layer or contradicted:
            dropped.update((span.start, span.end))


def _rebuilt(content: _Content, dropped: set[int], added: dict[int, str],
             moves: dict[int, float]) -> dict[int, bytes]:
    """The operations' new bytes: nothing for those `dropped`, each operator of `added`
    wrapped in a span of its own, each Td of `moves` moving the pen so far along the line."""
    new = dict.fromkeys(dropped, b"")
    for index, move in moves.items():
        if index not in dropped:
            new[index] = content_stream.number_text(round(move, 4)) + b" 0.0 Td"
    for index, text in added.items():
        if index not in dropped:
            operation = new.get(index, content_stream.operation_bytes(content.operations[index]))
            span = b"/Span <</ActualText " + content_stream.text_string(text) + b" >> BDC"
            new[index] = span + b"\n" + operation + b"\nEMC"
    return new


# (a hex string, or a literal one with no escape or parenthesis in it, whose bytes are as written:
# Skia's ZWNJ drawn as a space is "( )", a tenth of a Persian page's spans, which pypdf read)
_ACTUAL_TEXT: Final = re.compile(rb"\s*/[^\s()<>\[\]{}/%#]*\s*<<\s*/ActualText\s*(?:<([0-9A-Fa-f\s]*)>|\(([^()\\]*)\))"
                          rb"\s*>>\s*")


def _actual_text(content: _Content, index: int) -> str | None:
    """The /ActualText of a BDC's inline property list, or None."""
    text = content.operations[index][0]
    if b"/ActualText" not in text and b"#" not in text:
        return None  # (most: a marked-content id, or a name #-coded)
    plain = _ACTUAL_TEXT.fullmatch(text)
    if plain is not None:
        raw = content_stream.hex_bytes(plain[1]) if plain[1] is not None else plain[2]
        if raw[:2] == b"\xfe\xff":  # (Skia's: UTF-16 with its byte order mark, decoded as pypdf decodes it)
            try:
                return raw.decode("utf-16")
            except UnicodeDecodeError:
                pass
        from pypdf.generic import create_string_object  # noqa: PLC0415 - as pypdf reads a string

        return str(create_string_object(raw))
    operands = content.operands(index)
    properties: Any = operands[1] if len(operands) > 1 else None
    if not hasattr(properties, "get"):
        return None
    actual = properties.get("/ActualText")
    return None if actual is None else str(actual)


def _inked(text: str) -> bool:
    """Whether a text has a character a glyph draws: a letter or a combining mark."""
    return any(c.isprintable() and not c.isspace() and unicodedata.category(c) != "Cf" for c in text)


def has_letter(text: str) -> bool:
    """Whether a text has a letter (anything but spaces, controls and format characters):
    what an /ActualText of a blank glyph never holds (glyph_boxes.c's has_letter)."""
    return bool(_letter_key(text))


_MIRRORED: Final = str.maketrans(")]}>»›﴿", "([{<«‹﴾")  # a bracket drawn mirrored in right-to-left text is its pair


def _letters(text: str) -> list[str]:
    """A text's letters, in any order (pdfium turns a marked run of several glyphs round),
    leaving out spaces, format characters (ZWNJ) and combining marks (a mark drawn apart
    may hang on its letter's span), a bracket as either of its pair."""
    return sorted(c for c in text.translate(_MIRRORED) if c.isprintable() and not c.isspace()
                  and not unicodedata.combining(c) and unicodedata.category(c) != "Cf")


@lru_cache(maxsize=4096)
def _letter_key(text: str) -> tuple[str, ...]:
    """_letters of a text as a tuple, found once for each text: a run's glyphs show a few
    dozen texts (the letters of the font, some spans') again and again."""
    return tuple(_letters(text))


def _identity_program(font: Any, data: bytes | None = None) -> bytes | None:
    """The TrueType program of a Type0 font whose 2-byte codes are its glyph ids; else None.
    (`data`: the document's bytes, where its descendant font is read without its widths.)"""
    if font.get("/Subtype") != "/Type0" or font.get("/Encoding") != "/Identity-H":
        return None
    reference = font["/DescendantFonts"][0]
    descendant = _entries(reference, data) if data is not None else None
    if descendant is None or not hasattr(descendant.get("/FontDescriptor"), "get_object"):
        descendant = reference.get_object()  # (pypdf's reading, of all of it)
    if descendant.get("/Subtype") != "/CIDFontType2" or descendant.get("/CIDToGIDMap", "/Identity") != "/Identity":
        return None
    reference = descendant["/FontDescriptor"]
    descriptor = _entries(reference, data) if data is not None else None
    program = (reference.get_object() if descriptor is None else descriptor).get("/FontFile2")
    if program is None:
        return None
    found = _stream_data(program, data) if data is not None else None
    return program.get_object().get_data() if found is None else found


_OBJECT: Final = re.compile(rb"\s*(\d+)\s+(\d+)\s+obj\s*<<")
_NAME: Final = rb"/[^\s()<>\[\]{}/%#]+"
_ENTRY: Final = re.compile(rb"\s*(" + _NAME + rb")\s*(?:(\d+)\s+(\d+)\s+R|(" + _NAME + rb")|([+-]?[\d.]+)"
                    rb"|\[(?:[^\[\]()<>%]|\[[^\[\]()<>%]*\])*\]|<<(?:[^<>()%]|\((?:[^()\\]|\\.)*\))*>>)")
_END: Final = re.compile(rb"\s*>>")


def _entries(reference: Any, data: bytes) -> dict[str, Any] | None:
    """A dictionary object's entries, a name as its text, a reference as pypdf's, any other
    value as None, read from the document's bytes without its arrays' numbers (a CIDFont's /W widths,
    thousands, which pypdf reads one object each); None for one not written so plainly
    (in an object stream, a #-coded name, a string or deeper nesting), which pypdf reads."""
    read = _read_dictionary(reference, data)
    return None if read is None else read[0]


def _stream_data(reference: Any, data: bytes) -> bytes | None:
    """A stream object's data, decoded as pypdf's get_data decodes it, read from the document's
    bytes (a font program, a ToUnicode CMap: pypdf's reading of the object and its filter cost a
    repaired document 0.3 ms of its ~8); None for one not written plainly (see _entries), with a
    /Length that is no number written in it, a filter other than FlateDecode, decode parameters,
    or data that does not inflate whole, which pypdf reads."""
    read = _read_dictionary(reference, data)
    if read is None:
        return None
    entries, numbers, end = read
    if not entries.keys() <= _PLAIN_STREAM_KEYS or not numbers.get("/Length", b"").isdigit():
        return None
    if "/Filter" in entries and entries["/Filter"] != "/FlateDecode":
        return None
    start = _STREAM_START.match(data, end)
    length = int(numbers["/Length"])
    if start is None or _STREAM_END.match(data, start.end() + length) is None:
        return None
    body = data[start.end():start.end() + length]
    if "/Filter" not in entries:
        return body
    inflate = zlib.decompressobj()
    try:
        found = inflate.decompress(body, _MOST_INFLATED)
    except zlib.error:
        return None
    return found if inflate.eof and not inflate.unconsumed_tail and not inflate.unused_data.strip() else None


_MOST_INFLATED: Final = 75_000_000  # bytes a stream may inflate to here, as pypdf's own limit (then read by pypdf)
_PLAIN_STREAM_KEYS: Final = frozenset({"/Length", "/Filter", "/Length1", "/Length2", "/Length3"})
_STREAM_START: Final = re.compile(rb"\s*stream\r?\n")
_STREAM_END: Final = re.compile(rb"\s*endstream")


def _read_dictionary(reference: Any, data: bytes) -> tuple[dict[str, Any], dict[str, bytes], int] | None:
    """A dictionary object's entries (see _entries), its numbers as written, and where the
    dictionary ends in the document's bytes; None for one not written plainly."""
    from pypdf.generic import IndirectObject  # noqa: PLC0415

    reader = getattr(reference, "pdf", None)
    if not isinstance(reference, IndirectObject) or reader is None or reference.generation != 0:
        return None
    offset = reader.xref.get(0, {}).get(reference.idnum)
    if offset is None or reference.idnum in reader.xref_objStm or reader.xref_free_entry.get(0, {}).get(
            reference.idnum):
        return None
    head = _OBJECT.match(data, offset)
    if head is None or (int(head[1]), int(head[2])) != (reference.idnum, 0):
        return None
    entries: dict[str, Any] = {}
    numbers: dict[str, bytes] = {}
    position = head.end()
    while (end := _END.match(data, position)) is None:
        entry = _ENTRY.match(data, position)
        if entry is None:
            return None
        value = IndirectObject(int(entry[2]), int(entry[3]), reader) if entry[2] else entry[4] and entry[4].decode()
        key = entry[1].decode()
        if key not in entries:  # (pypdf keeps a key's first value too)
            entries[key] = value
            if entry[5] is not None:
                numbers[key] = entry[5]
        position = entry.end()
    return entries, numbers, end.end()


def _shown_bytes(operands: list[Any], operator: bytes) -> bytes:
    """The string bytes an operator shows (a TJ's strings joined)."""
    if operator == b"TJ":
        items = operands[0] if operands else []
    else:
        position = _TEXT_OPERATORS[operator]
        items = operands[position:position + 1]
    return b"".join(_raw(item) for item in items if isinstance(item, (bytes, str)))


def _raw(item: Any) -> bytes:
    """A pypdf string operand's bytes as written."""
    original = getattr(item, "original_bytes", None)
    if original is not None:
        return bytes(original)
    return bytes(item) if isinstance(item, bytes) else item.encode("latin-1")


_HEX: Final = re.compile(rb"<([0-9A-Fa-f]*)>")


def to_unicode(cmap: bytes) -> dict[int, str]:
    """A ToUnicode CMap's mappings: code -> text (its bfchar and bfrange sections)."""
    found: dict[int, str] = {}
    for section in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        values = _HEX.findall(section)
        found.update((int(code, 16), utf_16_be_decode(unhexlify(text), "replace", True)[0])
                     for code, text in zip(values[0::2], values[1::2], strict=False))
    for section in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
        for line in re.findall(rb"<[0-9A-Fa-f]+>\s*<[0-9A-Fa-f]+>\s*(?:<[0-9A-Fa-f]*>|\[[^\]]*\])", section):
            values = _HEX.findall(line)
            first, last = int(values[0], 16), int(values[1], 16)
            if b"[" in line:
                for offset, text in enumerate(values[2:]):
                    found[first + offset] = _utf16(text)
            elif last - first < 0x10000:
                start = _utf16(values[2])
                for offset in range(last - first + 1):
                    found[first + offset] = start[:-1] + chr(ord(start[-1]) + offset) if start else ""
    return found


def _utf16(hex_text: bytes) -> str:
    """A CMap's hex string as text (UTF-16BE)."""
    return utf_16_be_decode(unhexlify(hex_text), "replace", True)[0]


def cmap_bytes(mapping: dict[int, str]) -> bytes:
    """A ToUnicode CMap for 2-byte codes that maps each code to its text."""
    entries = [f"<{code:04X}> <{utf_16_be_encode(text)[0].hex().upper()}>"
               for code, text in sorted(mapping.items()) if text]
    blocks = [f"{len(entries[k:k + 100])} beginbfchar\n" + "\n".join(entries[k:k + 100]) + "\nendbfchar"
              for k in range(0, len(entries), 100)]
    return ("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
            "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
            + "\n".join(blocks)
            + "\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n").encode("ascii")
