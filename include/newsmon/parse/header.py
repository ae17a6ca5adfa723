"""The header of an article PDF, read by evidence rather than by position.

A news PDF opens with some of: the site's own block (name, motto, web and e-mail lines),
section labels, a byline, a date and the title, then the body. Producers and years lay
these out differently (labels on one line or two, byline and date sharing a line in
either order, a title that is bold, larger or italic, a header drawn as a table), so no
rule here counts lines. Each line before the body is judged by what it says (date
grammar, byline prefixes, the profile's section labels and masthead markers) and by how
it is set (size, weight and slant against the body's, its place before the body):

1. the body starts at the first long line set in the body's typography that is not a
   header line;
2. the masthead is everything up to the last line holding one of the profile's markers
   (and the motto lines right after it); with no marker, nothing is dropped;
3. of the lines between, a date is found anywhere in a line (what else the line holds is a
   byline candidate); bylines by their prefix, or as a bare name beside the date; section
   labels by the profile's list or as a short label line; the title as the block of lines
   whose typography stands out most from the body, nearest to the body;
4. whatever is left is kept as body text, never dropped.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Final

from newsmon.parse.dates import DateInLine, find_date
from newsmon.parse.pdf import Line, Picture
from newsmon.parse.stats import median
from newsmon.parse.style import Style, body_style
from newsmon.parse.text import normalize_text
from newsmon.sources.profile import SourceProfile

_PREFIXES: Final = ("by", "von", "par", "por", "di", "da", "door", "av", "af", "نویسنده", "نوشته", "نوشتۀ", "نوشته‌ی",
             "نوشتهٔ", "از", "لیکوال", "لیکنه", "ژباړه", "ژباړن", "ترجمه", "برگردان", "مترجم")
# The same letter in its Persian and Arabic forms: legacy Persian fonts (Nazli) map the Persian
# yeh and kaf to the Arabic letters, and Pashto writers use either yeh.
_LETTER_FORMS: Final = {"ی": "[یيى]", "ک": "[کك]"}
BYLINE_PREFIX: Final = re.compile(
    "^(?:" + "|".join("".join(_LETTER_FORMS.get(ch, re.escape(ch)) for ch in prefix) for prefix in _PREFIXES)
    + r")\s*[:：]?\s+", re.IGNORECASE)
# The one prefix that is a common word too ("from"), with no colon after it.
_BARE_FROM: Final = re.compile(r"^از\s+(?![:：])")
# A byline whose prefix no list holds: a short label ending in a colon ("گزارش از: ", "Text: ",
# "ترجمه و تلخیص: ") or a Latin phrase ending in by/von/par ("Translated by ", "Übersetzt von ")
# before a name. Trusted only where a byline stands: beside the date, set like the header's text.
# A "von" before a single word is a name's own ("Christoph von Eichhorn", "Alexa von Heyden").
_LETTERS: Final = r"[^\W\d_][^\W\d_\u200c]*(?:\u200c[^\W\d_]+)*"
_LABEL_PHRASE: Final = re.compile(rf"^(?:{_LETTERS}\s+){{0,2}}{_LETTERS}\s*[:：]\s*")
_BY_PHRASE: Final = re.compile(rf"^(?:{_LETTERS}\s+){{1,2}}(?:by|von(?=\s+\S+\s+\S)|par|door|por)\s+(?=[A-ZÀ-ÞĀ-Ž])")
_NAME_EDGES: Final = " :–—-•·"  # around a name once its prefix is gone
_LABELLED_NAME_MAX_WORDS: Final = 5
_SAME_SIZE: Final = 0.5  # points: a byline set as the date beside it
_LABELLED_MAX_SIZE: Final = 1.25  # x the body's size: a 12 pt byline over a 10 pt body; a title is bold or larger
_TITLE_STANDS_OUT: Final = 2.0  # (a bare name beside the date stands out less)
_DIGIT: Final = re.compile(r"\d")
_SENTENCE: Final = re.compile(r"[.!?؟:«»\"“”]")
_TITLE_MAX_LINES: Final = 4
_LABEL_MAX_WORDS: Final = 4
_BARE_NAME_MAX_WORDS: Final = 6
_FOLD: Final = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ە": "ه", "\u200c": None})
_FOLD_KEYS: Final = [chr(code) for code in _FOLD]
_MASTHEAD_LINES: Final = 30  # the site's block opens the first page
_MOTTO_LINES: Final = 4
_MOTTO_MAX_SIZE: Final = 1.25  # x the body's size (see _motto_like)


@dataclass
class Header:
    section: str | None
    author: str | None
    date: dt.date | None
    date_raw: str | None
    title: str | None
    body_start: int
    kept: list[Line] = field(default_factory=list)  # header-zone lines that belong to the body
    warnings: list[str] = field(default_factory=list)
    # The lines each field was read from (title, author, date, section): references only, so
    # the default path pays nothing; `parse.article` turns them into evidence when asked.
    lines_of: dict[str, list[Line]] = field(default_factory=dict)


def read_header(lines: list[Line], profile: SourceProfile, body: Style | None = None,
                join: Callable[[list[str]], str] = " ".join, whole_numbers: bool = False,
                pictures: Callable[[int], list[Picture]] | None = None) -> Header:
    """Section, byline, date and title from the lines before the body (set in `body`); a
    title of several lines made one by `join` (layout.join_lines: a word TeX broke at a line
    end is whole again). `whole_numbers`: the writer sets a number as one left-to-right box (a
    TeX engine: see dates.find_date). `pictures`: the pictures of a page (PdfText.pictures_on),
    which tell a caption under one from the title above it."""
    if not lines:
        return Header(None, None, None, None, None, 0, warnings=["no_text"])
    body = body or body_style(lines)
    dates = _Dates(lines, whole_numbers)
    words = vocabulary(profile)
    frame = _Frame.of(lines[:_MASTHEAD_LINES * 2])
    first = _after_masthead(lines, frame, body, words, dates)
    start = _body_start(lines, first, frame, body, dates, words)
    zone_dates = [dates[i] for i in range(first, start)]
    return _Reader(lines[first:start], zone_dates, body, words, profile, pictures).header(start, join)


class _Dates(dict[int, DateInLine | None]):
    """The date in each line, looked for only in the lines that are asked about (the header's)."""

    def __init__(self, lines: list[Line], whole_numbers: bool = False) -> None:
        super().__init__()
        self.lines = lines
        self.whole_numbers = whole_numbers

    def __missing__(self, i: int) -> DateInLine | None:
        text = self.lines[i].text
        self[i] = found = find_date(text, self.whole_numbers) if len(text) <= 80 and _DIGIT.search(text) else None
        return found


@dataclass(frozen=True)
class _Frame:
    """The text block of the first lines: its edges and the usual width of a line."""

    left: float
    right: float
    width: float

    @classmethod
    def of(cls, lines: list[Line]) -> _Frame:
        # (lists, not generators resumed for each line)
        x0s, x1s = [line.x0 for line in lines], [line.x1 for line in lines]
        return cls(min(x0s), max(x1s), median([x1 - x0 for x0, x1 in zip(x0s, x1s)]) or 1.0)


def _body_start(lines: list[Line], first: int, frame: _Frame, body: Style, dates: _Dates, words: _Vocabulary) -> int:
    """Index of the first line of the body (from `first` on): a long line in the body's
    typography that is not a date, byline, label or masthead line."""
    width = frame.width
    for i in range(first, len(lines)):
        line = lines[i]
        count = line.text.count(" ") + 1
        long = count >= 8 or (count >= 4 and (line.x1 - line.x0) >= 0.8 * width)
        if not long or Style.of(line) != body or dates[i] or _is_byline(line.text) or _beside_date(lines, i, dates):
            continue
        if not words.label_names(line.text) and not words.is_marker(line.text):
            return i
    return len(lines)


def _beside_date(lines: list[Line], i: int, dates: _Dates) -> bool:
    """Is line `i` a byline whose prefix no list holds, right above or below the date?"""
    return _labelled_name(lines[i].text) and any(0 <= j < len(lines) and dates[j] for j in (i - 1, i + 1))


def _after_masthead(lines: list[Line], frame: _Frame, body: Style, words: _Vocabulary, dates: _Dates) -> int:
    """Index of the first line after the site's own block: after the last line of the first
    page's top that holds one of the profile's markers, and the motto lines right after it
    (a couplet: a few centred lines, narrower than the text). 0 when no marker is there."""
    left, right = frame.left, frame.right
    marked = []
    for i in range(min(len(lines), _MASTHEAD_LINES)):
        line = lines[i]
        if line.page > 0 or (_paragraph_like(line, left, right, body) and not _motto_like(line, left, right, body)):
            break  # the body has begun: the site's block is above (a wide couplet is the motto's, centred)
        if words.is_marker(line.text):
            marked.append(i)
    if not marked:
        return 0
    end = marked[-1] + 1
    while end < len(lines) and end - marked[-1] <= _MOTTO_LINES and _motto_like(lines[end], left, right, body) \
            and not (dates[end] or _is_byline(lines[end].text) or words.label_names(lines[end].text)):
        end += 1
    return end


def _paragraph_like(line: Line, left: float, right: float, body: Style) -> bool:
    """A line of a body paragraph: many words in the body's typography across the text block."""
    return line.x1 - line.x0 >= 0.85 * (right - left) and line.text.count(" ") >= 7 and Style.of(line) == body


def _motto_like(line: Line, left: float, right: float, body: Style) -> bool:
    """A centred line of several words, narrower than the text block, not bold or much larger:
    by less than 2 points, or, upright and of regular weight, by less than _MOTTO_MAX_SIZE times
    the body's size (the site's 12 pt couplet over a 10 pt body; a title is bold, slanted or
    larger)."""
    width = right - left
    centre_off = abs((line.x0 + line.x1) / 2 - (left + right) / 2)
    if not (len(line.text.split()) > 4 and line.x1 - line.x0 < 0.9 * width and centre_off < 0.1 * width):
        return False
    style = Style.of(line)
    return style.stands_out(body) < 2.0 \
        or (not style.bold and not style.italic and style.size < body.size * _MOTTO_MAX_SIZE)


@functools.lru_cache(maxsize=4096)
def _words(text: str) -> frozenset[str]:
    """The lower-case words of a normalised line without edge punctuation: lines compare by
    words, whose order a right-to-left line may have lost."""
    return frozenset(_word_list(text))


def _word_list(text: str) -> list[str]:
    """Words to compare lines by: without edge punctuation, case, ZWNJ or letter variants
    (a label printed "زبان‌های" or with Arabic yeh is the profile's "زبانهای")."""
    words = (word.strip("–—-|,،.;:()[]«»\"'").lower() for word in text.split())
    # str.translate looks every character up in the table: only a text that holds a character
    # it maps (most lines hold none, told by a scan for each) has its words folded.
    if any(ch in text for ch in _FOLD_KEYS):
        words = (word.translate(_FOLD) for word in words)
    return [w for w in words if w]


def _is_byline(text: str) -> bool:
    return bool(BYLINE_PREFIX.match(text)) and len(text.split()) <= 12


@dataclass(frozen=True)
class _Vocabulary:
    """A profile's section labels and masthead markers, as words to compare lines with."""

    labels: tuple[tuple[str, Counter[str]], ...]  # longest first: a label holding another wins
    label_words: frozenset[str]
    markers: tuple[frozenset[str], ...]
    marker_words: frozenset[str]
    # The marker words, looked for in a line's lower-case text (a substring scan each, at memory
    # speed: a regex of them all, case-sensitive, tried its alternatives at every alef of a line).
    marker_probe: tuple[str, ...]
    memo: dict[str, list[str]] = field(default_factory=dict, compare=False, hash=False)

    def label_names(self, text: str) -> list[str]:
        """The section labels a line consists of (one or several, in any word order), or []
        when the line holds anything else."""
        words = _words(text)
        if not words or not words <= self.label_words or len(text.split()) > 8:
            return []
        if text not in self.memo:  # the same few label lines open every article
            self.memo[text] = self._labels_of(text)
        return self.memo[text]

    def _labels_of(self, text: str) -> list[str]:
        left = Counter(_word_list(text))
        found = []
        for name, label_words in self.labels:
            if label_words and not label_words - left:
                left -= label_words
                found.append(name)
        return found if found and not left else []

    def is_marker(self, text: str) -> bool:
        # (a loop, not any() of a map through the method wrapper of the text's __contains__)
        lowered = text.lower()
        for probe in self.marker_probe:
            if probe in lowered:
                break
        else:
            return False  # most lines: no word set
        words = _words(text)
        return not self.marker_words.isdisjoint(words) and any(marker <= words for marker in self.markers)


@functools.lru_cache(maxsize=16)
def _vocabulary(masthead: tuple[str, ...], section_names: tuple[str, ...]) -> _Vocabulary:
    labels = sorted(((name, Counter(_word_list(normalize_text(name)))) for name in section_names),
                    key=lambda item: -sum(item[1].values()))
    markers = tuple(words for words in (_words(normalize_text(m)) for m in masthead) if words)
    marker_words = frozenset().union(*markers)
    probe = tuple(sorted(marker_words, key=len, reverse=True))
    return _Vocabulary(tuple(labels), frozenset(w for _, words in labels for w in words),
                       markers, marker_words, probe)


def vocabulary(profile: SourceProfile) -> _Vocabulary:
    return _vocabulary(profile.masthead, tuple(sorted(profile.section_names())))


def _short_label(line: Line) -> bool:
    text = line.text
    return 0 < len(text.split()) <= _LABEL_MAX_WORDS and not _SENTENCE.search(text) \
        and not any(ch.isdigit() for ch in text)


def _bare_name(text: str) -> bool:
    return 0 < len(text.split()) <= _BARE_NAME_MAX_WORDS and not _SENTENCE.search(text) \
        and not any(ch.isdigit() for ch in text)


class _Reader:
    """Judges the lines between the masthead and the body."""

    def __init__(self, zone: list[Line], dates: list[DateInLine | None], body: Style, words: _Vocabulary,
                 profile: SourceProfile, pictures: Callable[[int], list[Picture]] | None = None):
        self.zone, self.dates, self.body, self.words, self.profile = zone, dates, body, words, profile
        self.pictures = pictures
        self.used: set[int] = set()
        self.rest_used = False  # the text beside the date became the byline

    def header(self, start: int, join: Callable[[list[str]], str]) -> Header:
        date_at, date = self._date()
        used = set(self.used)
        author = self._author(date_at, date)
        author_at = sorted(self.used - used) or ([date_at] if self.rest_used and date_at is not None else [])
        title = self._title()
        used = set(self.used)
        labels = self._labels(title)
        section = _pick_section(labels, self.profile)
        lines_of: dict[str, list[int]]
        lines_of = {"date": [date_at] if date_at is not None else [], "author": author_at if author else [],
                    "title": title, "section": sorted(self.used - used) if section else []}
        kept = [line for i, line in enumerate(self.zone) if i not in self.used]
        if date and date.rest and not self.rest_used:  # what shared the date's line is text
            assert date_at is not None  # found with the date
            kept.insert(sum(1 for i in range(date_at) if i not in self.used),
                        dataclasses.replace(self.zone[date_at], text=date.rest))
        warnings = _warnings(section, author, date, title, labels, self.profile)
        return Header(section, author, date.date if date else None, date.raw if date else None,
                      join([self.zone[i].text for i in title]) or None, start, kept, warnings,
                      {name: [self.zone[i] for i in at] for name, at in lines_of.items() if at})

    def _date(self) -> tuple[int | None, DateInLine | None]:
        for i, found in enumerate(self.dates):
            if found:
                self.used.add(i)
                return i, found
        return None, None

    def _author(self, date_at: int | None, date: DateInLine | None) -> str | None:
        if date and date.rest and (_is_byline(date.rest) or _bare_name(date.rest) or _labelled_name(date.rest)):
            self.rest_used = True
            return strip_byline_prefix(date.rest)
        for i, line in enumerate(self.zone):
            if i not in self.used and _is_byline(line.text) and not self._title_goes_on(i):
                self.used.add(i)
                return strip_byline_prefix(line.text)
        if date_at is None:
            return None
        for i in (date_at - 1, date_at + 1):  # a labelled name right beside the date
            if 0 <= i < len(self.zone) and i not in self.used and self._labelled_line(i, date_at):
                self.used.add(i)
                return strip_byline_prefix(self.zone[i].text)
        for i in (date_at - 1, date_at + 1):  # a bare name right beside the date
            if 0 <= i < len(self.zone) and i not in self.used and self._plain_name(i, date_at):
                self.used.add(i)
                return self.zone[i].text.strip()
        return None

    def _title_goes_on(self, i: int) -> bool:
        """Is line `i`, which opens with the bare word "از" ("from", a byline prefix too), the
        next line of a title broken before that word ("قالین‌بافان اندخوی؛ / از دارهای خانگی /
        تا بازارهای اروپا")? It is where a free line beside it, no section label, is set as it
        is, in type that stands out from the body as a title's does."""
        line = self.zone[i]
        if not _BARE_FROM.match(line.text):
            return False
        style = Style.of(line)
        if style.stands_out(self.body) < _TITLE_STANDS_OUT:
            return False
        return any(0 <= j < len(self.zone) and j not in self.used and Style.of(self.zone[j]) == style
                   and not self.words.label_names(self.zone[j].text) for j in (i - 1, i + 1))

    def _labelled_line(self, i: int, date_at: int) -> bool:
        """Is line `i`, beside the date's, a byline whose prefix no list holds? Set as the date
        is (a title "Zwischen zwei Ländern: Rückkehrberatung ..." is larger, or slanted), and
        not as a title would be against the body."""
        line = self.zone[i]
        style, date = Style.of(line), Style.of(self.zone[date_at])
        return _labelled_name(line.text) and not self.words.label_names(line.text) \
            and abs(style.size - date.size) <= _SAME_SIZE and style.italic <= date.italic \
            and not (style.bold and not self.body.bold) and style.size <= self.body.size * _LABELLED_MAX_SIZE

    def _plain_name(self, i: int, date_at: int) -> bool:
        """Is line `i`, beside the date's, a bare name: set not much apart from the body, or
        set as the date is (a 13 pt byline and date over a 10 pt body), not bold?"""
        line = self.zone[i]
        if not _bare_name(line.text) or self.words.label_names(line.text):
            return False
        style = Style.of(line)
        if style.stands_out(self.body) < 2.0:
            return True
        date = Style.of(self.zone[date_at])
        return abs(style.size - date.size) <= _SAME_SIZE and style.italic <= date.italic \
            and not (style.bold and not self.body.bold)

    def _title(self) -> list[int]:
        """Indexes of the title: of the blocks of consecutive free lines set alike, the one that
        stands out most from the body, the block nearest the body counting a little more (a
        section label may be as bold as a title, but it comes first)."""
        blocks: list[list[int]] = []
        for i, line in enumerate(self.zone):
            if i in self.used or self.words.label_names(line.text):
                continue
            if blocks and blocks[-1][-1] == i - 1 and Style.of(self.zone[i - 1]) == Style.of(line):
                blocks[-1].append(i)
            else:
                blocks.append([i])
        blocks = [block for block in blocks if len(block) <= _TITLE_MAX_LINES]
        if not blocks:
            return []

        def score(block: list[int]) -> tuple[float, int]:
            nearest = 1.0 if block is blocks[-1] else 0.0
            return Style.of(self.zone[block[0]]).stands_out(self.body) + nearest, block[-1]

        best = max(blocks, key=score)
        if best is blocks[-1] and len(blocks) > 1 and self._under_a_picture(best) \
                and score(max(blocks[:-1], key=score))[0] >= score(best)[0] - 1.0:  # rare: the nearest won by its place
            best = max(blocks[:-1], key=score)  # a caption under a picture, the title above it
        self.used.update(best)
        return best

    def _under_a_picture(self, block: list[int]) -> bool:
        """Does the block stand right under a picture (within two of its lines' heights), as a
        caption does? The pictures are read only here (see PdfText.pictures_on)."""
        if self.pictures is None:
            return False
        line = self.zone[block[0]]
        height = line.top - line.bottom
        return any(0.0 <= pic.bottom - line.top <= 2 * height and pic.x0 < line.x1 and line.x0 < pic.x1
                   for pic in self.pictures(line.page))

    def _labels(self, title: list[int]) -> list[str]:
        """Section labels: the profile's, and at most one short label line printed before the
        title that the profile does not list (kept as printed; more such lines are text)."""
        labels: list[str] = []
        before_title = title[0] if title else len(self.zone)
        unknown = None
        for i, line in enumerate(self.zone):
            names = self.words.label_names(line.text)
            if names:
                labels.extend(names)
                self.used.add(i)
            elif unknown is None and i < before_title and i not in self.used and _short_label(line):
                unknown = i
        if unknown is not None:
            labels.append(self.zone[unknown].text.strip())
            self.used.add(unknown)
        return labels


def strip_byline_prefix(text: str) -> str | None:
    """A byline without its prefix ("By", "Von", "نویسنده:", "لیکوال:" ...): the name(s) alone.
    Shared with the HTML parser, so both formats know the same prefixes. What is left of a
    longer prefix ("ترجمه و تلخیص: " after "ترجمه") or a label no list holds ("گزارش از: ",
    "Translated by ") goes too, when a name follows it."""
    name = BYLINE_PREFIX.sub("", text.strip()).strip(_NAME_EDGES)
    rest = _LABEL_PHRASE.sub("", name, count=1) if ":" in name or "：" in name else _BY_PHRASE.sub("", name, count=1)
    return (rest.strip(_NAME_EDGES) if _bare_name(rest) else name) or None


def _labelled_name(text: str) -> bool:
    """A byline with a prefix no list holds: a short label and a colon, or a Latin "… by",
    then a few words that may be a name ("گزارش از: فریبا نوری", "Translated by Sarah Lindqvist")."""
    label = _LABEL_PHRASE.match(text) or _BY_PHRASE.match(text)
    if not label:
        return False
    name = text[label.end():]
    return _bare_name(name) and len(name.split()) <= _LABELLED_NAME_MAX_WORDS


def is_byline(text: str) -> bool:
    """A short line that opens with a byline prefix."""
    return _is_byline(text)


def is_bare_name(text: str) -> bool:
    """A short text that may be a name standing beside a date ("Omid Noori · 6 January 2020"):
    a few words, no sentence punctuation, no digits. Shared with the HTML parser."""
    return _bare_name(text)


def _pick_section(labels: list[str], profile: SourceProfile) -> str | None:
    """The English label when the profile's is printed, else the first label as printed."""
    english = {entry.get("en") for entry in profile.sections}
    return next((label for label in labels if label in english), labels[0] if labels else None)


def _warnings(section: str | None, author: str | None, date: DateInLine | None, title: list[int],
              labels: list[str], profile: SourceProfile) -> list[str]:
    warnings = []
    if date is None:
        warnings.append("no_header_date")
    if not title:
        warnings.append("no_title")
    if author is None:
        warnings.append("no_byline")
    if section is None:
        warnings.append("no_section")
    elif section not in profile.section_names():
        warnings.append("unknown_section")
    return warnings

