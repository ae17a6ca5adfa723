"""The parser's compiled helper: glyph boxes of many characters in one call (glyph_boxes.c).

Reading a glyph box through ctypes costs about twice pdfium's own work in argument set-up,
and the parser reads one per character of every Arabic-script line (issue 12's speed goal);
so do the reads every line makes (its style, rects and lead: newsmon_line_facts) and the
look through a page's objects for its pictures (newsmon_pictures), each now one call.
`make install` compiles glyph_boxes.c beside this file (`python -m newsmon.parse.native`);
where it was not compiled (no C compiler, an install without make), or with
NEWSMON_NATIVE_BOXES=0, `load()` gives None and pdf.py makes the same pdfium calls from
Python: the same boxes, only slower. The parser's compiled build (compiled.py) calls the hottest
of these loops through box_reads.c, a CPython extension built with it that compiles glyph_boxes.c in,
with plain int arguments: a ctypes call costs ~2,000 instructions of argument set-up.
"""

from __future__ import annotations

import ctypes
import importlib
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SOURCE = Path(__file__).with_name("glyph_boxes.c")
LIBRARY = Path(__file__).with_name("_glyph_boxes.so")
DISABLE_ENV = "NEWSMON_NATIVE_BOXES"


@dataclass(frozen=True)
class Native:
    """The compiled loops, as ctypes functions: char_boxes takes (context: pdfium function, int index array,
    double out array; text page, offset, count: newsmon_char_boxes_in), char_origins (pdfium function, text
    page, int index array, offset, count, double out array); text_rects (count function, rect function, text
    page, start, length, count or -1, double out array, room) gives a count; zwnj_gaps (context, text page,
    UTF-32 text: the line's ints and classes in the context, newsmon_zwnj_gaps_at) and bare_edges (context,
    text page: newsmon_bare_edges_at) give a count; line_facts (context, text page: the line's ints in the
    context, newsmon_line_facts_at) gives a line's style and rect count; pictures (context, page, float out
    array, room) gives a count; blank_height (unicode function, box function, text page, count) gives the
    greatest height of the page's blanks' boxes; misplaced_texts (context, page) gives 1 where a blank glyph
    has a letter's /ActualText; shared_pairs (box function, text page, UTF-32 text, offset, count, classes,
    int out array of 1) counts a page's letter pairs that share a glyph box; font_sizes (font size function,
    text page, int index array, count, double out array) reads characters' font sizes; stretch_gaps (box,
    origin and text object functions, text page, UTF-32 text, offset, count, classes, int out array, room)
    gives a count of the spaces pdfium made up in a justified line's stretched joins, each with the letter
    after it (see glyph_boxes.c); kashidas (context, text page, UTF-32 text, index array, offset, count:
    kashida_context) gives a count of the runs of kashida strokes a line drops (arabic._drop_kashidas);
    text_objects (text object function, text page, int index array, count, pointer out array) reads
    characters' text objects; objectless (text object function, text page, int index array, count, int out
    array) gives a count of the characters of no text object (pdf._objectless); drawn_alone (text object
    function, text page, character count, int array of pairs, pair count, int out array) gives a count of
    the glued alefs drawn alone (pdf._spaced_alefs); page_objectless (text object function, text page,
    character count, int out array, int out array, int array of 1) gives a count of the page's characters of
    no text object, and writes those drawn alone and their count (pdf._made_up_on_page); jump_back (box and
    text object functions, text page, UTF-32 text, count, int index array or NULL, offset, classes, within,
    least as a c_double) gives 1 where a line's glyphs jump back to the right (pdf._drawn_out_of_order);
    page_scan (picture context, misplaced context, page, float out array, room, int out array of 3, pointer
    out array, its room) is misplaced_texts and pictures in one look through a page's objects, which it
    writes too, and counts the /ActualTexts pdfium leaves out (pdf._scanned_page); glyph_widths
    (glyph width function, font, unsigned int code array, count, float out array) reads the widths of the
    glyphs a font maps the codes to (pdf._form_widths)."""

    char_boxes: Any
    char_origins: Any
    text_rects: Any
    zwnj_gaps: Any
    bare_edges: Any
    line_facts: Any
    pictures: Any
    blank_height: Any
    misplaced_texts: Any
    shared_pairs: Any
    font_sizes: Any
    stretch_gaps: Any
    kashidas: Any
    text_objects: Any
    objectless: Any
    drawn_alone: Any
    page_objectless: Any
    jump_back: Any
    page_scan: Any
    glyph_widths: Any


def load() -> Native | None:
    """The compiled helper, or None when it is absent, older than its source, or disabled."""
    if os.environ.get(DISABLE_ENV, "").strip().lower() in ("0", "false", "no"):
        return None
    try:
        if LIBRARY.stat().st_mtime < SOURCE.stat().st_mtime:
            return None
        library = ctypes.CDLL(str(LIBRARY))
    except OSError:
        return None
    functions = []
    for name, restype in (("newsmon_char_boxes_in", None), ("newsmon_char_origins", None),
                          ("newsmon_text_rects", ctypes.c_int), ("newsmon_zwnj_gaps_at", ctypes.c_int),
                          ("newsmon_bare_edges_at", ctypes.c_int), ("newsmon_line_facts_at", ctypes.c_int),
                          ("newsmon_pictures", ctypes.c_int), ("newsmon_blank_height", ctypes.c_double),
                          ("newsmon_misplaced_texts", ctypes.c_int), ("newsmon_shared_pairs", None),
                          ("newsmon_font_sizes", None), ("newsmon_stretch_gaps", ctypes.c_int),
                          ("newsmon_kashidas", ctypes.c_int), ("newsmon_text_objects", None),
                          ("newsmon_objectless", ctypes.c_int), ("newsmon_drawn_alone", ctypes.c_int),
                          ("newsmon_page_objectless", ctypes.c_int), ("newsmon_jump_back", ctypes.c_int),
                          ("newsmon_page_scan", ctypes.c_int), ("newsmon_glyph_widths", None)):
        function = getattr(library, name, None)
        if function is None:  # built from an older glyph_boxes.c
            return None
        function.restype = restype  # arguments: ctypes objects and ints, passed as they are (see pdf._bare)
        functions.append(function)
    return Native(*functions)


def extension() -> Any:
    """The compiled parser's extension (box_reads.c, with char_classes.c compiled in): built with
    the parser's compiled modules and found beside them, so only where the parser runs compiled
    (compiled.py); None where it runs as Python, which makes the same reads through ctypes and
    the same searches with its patterns."""
    try:
        return importlib.import_module("newsmon.parse._box_reads")
    except ImportError:
        return None


def build() -> str:
    """Compile glyph_boxes.c to LIBRARY with the system C compiler; a one-line outcome."""
    compiler = os.environ.get("CC") or shutil.which("cc") or shutil.which("gcc")
    if compiler is None:
        return f"no C compiler: {LIBRARY.name} not built (the parser reads glyph boxes through ctypes, slower)"
    command = [compiler, "-O2", "-shared", "-fPIC", "-o", str(LIBRARY), str(SOURCE)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603 - no shell; the operator's CC or cc, fixed paths
    if result.returncode != 0:
        LIBRARY.unlink(missing_ok=True)
        first = (result.stderr.strip().splitlines() or ["?"])[0]
        return f"{SOURCE.name} did not compile ({first}): the parser reads glyph boxes through ctypes, slower"
    return f"built {LIBRARY}"


if __name__ == "__main__":  # `python -m newsmon.parse.native [modules]`: glyph_boxes.c, or the modules (compiled.py)
    if sys.argv[1:] == ["modules"]:
        from newsmon.parse import compiled

        print(compiled.build(os.environ.get("NEWSMON_COMPILE_OPT", "3")), file=sys.stderr)
    else:
        print(build(), file=sys.stderr)
