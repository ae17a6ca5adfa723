"""The variation space of the variants corpus, and the rule that splits it into dev and held-out.

A document is an article text x a producer x a recipe (header and layout choices). A
recipe is drawn from ``random.Random(seed)``, one dimension after another, so a seed
always gives the same recipe.

The partition (written out in corpus/variants/README.md):
- dev: seeds 0..89, one per (producer, language) slot of ``dev_schedule()``; values
  listed in ``RESERVED`` are never drawn for dev, and texts marked ``heldout: yes``
  are never used.
- held-out: seeds from 5000 upwards (never a dev seed). A drawn recipe is rejected
  and the next seed tried when its ``key()`` (producer, labels style, byline/date
  style, date format, title style) or its ``arrangement()`` (producer, labels style,
  byline/date style) occurs in dev. Reserved values are drawn with a boosted chance.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import asdict, dataclass

PRODUCERS = ("lo_odt", "lo_docx", "chromium_clean", "chromium_naskh", "reportlab", "xetex")
LANGS = ("fa", "ps", "en", "de", "fr")
DEV_SEEDS = range(0, 90)
HELDOUT_FIRST_SEED = 5000
HELDOUT_SIZE = 50

LABEL_STYLES = ("one_line", "lines_en_first", "lines_fa_first", "en_only", "fa_only", "unknown", "none")
BYLINE_DATE = ("lines_byline_first", "lines_date_first", "line_byline_first", "line_date_first", "no_byline")
JOINERS = ("spaces", "tab", "dash", "pipe")
PREFIXES = {
    "en": ("By ", ""), "de": ("Von ", ""), "fr": ("Par ", ""),
    "fa": ("نویسنده: ", "نوشته: ", "ترجمه: ", ""),
    "ps": ("لیکوال: ", "ليکوال: ", "ژباړه: ", ""),
}
DATE_FORMATS = {
    "en": ("dmy", "en_long", "en_mdy"), "de": ("dmy", "de_long"), "fr": ("dmy", "fr_long"),
    "fa": ("dmy", "dmy_fa", "shamsi_long", "shamsi_num_fa", "shamsi_num"),
    "ps": ("dmy", "dmy_fa", "shamsi_long", "shamsi_num_fa", "shamsi_num"),
}
UNKNOWN_LABELS = {"latin": ("Analysis", "Commentary"), "rtl": ("تحلیلی", "دیدگاه")}
TITLE_WEIGHTS = ("bold", "larger", "italic", "bold_italic")
TITLE_ALIGNS = ("center", "start")
SITE_BLOCKS = ("full", "reordered", "no_verse", "contacts_first", "name_only")
RUNNING_HEADERS = ("none", "site_date", "site_latin", "web", "title")
FOOTERS = ("none", "n", "dash_n", "page_n_of_m", "fa_n", "n_slash_m")
CAPTION_STYLES = ("bold", "italic", "small")
LATIN_FONTS = ("Liberation Serif", "DejaVu Serif", "Liberation Sans")
ARABIC_FONTS = {
    "lo_odt": ("Noto Naskh Arabic", "Amiri", "Noto Sans Arabic", "Scheherazade"),
    "lo_docx": ("Noto Naskh Arabic", "Amiri", "Noto Sans Arabic", "Scheherazade"),
    "chromium_clean": ("Amiri",),
    "chromium_naskh": ("Noto Naskh Arabic",),
    "reportlab": ("Noto Naskh Arabic", "Amiri", "Noto Sans Arabic"),  # Scheherazade has no presentation forms
    "xetex": ("Amiri", "Nazli", "Scheherazade"),  # Noto Naskh has no ( ) / - glyphs and TeX has no fallback
    # probe-only producers (tools/corpus/probe_new.py; not in PRODUCERS, so dev and held-out are unchanged)
    "lualatex": ("Amiri",),  # babel picks a font per script, not per glyph: Amiri has the punctuation
    "weasyprint": ("Noto Naskh Arabic", "Amiri", "Noto Sans Arabic"),  # Pango falls back per glyph
    "fpdf2": ("Noto Naskh Arabic", "Amiri", "Noto Sans Arabic"),  # its fallback font: the Latin one
    "typst": ("Noto Naskh Arabic", "Amiri", "Noto Sans Arabic"),  # Typst falls back per glyph
}
# Values only the held-out partition may use: dev can never have seen them.
RESERVED = frozenset({
    "ژباړه: ", "pipe", "n_slash_m", "Scheherazade", "en_mdy", "دیدگاه",
})
HELDOUT_BOOST = 0.45
FIRST_DAY, LAST_DAY = dt.date(2019, 3, 1), dt.date(2021, 6, 30)


@dataclass(frozen=True)
class Recipe:
    seed: int
    partition: str
    producer: str
    lang: str
    article: str
    date: str
    labels: str
    unknown_label: str | None
    byline_date: str
    joiner: str | None
    prefix: str | None
    date_format: str
    title_weight: str
    title_lines: int
    title_align: str
    header_table: bool
    site: str
    running_header: str
    footer: str
    pull_quote: bool
    images: int
    caption_style: str
    original: bool
    arabic_font: str
    latin_font: str
    body_size: float
    body_align: str
    page: str
    line_spacing: float | None = None  # probe-only (tools/corpus/probe_layout.py); None: the producer's own

    @property
    def doc_id(self) -> str:
        return f"v{self.seed:04d}-{self.producer}-{self.lang}"

    @property
    def byline_date_style(self) -> str:
        return f"{self.byline_date}/{self.joiner}" if self.joiner else self.byline_date

    @property
    def title_style(self) -> str:
        return f"{self.title_weight}/{self.title_lines}/{self.title_align}"

    def key(self) -> tuple[str, ...]:
        """The combination the held-out partition must not share with dev."""
        return (self.producer, self.labels, self.byline_date_style, self.date_format, self.title_style)

    def arrangement(self) -> tuple[str, ...]:
        """The header arrangement per producer; held-out ones are all new to dev too."""
        return (self.producer, self.labels, self.byline_date_style)

    def to_dict(self) -> dict:
        """The recipe for the truth JSON; a probe-only field left at None is not written, so the
        corpus's truth files stay as they were before the field existed."""
        out = asdict(self)
        if out["line_spacing"] is None:
            del out["line_spacing"]
        return out


class _Draw:
    """One dimension after another from one seeded generator; reserved values gated."""

    def __init__(self, seed: int, allow_reserved: bool):
        self.rng = random.Random(seed)
        self.allow_reserved = allow_reserved

    def pick(self, values):
        values = tuple(values)
        reserved = [v for v in values if v in RESERVED]
        ordinary = [v for v in values if v not in RESERVED]
        if self.allow_reserved and reserved and self.rng.random() < HELDOUT_BOOST:
            return self.rng.choice(reserved)
        return self.rng.choice(ordinary)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def day(self) -> dt.date:
        return FIRST_DAY + dt.timedelta(days=self.rng.randrange((LAST_DAY - FIRST_DAY).days))


def draw_recipe(seed: int, partition: str, producer: str, lang: str, article: str,
                n_captions: int, has_quote: bool) -> Recipe:
    d = _Draw(seed, allow_reserved=partition == "heldout")
    rtl = lang in ("fa", "ps")
    table = d.chance(0.2)
    labels = d.pick(LABEL_STYLES)
    unknown = d.pick(UNKNOWN_LABELS["rtl" if rtl and d.chance(0.7) else "latin"]) if labels == "unknown" else None
    if table:
        byline_date = d.pick(("line_byline_first", "line_date_first", "no_byline"))
        joiner = "cell" if byline_date != "no_byline" else None
    else:
        byline_date = d.pick(BYLINE_DATE)
        joiner = d.pick(JOINERS) if byline_date.startswith("line_") else None
    prefix = d.pick(PREFIXES[lang]) if byline_date != "no_byline" else None
    fonts = usable_fonts(producer, lang)
    return Recipe(
        seed=seed, partition=partition, producer=producer, lang=lang, article=article,
        date=d.day().isoformat(), labels=labels, unknown_label=unknown, byline_date=byline_date,
        joiner=joiner, prefix=prefix, date_format=d.pick(DATE_FORMATS[lang]),
        title_weight=d.pick(TITLE_WEIGHTS), title_lines=d.pick((1, 1, 2, 2, 3)), title_align=d.pick(TITLE_ALIGNS),
        header_table=table, site=d.pick(SITE_BLOCKS), running_header=d.pick(RUNNING_HEADERS),
        footer=d.pick(FOOTERS), pull_quote=has_quote and d.chance(0.35),
        images=min(n_captions, d.pick((0, 1, 1, 2, 3))), caption_style=d.pick(CAPTION_STYLES),
        original=d.chance(0.2), arabic_font=d.pick(fonts), latin_font=d.pick(LATIN_FONTS),
        body_size=d.pick((11.0, 12.0, 13.0, 14.0)), body_align=d.pick(("justify", "justify", "start")),
        page=d.pick(("A4", "A4", "Letter")),
    )


def usable_fonts(producer: str, lang: str) -> list[str]:
    """Nazli has no Pashto letters. XeTeX with Amiri writes the hamza above (U+0654 of "دربارهٔ")
    with a ToUnicode of Mongolian/Khmer letters: no parser can read that back, so no Amiri for fa."""
    return [f for f in ARABIC_FONTS[producer]
            if not (lang == "ps" and f == "Nazli") and not (producer == "xetex" and lang == "fa" and f == "Amiri")]


def dev_schedule() -> list[tuple[str, str]]:
    """90 (producer, language) slots: per producer 5 fa, 4 ps, 2 en, 2 de, 2 fr, interleaved."""
    per_producer = ["fa"] * 5 + ["ps"] * 4 + ["en", "de", "fr"] * 2
    return [(producer, lang) for lang_i in range(len(per_producer)) for producer, lang in
            ((p, per_producer[(lang_i + k) % len(per_producer)]) for k, p in enumerate(PRODUCERS))]


def heldout_schedule() -> list[tuple[str, str]]:
    """50 slots: per producer 3 fa, 2 ps, 1 en, 1 de, 1 fr, plus one more fa and ps."""
    per_producer = ["fa", "ps", "en", "fa", "de", "ps", "fr", "fa"]
    slots = [(p, per_producer[(i + k) % len(per_producer)]) for i in range(len(per_producer))
             for k, p in enumerate(PRODUCERS)]
    return slots + [("lo_docx", "fa"), ("xetex", "ps")]
