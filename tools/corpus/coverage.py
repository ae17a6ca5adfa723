"""Does the corpus hold every value of every dimension? (dev: all ordinary values; held-out: the reserved ones)."""

from __future__ import annotations

from tools.corpus import recipes as R
from tools.corpus.recipes import RESERVED, Recipe


def _space() -> dict[str, set]:
    prefixes = {p for values in R.PREFIXES.values() for p in values}
    dates = {f for values in R.DATE_FORMATS.values() for f in values}
    fonts = {f for values in R.ARABIC_FONTS.values() for f in values}
    unknown = {u for values in R.UNKNOWN_LABELS.values() for u in values}
    return {
        "producer": set(R.PRODUCERS), "labels": set(R.LABEL_STYLES), "unknown_label": unknown,
        "byline_date": set(R.BYLINE_DATE), "joiner": set(R.JOINERS) | {"cell"}, "prefix": prefixes,
        "date_format": dates, "title_weight": set(R.TITLE_WEIGHTS), "title_lines": {1, 2, 3},
        "title_align": set(R.TITLE_ALIGNS), "header_table": {True, False}, "site": set(R.SITE_BLOCKS),
        "running_header": set(R.RUNNING_HEADERS), "footer": set(R.FOOTERS), "pull_quote": {True, False},
        "images": {0, 1, 2, 3}, "caption_style": set(R.CAPTION_STYLES), "original": {True, False},
        "arabic_font": fonts, "latin_font": set(R.LATIN_FONTS), "page": {"A4", "Letter"},
    }


def missing(recipes: list[Recipe]) -> dict[str, list]:
    """Per partition, the values never drawn (ordinary values for dev, reserved values for held-out)."""
    out: dict[str, list] = {}
    for partition, wanted in (("dev", lambda v: v not in RESERVED), ("heldout", lambda v: v in RESERVED)):
        drawn = [r.to_dict() for r in recipes if r.partition == partition]
        if not drawn:
            continue
        gaps = []
        for dim, values in _space().items():
            seen = {d[dim] for d in drawn}
            gaps += [f"{dim}={v!r}" for v in sorted(values, key=str) if wanted(v) and v not in seen]
        out[partition] = gaps
    return out
