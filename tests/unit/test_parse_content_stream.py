"""A content stream cut into operations where they lie in its bytes (newsmon.parse.content_stream),
as pypdf's ContentStream reads them: glyph_text's repair reads Chromium's pages so, and
rewrites only the operations it changes."""

from __future__ import annotations

import pytest
from pypdf.generic import ContentStream, StreamObject

from newsmon.parse import content_stream

STREAMS = [
    b"BT /F4 12 Tf 1 0 0 -1 0 13 Tm <005A> Tj 9.38 0 Td <00 5a 1> Tj ET",
    b"q % a comment ( here\n/Span <</ActualText (a\\(b\\)c) /MCID 3>> BDC [(a(b)c) -12 <0041>] TJ EMC Q",
    b"/P <</MCID 0 /X <</Y [1 2]>> >>BDC (nest (ed) str) Tj 1 2 3 4 5 (x) \" EMC\n/Name#20x 1 Tf 0 0 Td (\\101) ' T* ",
    b"/Tag<</ActualText <FEFF06470654> >> BDC <0011>Tj EMC 1 2 re f dangling 5 6",
    b"BT [<0011> 2 (a)] TJ /Actual#54ext BMC EMC ET 3 4 \n% end",
    # numbers run together (a sign starts the next), beside names and strings with no space between
    b"1-2+.5-.3 0 Td/F4/F5 1.5.2 Tf<0041>1 2 3-4 re-1 -2 m 7.5<00>-.5 0 0-1 0 0 Tm/A<</B 1-2>>BDC EMC",
]


def plain(values):
    """Operands as comparable values: numbers as floats, strings as their bytes."""
    return [float(value) if isinstance(value, (int, float)) else
            bytes(value.original_bytes) if getattr(value, "original_bytes", None) is not None else value
            for value in values]


@pytest.mark.parametrize("data", STREAMS)
def test_operations_and_their_operands_are_pypdfs(data):
    stream = StreamObject()
    stream.set_data(data)
    expected = ContentStream(stream, None).operations
    found = content_stream.operations(data)
    assert [operator for _, operator in expected] == [operation[1] for operation in found]
    for (operands, _), operation in zip(expected, found, strict=True):
        assert plain(content_stream.operands(operation)) == plain(operands)


def test_a_stream_put_back_with_operations_replaced():
    data = STREAMS[0]
    found = content_stream.operations(data)
    assert [content_stream.operation_bytes(operation) for operation in found[3:5]] == [b" <005A> Tj", b" 9.38 0 Td"]
    new = content_stream.spliced(data, found, {4: b"9.5 0.0 Td", 1: b""})
    assert [operation[1] for operation in content_stream.operations(new)] == [b"BT", b"Tm", b"Tj", b"Td", b"Tj", b"ET"]
    assert b"/F4 12 Tf" not in new and b"9.5 0.0 Td" in new and new.endswith(b"<00 5a 1> Tj ET")


def test_a_stream_with_an_inline_image_is_not_read():
    with pytest.raises(content_stream.InlineImage):
        content_stream.operations(b"q 1 0 0 1 0 0 cm BI /W 1 /H 1 /BPC 1 /IM true ID \x00\xff( EI Q")
