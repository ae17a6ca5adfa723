"""The few tables of a TrueType/OpenType font program that glyph_text asks, read by glyph id.

glyph_text gives a glyph the text the program's cmap and GSUB substitutions make certain,
and needs its advance (hmtx). fontTools reads those tables as objects keyed by glyph names,
and names every glyph first (the post table): for the five fonts of a Chromium document in
Amiri (subsets of 6,000 glyph ids, GSUBs of hundreds of substitutions) that was ~40 ms, a
third of the document's cost.
The tables are read here straight from the bytes (struct and array), in glyph ids, for the
formats Skia's and HarfBuzz's subsetters write: cmap formats 4 and 12; GSUB single (1, 2),
alternate and ligature substitutions, also behind extension lookups; coverage formats 1
and 2. What they yield is what fontTools' objects yield, in the same order: fontTools names
each glyph id once and only once, so a name is a glyph id. A program with anything else (a
font collection, another cmap or coverage format, an offset out of its table) is read by
fontTools (`Program.of`), as before.
"""

from __future__ import annotations

import io
import struct
import sys
from array import array
from collections.abc import Iterator
from typing import Any, Final

# fontTools is imported only for a program read the long way (see Program.of).

# fontTools' getBestCmap: the (platform, encoding) pairs of a Unicode cmap, best first.
_CMAP_PREFERENCES: Final = ((3, 10), (0, 6), (0, 4), (3, 1), (0, 3), (0, 2), (0, 1), (0, 0))

Substitution = tuple[int, tuple[int, ...]]  # (made glyph, the glyphs it is made of)


class Unusual(Exception):  # noqa: N818 - a signal: read this program with fontTools
    """A program, or a table of it, not read here."""


class Program:
    """A font program's glyph count, Unicode cmap (code -> glyph), GSUB substitutions (in
    the order fontTools yields them) and advances (in ems)."""

    def __init__(self, count: int, cmap: dict[int, int] | None, substitutions: list[Substitution],
                 advance: Any) -> None:
        self.count = count
        self.cmap = cmap
        self.substitutions = substitutions
        self._advance = advance  # glyph id -> advance in ems (a glyph id below `count`)

    def advance(self, glyph: int) -> float:
        """A glyph's advance, in ems (hmtx)."""
        return float(self._advance(glyph))

    @classmethod
    def of(cls, program: bytes) -> Program:
        """The program read here, or by fontTools where it is not one read here."""
        try:
            return _read(program)
        except (Unusual, struct.error, IndexError, ValueError):
            return _read_by_fonttools(program)


def _read(data: bytes) -> Program:
    tables = _directory(data)
    for needed in (b"maxp", b"head", b"hmtx"):
        if needed not in tables:
            raise Unusual(needed)
    count = _u16(tables[b"maxp"], 4)
    cmap = _best_cmap(tables[b"cmap"]) if b"cmap" in tables else None
    substitutions = list(_substitutions(tables[b"GSUB"])) if b"GSUB" in tables else []
    return Program(count, cmap, substitutions, _advances(tables, count))


def _directory(data: bytes) -> dict[bytes, memoryview]:
    """The program's tables by tag (an sfnt, not a collection)."""
    if data[:4] not in (b"\x00\x01\x00\x00", b"true", b"OTTO"):
        raise Unusual("not an sfnt")
    view = memoryview(data)
    tables = {}
    for k in range(_u16(view, 4)):
        tag, _, offset, length = struct.unpack_from(">4sLLL", view, 12 + 16 * k)
        if offset + length > len(data):
            raise Unusual("table out of the program")
        tables[tag] = view[offset:offset + length]
    return tables


def _u16(data: Any, offset: int) -> int:
    value: int = _U16(data, offset)[0]
    return value


_U16: Final = struct.Struct(">H").unpack_from  # (compiled once: struct.unpack_from looks its format up at each call)


def _u16s(data: Any, offset: int, count: int) -> array[int]:
    """`count` big-endian unsigned 16-bit values from `offset`."""
    end = offset + 2 * count
    if offset < 0 or end > len(data):
        raise Unusual("array out of its table")
    values = array("H", bytes(data[offset:end]))
    if sys.byteorder != "big":
        values.byteswap()
    return values


def _advances(tables: dict[bytes, memoryview], count: int) -> Any:
    """glyph id -> advance in ems, as fontTools' hmtx gives it (the last long metric's
    advance for the glyphs past them)."""
    em = _u16(tables[b"head"], 18)
    metrics = _u16(tables[b"hhea"], 34) if b"hhea" in tables else count
    metrics = min(metrics, count)
    hmtx = tables[b"hmtx"]
    if metrics == 0 or len(hmtx) < 4 * metrics + 2 * (count - metrics):
        raise Unusual("hmtx")
    widths = _u16s(hmtx, 0, 2 * metrics)[0::2]
    last = widths[-1]
    return lambda glyph: (widths[glyph] if glyph < metrics else last) / em


def _best_cmap(table: memoryview) -> dict[int, int] | None:
    """fontTools' getBestCmap in glyph ids (no code mapped to glyph 0)."""
    subtables: dict[tuple[int, int], tuple[int, int, int]] = {}
    for k in range(_u16(table, 2)):
        platform, encoding, offset = struct.unpack_from(">HHL", table, 4 + 8 * k)
        fmt = _u16(table, offset)
        if fmt not in (4, 12):
            length = -1  # (read only if it is the best: then fontTools reads it)
        else:
            length = _u16(table, offset + 2) if fmt == 4 else struct.unpack_from(">L", table, offset + 4)[0]
            if not length:
                continue  # fontTools skips a subtable of no length
            if offset + length > len(table):
                raise Unusual("cmap subtable out of its table")
        subtables.setdefault((platform, encoding), (fmt, offset, length))
    for preferred in _CMAP_PREFERENCES:
        if preferred in subtables:
            fmt, offset, length = subtables[preferred]
            if fmt == 4:
                return _cmap4(table[offset:offset + length])
            if fmt == 12:
                return _cmap12(table[offset:offset + length])
            raise Unusual(f"cmap format {fmt}")
    return None


def _cmap4(data: memoryview) -> dict[int, int]:
    """A format 4 subtable, as fontTools reads it (its last segment left out)."""
    segments = _u16(data, 6) // 2
    codes = _u16s(data, 14, (len(data) - 14) // 2)
    ends = codes[:segments]
    starts = codes[segments + 1:2 * segments + 1]
    deltas = codes[2 * segments + 1:3 * segments + 1]
    range_offsets = codes[3 * segments + 1:4 * segments + 1]
    glyph_ids = codes[4 * segments + 1:]
    if len(range_offsets) != segments:
        raise Unusual("cmap 4 truncated")
    found: dict[int, int] = {}
    for i in range(segments - 1):
        start, delta, range_offset = starts[i], deltas[i], range_offsets[i]
        codes_of = range(start, ends[i] + 1)
        if range_offset == 0:
            glyphs: Any = [(code + delta) & 0xFFFF for code in codes_of]
        else:
            partial = range_offset // 2 - start + i - segments
            if codes_of and (codes_of[0] + partial < 0 or codes_of[-1] + partial >= len(glyph_ids)):
                raise Unusual("cmap 4 glyph index out of range")
            glyphs = [(glyph_ids[code + partial] + delta) & 0xFFFF if glyph_ids[code + partial] else 0
                      for code in codes_of]
        found.update((code, glyph) for code, glyph in zip(codes_of, glyphs, strict=True) if glyph)
    return found


def _cmap12(data: memoryview) -> dict[int, int]:
    """A format 12 subtable, as fontTools reads it (a group that starts before the last
    one ends is left out; one on glyph 0 maps from its second code on)."""
    groups = struct.unpack_from(">L", data, 12)[0]
    if len(data) != 16 + 12 * groups:
        raise Unusual("cmap 12 length")
    values = array("L" if array("L").itemsize == 4 else "I", bytes(data[16:]))
    if values.itemsize != 4:
        raise Unusual("no 32-bit array")
    if sys.byteorder != "big":
        values.byteswap()
    found: dict[int, int] = {}
    last_end = 0
    for k in range(0, len(values), 3):
        start, end, glyph = values[k], min(values[k + 1], 0x10FFFF), values[k + 2]
        if start > end or start < last_end:
            continue
        last_end = end
        if glyph == 0:
            start, glyph = start + 1, 1
        found.update(zip(range(start, end + 1), range(glyph, glyph + end + 1 - start)))
    return found


def _substitutions(table: memoryview) -> Iterator[Substitution]:
    """(made glyph, glyphs it is made of) of each single, alternate and ligature
    substitution of a GSUB table, in fontTools' order (glyph_text._substitutions)."""
    lookups_at = _u16(table, 8)
    if not lookups_at:
        raise Unusual("no lookup list")
    for lookup_offset in _u16s(table, lookups_at + 2, _u16(table, lookups_at)):
        lookup = lookups_at + lookup_offset
        kind = _u16(table, lookup)
        for sub_offset in _u16s(table, lookup + 6, _u16(table, lookup + 4)):
            at, sub_kind = lookup + sub_offset, kind
            if kind == 7:
                if _u16(table, at) != 1:
                    raise Unusual("extension format")
                sub_kind = _u16(table, at + 2)
                at += struct.unpack_from(">L", table, at + 4)[0]
                if sub_kind == 7:
                    raise Unusual("extension of an extension")
            if sub_kind == 1:
                yield from ((made, (source,)) for source, made in _single(table, at).items())
            elif sub_kind == 3:
                for source, alternates in _sets(table, at).items():
                    yield from ((made, (source,)) for made in _u16s(table, alternates + 2, _u16(table, alternates)))
            elif sub_kind == 4:
                for first, ligatures in _sets(table, at).items():
                    for offset in _u16s(table, ligatures + 2, _u16(table, ligatures)):
                        glyph, components = struct.unpack_from(">HH", table, ligatures + offset)
                        if not components:
                            raise Unusual("a ligature of no component")
                        yield glyph, (first, *struct.unpack_from(f">{components - 1}H", table, ligatures + offset + 4))


def _single(table: memoryview, at: int) -> dict[int, int]:
    """A single substitution's mapping: source glyph -> made glyph (a dict, as fontTools's)."""
    fmt, glyphs = _u16(table, at), _coverage(table, at + _u16(table, at + 2))
    if fmt == 1:
        delta = struct.unpack_from(">h", table, at + 4)[0]
        return {glyph: (glyph + delta) % 0x10000 for glyph in glyphs}
    if fmt == 2:
        made = _u16s(table, at + 6, _u16(table, at + 4))
        if len(made) != len(glyphs):
            raise Unusual("single substitution count")
        return dict(zip(glyphs, made, strict=True))
    raise Unusual(f"single substitution format {fmt}")


def _sets(table: memoryview, at: int) -> dict[int, int]:
    """An alternate or ligature substitution's sets: first glyph -> where its set is."""
    if _u16(table, at) != 1:
        raise Unusual("set format")
    glyphs = _coverage(table, at + _u16(table, at + 2))
    offsets = _u16s(table, at + 6, _u16(table, at + 4))
    if len(offsets) != len(glyphs):
        raise Unusual("set count")
    return {glyph: at + offset for glyph, offset in zip(glyphs, offsets, strict=True)}


def _coverage(table: memoryview, at: int) -> list[int]:
    """A coverage table's glyphs, in fontTools' order (ranges by their coverage index)."""
    fmt, count = _u16(table, at), _u16(table, at + 2)
    if fmt == 1:
        return list(_u16s(table, at + 4, count))
    if fmt != 2:
        raise Unusual(f"coverage format {fmt}")
    values = _u16s(table, at + 4, 3 * count)
    ranges = sorted(zip(values[0::3], values[1::3], values[2::3], strict=True), key=lambda record: record[2])
    return [glyph for start, end, _ in ranges for glyph in range(start, end + 1)]


def _read_by_fonttools(program: bytes) -> Program:
    """The program as fontTools reads it (names turned back into glyph ids)."""
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]  # noqa: PLC0415 - only where needed

    font = TTFont(io.BytesIO(program), lazy=True)
    order = font.getGlyphOrder()
    index = {name: gid for gid, name in enumerate(order)}

    def gid(name: str) -> int:  # a name past the glyph order is fontTools' "glyph%05d"
        return index[name] if name in index else int(name[5:])

    best = font["cmap"].getBestCmap() if "cmap" in font else None
    cmap = None if best is None else {code: gid(name) for code, name in best.items()}
    substitutions: list[Substitution] = []
    if "GSUB" in font:
        for lookup in font["GSUB"].table.LookupList.Lookup:
            for table in lookup.SubTable:
                kind = lookup.LookupType
                if kind == 7:  # extension: the real subtable inside
                    kind, table = table.ExtSubTable.LookupType, table.ExtSubTable
                if kind == 1:
                    substitutions += [(gid(made), (gid(source),)) for source, made in table.mapping.items()]
                elif kind == 3:
                    substitutions += [(gid(made), (gid(source),)) for source, alternates in table.alternates.items()
                                      for made in alternates]
                elif kind == 4:
                    substitutions += [(gid(ligature.LigGlyph), (gid(first), *map(gid, ligature.Component)))
                                      for first, ligatures in table.ligatures.items() for ligature in ligatures]
    metrics, em = font["hmtx"].metrics, font["head"].unitsPerEm
    advances = [metrics[name][0] / em for name in order]
    return Program(len(order), cmap, substitutions, advances.__getitem__)
