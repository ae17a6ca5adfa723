"""A page's content stream cut into its operations where they lie in its bytes, and put back
with a few of them changed; a PDF's objects replaced by an incremental update.

glyph_text rewrites a few dozen operators of a page of thousands (a Chromium page shows
each glyph with its own Tj and moves the pen with a Td) and a few ToUnicode CMaps. pypdf
made an object of every operand of every operator and wrote the whole document out again,
~70 ms of the ~110 ms such a document cost. Here a regular expression finds each operation
(its operands as bytes, read only for the operators asked about) and the new stream is the
old one with the changed operations' bytes replaced; the new streams are appended to the
document as an incremental update (PDF 32000-1 7.5.6), which pdfium reads as it reads any.
An operation the expression does not take whole (a comment, a string with parentheses in
it) is read by pypdf's own parser, from where it starts, so the operations are pypdf's:
those glyph_text read before. A stream with an inline image is not read (InlineImage: Skia
writes none; glyph_text leaves such a document as pdfium reads it).
"""

from __future__ import annotations

import io
import re
import struct
from codecs import utf_16_be_encode
from typing import Any, Final

# pypdf is imported where an operation is read the long way: most never are.

Operation = tuple[bytes, bytes]  # the bytes before its operator (its operands, after the last one's), its operator

_NUMBER: Final = rb"[+-]?(?:\d+\.?\d*|\.\d+)"
_NAME: Final = rb"/[^\s()<>\[\]{}/%]*+"
_HEX: Final = rb"<[0-9A-Fa-f\s]*+>"
_LITERAL: Final = rb"\((?:[^()\\]++|\\.)*+\)"
# (a number as pypdf's reads it)
_SIMPLE: Final = rb"(?>[0-9.+-][0-9.]*+|" + _HEX + rb"|" + _NAME + rb"|" + _LITERAL + rb")"
_ARRAY: Final = rb"\[(?:\s*+" + _SIMPLE + rb")*+\s*+\]"
_INNER: Final = rb"<<(?:\s*+(?>" + _SIMPLE + rb"|" + _ARRAY + rb"))*+\s*+>>"
_DICTIONARY: Final = rb"<<(?:\s*+(?>" + _SIMPLE + rb"|" + _ARRAY + rb"|" + _INNER + rb"))*+\s*+>>"
# (One choice of all the kinds, each told from the others by its first two bytes, so their order
# does not matter: the commonest first. Numbers and the spaces between them are taken as one run
# of their bytes: a number ends only where such a run does or at a sign, which starts the next,
# so the run ends where the numbers read one at a time do. Most operands are numbers: a Chromium
# page's ~2,800 operations were cut ~2.6x slower one number at a time. At an operator, where the
# operands end, no kind is tried.)
_NUMBERS: Final = rb"[\s0-9.+-]*+"
_OTHER: Final = rb"(?>" + _NAME + rb"|" + _HEX + rb"|" + _DICTIONARY + rb"|" + _LITERAL + rb"|" + _ARRAY + rb")"
# One operation: its operands (none of them a comment, a string with parentheses in it or a
# keyword), its operator (pypdf's: a letter or a quote, to the next delimiter). Possessive:
# what an operand takes is never given back, as a tokenizer's.
_OPERATION: Final = re.compile(
    rb"(" + _NUMBERS + rb"(?:" + _OTHER + _NUMBERS + rb")*+)([A-Za-z'\"][^\s()<>\[\]{}/%]*+)",
    re.S)
_SPACE: Final = re.compile(rb"\s*")
_PLAIN: Final = re.compile(rb"(?:\s*(?:" + _NUMBER + rb"|" + _NAME + rb")(?=\s|$))*\s*")  # names and numbers only
_NUMBER_TOKEN: Final = re.compile(_NUMBER)
_ONE_HEX: Final = re.compile(rb"\s*<([0-9A-Fa-f\s]*)>\s*")


def operations(data: bytes) -> list[Operation]:
    """The stream's operations, in order, as pypdf's ContentStream reads them (operands with
    no operator after them are left out); InlineImage for a stream with an inline image.
    The operations' bytes, joined, are the stream's (but for what is after the last)."""
    found: list[Operation] = _OPERATION.findall(data)  # (where all of it is taken so: most)
    if _length(found) != len(data.rstrip()):
        found = _careful_operations(data)
    if b"BI" in data and any(operation[1] == b"BI" for operation in found):
        raise InlineImage
    return found


def _length(found: list[Operation]) -> int:
    """How many bytes the operations take (a loop: joining them made the whole stream again)."""
    total = 0
    for operands, operator in found:
        total += len(operands) + len(operator)
    return total


def _careful_operations(data: bytes) -> list[Operation]:
    """operations where the expression does not take all of the stream: from where it
    stops, one operation read by pypdf's parser, and on."""
    found: list[Operation] = []
    position = 0
    while True:
        scanner = _OPERATION.scanner(data, position)  # type: ignore[attr-defined]  # (anchored matches)
        more = [match.groups() for match in iter(scanner.match, None)]
        position += len(b"".join(map(b"".join, more)))
        found += more
        if _SPACE.match(data, position).end() >= len(data):  # type: ignore[union-attr]
            return found
        position = _read_operation(data, position, found)
        if position < 0:
            return found


def _read_operation(data: bytes, position: int, found: list[Operation]) -> int:
    """One operation read by pypdf's parser from `position` (as ContentStream reads it);
    where the next starts, or -1 at the stream's end. (An inline image is not read: Skia
    writes none, and glyph_text leaves such a page as pdfium reads it.)"""
    from pypdf._utils import read_non_whitespace, read_until_regex  # noqa: PLC0415 - the long way, rarely
    from pypdf.generic import ContentStream, NameObject, read_object  # noqa: PLC0415

    if any(operation[1] == b"BI" for operation in found):
        raise InlineImage  # (its data is not an operation's)
    stream = io.BytesIO(data)
    stream.seek(position)
    while True:
        peek = read_non_whitespace(stream)
        if peek in (b"", 0):
            return -1
        stream.seek(-1, 1)
        at = stream.tell()
        if peek.isalpha() or peek in (b"'", b'"'):
            operator = read_until_regex(stream=stream, regex=NameObject.delimiter_pattern,
                                        length=ContentStream._OPERATOR_LENGTH_LIMIT)  # noqa: SLF001 - as pypdf reads it
            if operator == b"BI":
                raise InlineImage
            found.append((data[position:at], operator))
            return stream.tell()
        if peek == b"%":
            while peek not in (b"\r", b"\n", b""):
                peek = stream.read(1)
        else:
            read_object(stream, None)


class InlineImage(Exception):  # noqa: N818 - a content stream not read here
    """A content stream with an inline image (BI ... ID ... EI)."""


def operands(operation: Operation) -> list[Any]:
    """An operation's operands: a name as its text ("/F4"), a number as a float, a string as
    its bytes; an array or a dictionary (or anything less plain) as pypdf reads it."""
    text = operation[0]
    if (one := _ONE_HEX.fullmatch(text)) is not None:
        return [hex_bytes(one[1])]  # (a Tj's string, the commonest)
    if _PLAIN.fullmatch(text):
        return [_plain(token) for token in text.split()]
    return _read_operands(text)


def codes(operation: Operation) -> list[int] | None:
    """The 2-byte codes of an operation's one operand where that is a hex string of them,
    written plain (as Skia writes a Tj's); else None."""
    text = operation[0].strip()
    if len(text) == 6 and text[0] == 0x3C and text[5] == 0x3E and text[1:5].isalnum():
        return [int(text[1:5], 16)]  # (one code, as Skia writes it; hex digits only: _OPERATION)
    one = _ONE_HEX.fullmatch(text)
    if one is None:
        return None
    found = hex_bytes(one[1])
    return list(struct.unpack(f">{len(found) // 2}H", found[:len(found) // 2 * 2]))


def numbers(operation: Operation) -> list[float]:
    """An operation's operands, where they are all numbers (a Td's, a Tm's); else operands'."""
    text = operation[0]
    if b"/" not in text and b"%" not in text:  # (_OPERATION: no string then)
        try:
            return [float(token) for token in text.split()]
        except ValueError:
            pass
    return operands(operation)


def _plain(token: bytes) -> Any:
    if token[:1] != b"/":
        return float(token)
    if b"#" not in token:
        return token.decode("utf-8", "surrogateescape")
    from pypdf.generic import NameObject  # noqa: PLC0415 - a name with #xx codes, rarely

    return str(NameObject.read_from_stream(io.BytesIO(token + b" "), None))


def hex_bytes(digits: bytes) -> bytes:
    """A hex string's bytes (a last lone digit followed by 0, as pypdf reads it)."""
    digits = b"".join(digits.split())
    return bytes.fromhex((digits + b"0" if len(digits) % 2 else digits).decode("ascii"))


def _read_operands(text: bytes) -> list[Any]:
    """Operands as pypdf's ContentStream reads them (its objects)."""
    from pypdf._utils import read_non_whitespace  # noqa: PLC0415 - the long way, rarely
    from pypdf.generic import read_object  # noqa: PLC0415

    stream = io.BytesIO(text)
    found = []
    while (peek := read_non_whitespace(stream)) not in (b"", 0):
        stream.seek(-1, 1)
        if peek == b"%":
            stream.readline()
        else:
            found.append(read_object(stream, None))
    return found


def spliced(data: bytes, found: list[Operation], replacements: dict[int, bytes]) -> bytes:
    """The stream with each operation of `replacements` (by its index) replaced by its bytes."""
    parts = []
    position = start = k = 0  # (operation k starts at `start`: counted on as far as the next replaced one, in
    # one pass; a page's thousands of operations were two iterators and a call each)
    for index in sorted(replacements):
        while k < index:
            operands, operator = found[k]
            start += len(operands) + len(operator)
            k += 1
        operands, operator = found[index]
        parts += [data[position:start], b"\n", replacements[index], b"\n"]
        position = start + len(operands) + len(operator)
    parts.append(data[position:])
    return b"".join(parts)


def operation_bytes(operation: Operation) -> bytes:
    """The bytes an operation is written in (with the space before it)."""
    return operation[0] + operation[1]


def number_text(value: float) -> bytes:
    """A number as pypdf writes a float (8 significant digits or more)."""
    from math import log10  # noqa: PLC0415

    if value == 0:
        return b"0.0"
    digits = max(1, 8 - int(log10(abs(value))))
    return f"{value:.{digits}f}".rstrip("0").rstrip(".").encode("ascii")


def text_string(text: str) -> bytes:
    """A PDF text string of `text` (UTF-16BE with its byte order mark, in hex)."""
    return b"<FEFF" + utf_16_be_encode(text, "surrogatepass")[0].hex().upper().encode("ascii") + b">"


def updated(data: bytes, streams: dict[tuple[int, int], bytes], trailer: dict[str, bytes], previous: int) -> bytes:
    """The document with an incremental update that gives each stream object (number,
    generation) its new (unencoded) data; `trailer`: the original trailer's /Root, /Info
    and /ID as written; `previous`: where the original's last cross-reference section is."""
    parts = [data, b"\n"]
    position = len(data) + 1
    offsets = {}
    for (number, generation), body in sorted(streams.items()):
        offsets[number] = (position, generation)
        chunk = b"%d %d obj\n<< /Length %d >>\nstream\n%s\nendstream\nendobj\n" % (number, generation, len(body), body)
        parts.append(chunk)
        position += len(chunk)
    table = [b"xref\n"]
    numbers = sorted(offsets)
    first = 0
    while first < len(numbers):
        last = first
        while last + 1 < len(numbers) and numbers[last + 1] == numbers[last] + 1:
            last += 1
        table.append(b"%d %d\n" % (numbers[first], last - first + 1))
        table += [b"%010d %05d n\r\n" % offsets[number] for number in numbers[first:last + 1]]
        first = last + 1
    size = max([int(trailer.get("/Size", b"0"))] + [number + 1 for number in numbers])
    entries = b"".join(b" %s %s" % (key.encode("ascii"), value) for key, value in trailer.items() if key != "/Size")
    table.append(b"trailer\n<< /Size %d%s /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (size, entries, previous, position))
    return b"".join(parts + table)
