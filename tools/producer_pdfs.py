"""Write the small test PDFs of producers the parser had not met (tests/data/pdfs/).

    .venv/bin/python tools/producer_pdfs.py            # all of them
    .venv/bin/python tools/producer_pdfs.py --out /tmp/x

A dev-only step, like `make corpus` (the PDFs and their sources are committed; CI never
runs this). Needs Debian's chromium, fonts-noto-core (Noto Naskh Arabic),
fonts-sil-scheherazade, fonts-farsiweb (Nazli), fonts-dejavu, and the Python packages
reportlab, arabic-reshaper and python-bidi (the corpus extra).

- chromium-noto-naskh.pdf / chromium-scheherazade.pdf: one right-to-left Dari/Pashto
  page (the .html beside each PDF) printed by headless Chromium ("print to PDF"). Skia
  marks the Arabic runs /ReversedChars with both fonts; with Noto Naskh it also gives
  most glyphs an /ActualText, and pdfium then returns many words letter-reversed.
- chromium-amiri.pdf: the AMIRI_BLOCKS page in Amiri, which Chromium draws with no space
  glyph pdfium could read: pdfium makes the word spaces up from the gaps, and Amiri kerns
  the space before ک, گ and ګ down to a ZWNJ's ink gap (its pen still moves on a little).
- reportlab-forms.pdf: the lines of reportlab-forms.txt shaped to presentation forms
  and put in visual order (arabic-reshaper + python-bidi), drawn by reportlab as
  `tools.corpus.mirror.reportlab_document` does, each paragraph in another font and
  size. Every font lacks some character of its paragraph (Latin letters in Noto Naskh,
  Pashto letters in DejaVu Sans and Nazli): reportlab draws those as glyph 0, mapped to
  U+0000, which pdfium keeps among its characters but leaves out of its text.
"""

from __future__ import annotations

import argparse
import html
import shutil
import subprocess
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "pdfs"

TITLE = "بازار آرد در کابل؛ قیمت‌ها بالا می‌روند"
# (tag, text): the page's blocks in reading order. Written for these tests.
BLOCKS = [
    ("p", "گزارش تازه نشان می‌دهد که قیمت آرد در بازارهای کابل (به‌ویژه در ناحیه‌های غربی شهر) "
          "در ماه گذشته ۱۵ درصد بالا رفته است."),
    ("p", "به گفته‌ی یک فروشنده، هر بوری آرد اکنون 2500 افغانی فروخته می‌شود و خانواده‌های "
          "بی‌بضاعت نمی‌توانند آن را بخرند."),
    ("p", "سازمان World Food Programme می‌گوید که کمک‌های زمستانی امسال به ۳۴ ولایت می‌رسد، "
          "اما این کمک‌ها کافی نیست."),
    ("p", "لاله‌های سرخ در باغ‌های شهر هنوز نروییده‌اند؛ باشندگان شهر [از جمله کودکان] منتظر "
          "بهار هستند و ملا امام مسجد برای باران دعا کرد."),
    ("p", "د کابل ښاروالۍ ویلي چې د ښار سړکونه به په راتلونکې اونۍ کې پاک شي او خلک باید صبر وکړي."),
    ("p", "رئیس اداره گفت: «ما برنامه‌های تازه‌ای برای سال 2021 داریم» و افزود که بودجه هنوز "
          "تصویب نشده است."),
    ("li", "گندم: ۴۵ افغانی در هر کیلو"),
    ("li", "برنج درجه یک: 80 افغانی"),
    ("p", "در نشست روز ۱۳۹۸/۱۰/۱۸ نمایندگان UNAMA و وزارت اقتصاد درباره‌ی مهاجرت، بیکاری و "
          "امنیت غذایی گفت‌وگو کردند."),
]

# The Amiri page: word spaces before kaf and gaf (kerned), after a hamza above ("تازهٔ گفتگو"),
# before Pashto letters without presentation forms, and ZWNJs that leave a gap. Written for these tests.
AMIRI_BLOCKS = [
    ("p", "به گفته‌ی سخنگوی وزارت، دور تازهٔ گفتگوها در ماه گذشته آغاز شد و برنامهٔ کار هنوز روشن نیست."),
    ("p", "کارشناسان می‌گویند که دست‌کم سه کانال تازه در کابل به کار افتاده و چاه‌ها خشک‌تر می‌شوند."),
    ("p", "د کلي خلک وايي چې له ګواښ سره مخ دي، دا لاره ګڼل کېږي او کله کله په کابل کې باران ورېږي."),
    ("p", "زده کړې ته پاملرنه کېږي، خو زرګونه کسان لا هم له کاغذ او کتاب‌ها سره هم‌کاری کوي."),
]

# The reportlab page: (font, size, paragraph). Each font lacks something its paragraph holds.
FORMS = [
    ("NotoNaskh", 13, "بانک جهانی (World Bank) می‌گوید که باشندگان کابل در زمستان امسال "
                      "به کمک‌های بیشتری نیاز دارند و نرخ بیکاری بالا رفته است."),
    ("DejaVu", 11, "د کلي خلکو وویل چې د ژمي په اوږدو کې یې له ښاروالۍ څخه مرسته نه ده ترلاسه کړې."),
    ("Nazli", 15, "کارشناسان می‌گویند که کشاورزان در سال‌های خشک‌سالی زمین‌های خود را "
                  "ترک کرده‌اند و بسیاری به شهرها آمده‌اند."),
    ("NotoNaskh", 16, "دولت برنامه‌ای برای بازسازی راه‌ها دارد، اما پول آن هنوز نرسیده است."),
    ("Nazli", 12, "په ښار کې د اوبو کمښت ورځ تر ورځې زیاتېږي او خلک اندېښمن دي."),
    ("DejaVu", 14, "مردم می‌خواهند که دولت قیمت‌ها را کنترل کند و جلوی احتکار را بگیرد."),
]
FONT_FILES = {
    "NotoNaskh": "/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf",
    "DejaVu": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "Nazli": "/usr/share/fonts/truetype/farsiweb/nazli.ttf",
}


def page_html(font: str, blocks: list[tuple[str, str]] = BLOCKS) -> str:
    """The test page, right to left, in `font` (Chromium falls back for glyphs it lacks)."""
    body, in_list = [f"<h1>{html.escape(TITLE)}</h1>"], False
    for tag, text in blocks:
        if (tag == "li") != in_list:
            body.append("<ul>" if tag == "li" else "</ul>")
            in_list = tag == "li"
        body.append(f"<{tag}>{html.escape(text)}</{tag}>")
    if in_list:
        body.append("</ul>")
    style = f"body{{font-family:'{font}';font-size:14pt;line-height:1.7;margin:2cm}} h1{{font-size:19pt}}"
    return ('<!doctype html>\n<html lang="fa" dir="rtl"><head><meta charset="utf-8">'
            f"<style>{style}</style></head>\n<body>\n" + "\n".join(body) + "\n</body></html>\n")


def print_with_chromium(html_path: Path, pdf_path: Path) -> None:
    profile = tempfile.mkdtemp(prefix="chromium-")
    try:
        subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        f"--user-data-dir={profile}", "--no-pdf-header-footer",
                        f"--print-to-pdf={pdf_path}", html_path.resolve().as_uri()],
                       check=True, capture_output=True, timeout=120)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def reportlab_forms(pdf_path: Path, text_path: Path) -> None:
    """The FORMS paragraphs, shaped and in visual order, right-aligned, one font each."""
    import arabic_reshaper
    from bidi.algorithm import get_display
    from reportlab import rl_config
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    rl_config.invariant = 1  # same bytes for the same input
    for name, path in FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, path))
    page = canvas.Canvas(str(pdf_path), pagesize=A4, pageCompression=1)
    page.setTitle("presentation forms")
    page.setProducer("ReportLab PDF Library")
    width, y, lines = A4[0] - 120, A4[1] - 70, []
    for font, size, text in FORMS:
        for line in _break(text, font, size, width):
            page.setFont(font, size)
            page.drawRightString(A4[0] - 60, y, get_display(arabic_reshaper.reshape(line), base_dir="R"))  # the paragraph's direction
            lines.append(line)
            y -= size * 1.7
        y -= size * 0.8
    page.save()
    text_path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _break(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy line breaking in logical order, measured on the shaped text."""
    import arabic_reshaper
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines: list[str] = []
    for word in text.split():
        if lines and stringWidth(arabic_reshaper.reshape(f"{lines[-1]} {word}"), font, size) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    out = parser.parse_args().out
    out.mkdir(parents=True, exist_ok=True)
    for font, stem, blocks in (("Noto Naskh Arabic", "chromium-noto-naskh", BLOCKS),
                               ("Scheherazade", "chromium-scheherazade", BLOCKS),
                               ("Amiri", "chromium-amiri", AMIRI_BLOCKS)):
        (out / f"{stem}.html").write_text(page_html(font, blocks), encoding="utf-8")
        print_with_chromium(out / f"{stem}.html", out / f"{stem}.pdf")
    reportlab_forms(out / "reportlab-forms.pdf", out / "reportlab-forms.txt")
    for path in sorted(out.iterdir()):
        print(f"{path.stat().st_size:8d}  {path}")


if __name__ == "__main__":
    main()
