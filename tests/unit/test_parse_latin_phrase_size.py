"""A right-to-left line read at a space inside its smaller Latin phrase (found in the dev-style
probe sample: LibreOffice set "New York Times" a point smaller than the Dari around it, and the
line's middle character was the space between two of its words): the line kept the paragraph's
size only where that character was a Latin letter, and a paragraph was cut in two there."""

from __future__ import annotations

import pytest

from newsmon.parse.layout import split_blocks
from newsmon.parse.pdf import read_pdf
from tests.unit.test_parse_alignment import mixed_sizes

WORDS = "مردم کوچه بازار دولت خانواده کابل شهر باران آب زمین".split()


@pytest.mark.parametrize("before, after", [(3, 5), (4, 4)])  # the line's middle: a space of the phrase
def test_a_persian_line_read_at_a_space_of_its_smaller_latin_phrase_keeps_the_paragraphs_size(before, after):
    rows = [[("کابل شهر خانواده چاه زمین سال گزارش مردم کوچه بازار", 14.0)],
            [(" ".join(WORDS[:before]), 14.0), ("New York Times", 12.0), (" ".join(WORDS[5:5 + after]), 14.0)],
            [("آب باران کابل شهر خانواده چاه زمین سال گزارش مردم", 14.0)]]
    lines = [line for line in read_pdf(mixed_sizes(rows)).lines if line.text.strip()][:3]
    assert len(lines) == 3
    assert [line.size for line in lines] == [14.0, 14.0, 14.0]
    assert len(split_blocks(lines)) == 1
