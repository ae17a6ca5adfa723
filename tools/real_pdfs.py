"""A real-world regression set of PDFs nobody on the team made, written OUTSIDE the repo.

The files come from public repositories that `fetch` (the session tool) brings onto this
machine as bare git snapshots under /work/.mirror/<owner>+<name>/repo. This script only
copies the files named below out of those snapshots; nothing fetched is committed.

    .venv/bin/python tools/real_pdfs.py            # write the set (default /work/real-pdfs)
    .venv/bin/python tools/real_pdfs.py --check    # say which snapshots are missing

Destination: `$NEWSMON_REAL_PDFS`, else /work/real-pdfs. Snapshots: `$NEWSMON_MIRRORS`, else
/work/.mirror. benchmarks/bench_parse_real.py reads the set and this manifest.

`kind` says what a file is in the set for: "arabic" (real Arabic-script text: every measure),
"other" (other scripts: words kept, and the verdict), "image" (no text layer) and "garbage"
(text with no usable character map: letters of the wrong script, private-use code points,
controls). The last two are the "not an article" checks of issue #12.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DEST = Path("/work/real-pdfs")
DEFAULT_MIRRORS = Path("/work/.mirror")

# The snapshot commit each path was read at (its HEAD when the set was assembled).
COMMITS = {
    "mozilla/pdf.js": "0f26334f9d6f96119f6e5164fb65832fbbde7344",
    "py-pdf/sample-files": "6921079eb3e1ed0944db5ec75016910d59da7fdb",
    "chromium/pdfium": "a84323421e94f484faca52dd9d027934eba42ab8",
    "absinfinite/XePersian-ReportSamples": "a304afa6a4bb56f82c63df74852c8139832242ab",
    "XePersianShowcase/aut-assignment-example": "c991bcc8ccd9752c6aad33245d35c414227f8156",
    "Omid-Mohebi/Persian-Beamer-Template": "e50feef6c570a10cf52e6875105e2c77e7164bea",
    "Alireza-Jahanbakhshi/Persian-LaTeX-Guide-and-Examples": "9259f39814602f58a723d81a325ad4c1aeec7fc6",
    "momeni/sharif-thesis": "cae704c816803a97a63734c4a4b213f34aa0a6b4",
    "theQuantaBoy/Persian-LaTeX-Assignment-Template": "8fa8ee40facaeded3879eedca2571da28652238a",
    "benyamxn/persian-latex": "99919802fa95cde22e0f4de8c41baff789fd1f8f",
    "EldesoukyElkhouly/Arabic-LaTeX": "ec25c3745c3727db5a1eb858eccdd7e57ea941a0",
    "NibrasAz7/arabic-latex-templates": "1f0eab06ffafce6ace3dcafc297dea55f5fefc40",
}


@dataclass(frozen=True)
class RealPdf:
    name: str   # file name in the set's folder
    repo: str   # owner/name on GitHub
    path: str   # path inside the repository
    kind: str   # arabic | other | image | garbage
    note: str   # language, producer, why it is in the set

    @property
    def commit(self) -> str:
        return COMMITS[self.repo]


_XPR = "absinfinite/XePersian-ReportSamples"
_JAH = "Alireza-Jahanbakhshi/Persian-LaTeX-Guide-and-Examples"
_ELD = "EldesoukyElkhouly/Arabic-LaTeX"
_NIB = "NibrasAz7/arabic-latex-templates"
_JS = "mozilla/pdf.js"
_PY = "py-pdf/sample-files"
_PDFIUM = "chromium/pdfium"

MANIFEST: tuple[RealPdf, ...] = (
    # --- Persian (fa), XeTeX/xepersian: the documents where issue #12's text defects were seen
    RealPdf("fa-xetex-de-report.pdf", _XPR, "DE-Report/khazaee-92135008-DE.pdf", "arabic",
            "Persian course report, 43 pp, XeTeX/xepersian (xdvipdfmx 0.7.9): brackets, ezafe, Latin in RTL"),
    RealPdf("fa-xetex-vision-proposal.pdf", _XPR, "VisionReports/1/Vahid-Proposal.pdf", "arabic",
            "Persian proposal, 6 pp, XeTeX/xepersian"),
    RealPdf("fa-nitro-vision-project2.pdf", _XPR, "VisionReports/2/projct 2.pdf", "arabic",
            "Persian report, 3 pp, re-written by Nitro Pro 9 (a non-TeX producer of TeX output)"),
    RealPdf("fa-xetex-vision-report2.pdf", _XPR, "VisionReports/2/vision-project-2.pdf", "arabic",
            "Persian report, 16 pp, XeTeX/xepersian, figures and captions"),
    RealPdf("fa-xetex-vision-report3.pdf", _XPR, "VisionReports/3/Navid-Khazaee.pdf", "arabic",
            "Persian report, 7 pp, XeTeX/xepersian"),
    RealPdf("fa-xetex-vision-report4.pdf", _XPR, "VisionReports/4/navid-khazaee-92135008.pdf", "arabic",
            "Persian report, 12 pp, XeTeX/xepersian"),
    RealPdf("fa-xetex-vision-report5.pdf", _XPR, "VisionReports/5/92135008.pdf", "arabic",
            "Persian report, 15 pp, XeTeX/xepersian"),
    RealPdf("fa-impress-slides.pdf", _XPR, "VisionReports/Elipse-FinalProject/Presentation.pdf", "arabic",
            "Persian slide deck, 18 pp, LibreOffice 4.2 Impress: slide headings, short lines"),
    RealPdf("fa-xetex-ellipse-report.pdf", _XPR, "VisionReports/Elipse-FinalProject/ellipse.pdf", "arabic",
            "Persian project report, 24 pp, XeTeX/xepersian"),
    RealPdf("fa-xetex-aut-assignment.pdf", "XePersianShowcase/aut-assignment-example", "main.pdf", "arabic",
            "Persian assignment, 2 pp, XeTeX 2017"),
    RealPdf("fa-beamer-slides.pdf", "Omid-Mohebi/Persian-Beamer-Template", "main.pdf", "arabic",
            "Persian Beamer slide deck, 9 pp, MiKTeX xdvipdfmx 2025: frame titles, Latin terms"),
    RealPdf("fa-xetex-guide-report.pdf", _JAH, "LaTeX Files/main_report.pdf", "arabic",
            "Persian report, 14 pp, XeTeX 2021"),
    RealPdf("fa-xepersian-manual.pdf", _JAH, "LaTeX Guides/xepersian.pdf", "arabic",
            "the xepersian package manual, 196 pp, XeTeX 2014: much Latin code inside Persian text"),
    RealPdf("fa-xetex-sharif-thesis.pdf", "momeni/sharif-thesis", "main.pdf", "arabic",
            "Persian thesis template, 36 pp, XeTeX 2021"),
    RealPdf("fa-word-thesis-guide.pdf", "momeni/sharif-thesis", "resources/Guide_Theses-98.pdf", "arabic",
            "Persian university guide, 14 pp, Microsoft Word 2013 (not TeX)"),
    RealPdf("fa-xetex-assignment.pdf", "theQuantaBoy/Persian-LaTeX-Assignment-Template", "main.pdf", "arabic",
            "Persian assignment, 6 pp, XeTeX 2026"),
    RealPdf("fa-xetex-example.pdf", "benyamxn/persian-latex", "examples/example.pdf", "arabic",
            "Persian example document, 2 pp, MiKTeX xdvipdfmx 2020"),
    # --- Arabic (ar) and Urdu: other producers
    RealPdf("ar-habibi.pdf", _PY, "015-arabic/habibi.pdf", "arabic", "Arabic sample, py-pdf/sample-files"),
    RealPdf("ar-habibi-rotated.pdf", _PY, "015-arabic/habibi-rotated.pdf", "arabic",
            "Arabic sample on a rotated page"),
    RealPdf("ar-habibi-oneline-cmap.pdf", _PY, "015-arabic/habibi-oneline-cmap.pdf", "arabic",
            "Arabic sample whose ToUnicode CMap is written on one line"),
    RealPdf("ar-pdfjs-cid-truetype.pdf", _JS, "test/pdfs/ArabicCIDTrueType.pdf", "arabic",
            "Arabic CID TrueType font, Apple pstopdf"),
    RealPdf("ar-pdfjs-issue5677.pdf", _JS, "test/pdfs/issue5677.pdf", "arabic",
            "Arabic words with shadda and tanwin (marks)"),
    RealPdf("ar-pdfjs-kami-mixed.pdf", _JS, "test/pdfs/issue19971.pdf", "arabic",
            "English test document with an Arabic paragraph, KamiHQ editor, 6 pp"),
    RealPdf("ar-word2007-report.pdf", _ELD, "How to Prepare Technical Report Using LaTeX/LaTeX.pdf", "garbage",
            "Arabic guide, 36 pp, Microsoft Office Word 2007: every Arabic glyph mapped to a wrong Arabic "
            "letter (\"ئهذجد طفكس\"), text unreadable in every extractor"),
    RealPdf("ar-pdfmaker-course.pdf", _ELD, "LaTeX Course.pdf", "arabic",
            "Arabic course, 24 pp, Word via Acrobat PDFMaker 6 / Distiller"),
    RealPdf("ar-xearabic-article.pdf", _ELD, "ELEOUI_MUSTAFA_LATEX_ARTICLE.pdf", "arabic",
            "Arabic article, 35 pp, XeTeX with the XeArabic package (2010)"),
    RealPdf("ar-bidi-test.pdf", _ELD, "arabic-test-20-4-2011.pdf", "arabic",
            "Arabic test document, 19 pp, XeTeX with bidi 1.0.3 (2011)"),
    RealPdf("ar-xelatex-guide.pdf", _ELD, "Writing arabic with xelatex.pdf", "arabic",
            "Arabic guide, 41 pp, MiKTeX XeLaTeX 2020"),
    RealPdf("ar-xetex-lyx-guide.pdf", _ELD, "شرح lyx.pdf", "arabic", "Arabic LyX guide, 11 pp, XeTeX"),
    RealPdf("ar-xetex-example.pdf", _ELD, "example-arabic.pdf", "arabic", "Arabic example, 7 pp, XeTeX 2010"),
    RealPdf("ar-xetex-book.pdf", _ELD, "Arabic_LaTeX_Book.pdf", "arabic", "Arabic book extract, 21 pp, XeTeX 2020"),
    RealPdf("ar-fr-xetex-exam.pdf", _ELD, "ecrire examen avec tex.pdf", "arabic",
            "Arabic and French exam guide, 17 pp, XeTeX"),
    RealPdf("ar-polyglossia-guide.pdf", _ELD, "كتابة العربية باستخدام لاتخ  و polyglossia - Last version.pdf",
            "arabic", "Arabic polyglossia guide, 26 pp, MiKTeX xdvipdfmx"),
    # MiKTeX xdvipdfmx 2025 with a font whose ligature glyphs have no character map: about a
    # quarter of the letters come out as Latin Extended ones ("ٮدĕالمسٮ"). Real documents
    # nonetheless, and the closest to a news article ("press release").
    RealPdf("ar-article-template.pdf", _NIB, "Academic_and_Research/article_template/main.pdf", "garbage",
            "Arabic article template, 5 pp: partly unmapped glyphs"),
    RealPdf("ar-newsletter-template.pdf", _NIB, "Marketing_and_Communications/newsletter_template/main.pdf",
            "garbage", "Arabic newsletter, 2 pp, columns and boxes: partly unmapped glyphs"),
    RealPdf("ar-press-release-template.pdf", _NIB, "Marketing_and_Communications/press_release_template/main.pdf",
            "garbage", "Arabic press release, 1 p: partly unmapped glyphs"),
    RealPdf("ar-beamer-lecture.pdf", _NIB, "Presentations/lecture_slides_template/main.pdf", "garbage",
            "Arabic Beamer lecture slides, 13 pp: partly unmapped glyphs"),
    RealPdf("ar-quran-hadith-template.pdf", _NIB, "Academic_and_Research/quran_hadith_template/main.pdf",
            "garbage", "Arabic with full vowel marks (tashkeel), 4 pp: 40 % of the letters unmapped"),
    # --- other scripts and producers
    RealPdf("en-pdftex-tracemonkey.pdf", _JS, "test/pdfs/tracemonkey.pdf", "other",
            "English two-column paper, 14 pp, pdfeTeX"),
    RealPdf("en-openoffice-pdkids.pdf", _JS, "test/pdfs/pdkids.pdf", "other", "English text, 55 pp, OpenOffice 3.1"),
    RealPdf("en-pdftex-essay.pdf", _JS, "test/pdfs/issue918.pdf", "other", "English essay, 1 p, pdfTeX, hyphenation"),
    RealPdf("en-word-ilovepdf.pdf", _JS, "test/pdfs/pr12564.pdf", "other", "English newsletter, Word via iLovePDF"),
    RealPdf("en-word365.pdf", _JS, "test/pdfs/bug2013793.pdf", "other", "English paragraph, Word for Microsoft 365"),
    RealPdf("en-xetex-math.pdf", _JS, "test/pdfs/bug1529502.pdf", "other", "English with math alphanumerics, XeTeX"),
    RealPdf("ja-dvipdfmx.pdf", _JS, "test/pdfs/issue16538.pdf", "other", "Japanese, dvipdfmx"),
    RealPdf("zh-pdftools.pdf", _JS, "test/pdfs/XiaoBiaoSong.pdf", "other", "Chinese table of contents, Pdftools SDK"),
    RealPdf("fr-pdftex-diacritics.pdf", _JS, "test/pdfs/french_diacritics.pdf", "other", "French diacritics, pdfTeX"),
    RealPdf("en-libreoffice-writer.pdf", _PY, "002-trivial-libre-office-writer/002-trivial-libre-office-writer.pdf",
            "other", "English, LibreOffice Writer"),
    RealPdf("en-google-doc.pdf", _PY, "011-google-doc-document/google-doc-document.pdf", "other",
            "English, Google Docs export"),
    RealPdf("en-pdflatex-multicolumn.pdf", _PY, "026-latex-multicolumn/multicolumn.pdf", "other",
            "English two-column, pdfLaTeX"),
    RealPdf("en-pdflatex-4-pages.pdf", _PY, "004-pdflatex-4-pages/pdflatex-4-pages.pdf", "other",
            "English, 4 pp, pdfLaTeX: running page numbers"),
    RealPdf("he-pdfium-mirrored.pdf", _PDFIUM, "testing/resources/hebrew_mirrored.pdf", "other",
            "Hebrew, mirrored glyphs (pdfium's own test): RTL outside Arabic script"),
    RealPdf("latin-ext-chrome.pdf", _PDFIUM, "testing/resources/latin_extended.pdf", "other",
            "Latin Extended letters, Chrome 77 (Skia/PDF)"),
    RealPdf("en-word97-distiller.pdf", _PDFIUM, "testing/resources/annotation_stamp_with_ap.pdf", "other",
            "English, Microsoft Word 8.0 via Acrobat Distiller 4"),
    # --- not an article: no text layer
    RealPdf("fa-scan-guideline.pdf", _JAH, "guideline.pdf", "image",
            "Persian Word page exported as an image (Photoshop): image-only"),
    RealPdf("ar-jaws-scan-book.pdf", _ELD, "مدخل الى tex و latex و arabtex.pdf", "image",
            "Arabic book, 34 pp, Jaws PDF Creator: no text layer"),
    RealPdf("en-acrobat-image.pdf", _JS, "test/pdfs/issue5549.pdf", "image", "Acrobat Image Conversion: image-only"),
    RealPdf("en-acrobat-image2.pdf", _JS, "test/pdfs/issue12213.pdf", "image", "Acrobat Image Conversion: image-only"),
    RealPdf("imagemagick-images.pdf", _PY, "007-imagemagick-images/imagemagick-images.pdf", "image",
            "ImageMagick: images only"),
    # --- not an article: no usable character map
    RealPdf("ur-garbage-font.pdf", _JS, "test/pdfs/issue5874.pdf", "garbage",
            "Urdu (Nastaliq) with no usable ToUnicode: CJK/Latin-extended garbage, iText"),
    RealPdf("ar-garbage-cidfont.pdf", _JS, "test/pdfs/arial_unicode_ab_cidfont.pdf", "garbage",
            "Arabic in a CID font without ToUnicode, NeoOffice: wrong-script letters"),
    RealPdf("ar-arabtex-garbage.pdf", _ELD, "lyx-howto-ar.pdf", "garbage",
            "Arabic (ArabTeX fonts) via Ghostscript 5.5, 20 pp: control and Latin-1 garbage"),
    RealPdf("en-htmldoc-pua.pdf", _JS, "test/pdfs/TAMReview.pdf", "garbage",
            "English paper, 23 pp, htmldoc: text mapped to private-use code points"),
    RealPdf("en-distiller-controls.pdf", _JS, "test/pdfs/font_ascent_descent.pdf", "garbage",
            "Acrobat Distiller 8: text mapped to control characters"),
    RealPdf("ru-haru-hangul.pdf", _JS, "test/pdfs/issue20232.pdf", "garbage",
            "Russian form, Haru: Cyrillic mapped to Hangul syllables"),
)


def snapshot_dir(repo: str, mirrors: Path) -> Path:
    return mirrors / repo.replace("/", "+") / "repo"


def missing_snapshots(mirrors: Path) -> list[str]:
    """Repositories of the manifest with no snapshot under `mirrors`."""
    return sorted({e.repo for e in MANIFEST if not (snapshot_dir(e.repo, mirrors) / "HEAD").exists()})


def read_file(entry: RealPdf, mirrors: Path) -> bytes:
    """The file's bytes at the manifest's commit; at the snapshot's HEAD if that commit is absent."""
    git_dir = str(snapshot_dir(entry.repo, mirrors))
    for rev in (entry.commit, "HEAD"):
        done = subprocess.run(["git", "--git-dir", git_dir, "show", f"{rev}:{entry.path}"],
                              capture_output=True, check=False)
        if done.returncode == 0 and done.stdout:
            if rev == "HEAD":
                print(f"  note: {entry.repo}@{entry.commit[:10]} absent; {entry.path} read at HEAD", file=sys.stderr)
            return done.stdout
    raise FileNotFoundError(f"{entry.repo}:{entry.path} not in the snapshot (a file of 4 MiB or more is left out)")


def write_set(dest: Path, mirrors: Path) -> tuple[int, list[str]]:
    """Write every file whose snapshot is here; return (files written, problems)."""
    dest.mkdir(parents=True, exist_ok=True)
    absent = set(missing_snapshots(mirrors))
    written, problems = 0, []
    for entry in MANIFEST:
        if entry.repo in absent:
            problems.append(f"{entry.name}: no snapshot of {entry.repo}")
            continue
        try:
            data = read_file(entry, mirrors)
        except FileNotFoundError as exc:
            problems.append(f"{entry.name}: {exc}")
            continue
        target = dest / entry.name
        if not target.exists() or target.read_bytes() != data:
            target.write_bytes(data)
        written += 1
    return written, problems


def set_dir() -> Path:
    return Path(os.environ.get("NEWSMON_REAL_PDFS") or DEFAULT_DEST)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dest", type=Path, default=set_dir())
    parser.add_argument("--mirrors", type=Path, default=Path(os.environ.get("NEWSMON_MIRRORS") or DEFAULT_MIRRORS))
    parser.add_argument("--check", action="store_true", help="only report missing snapshots")
    args = parser.parse_args(argv)
    if args.dest.resolve().is_relative_to(Path(__file__).resolve().parents[1]):
        parser.error(f"{args.dest} is inside the repository: fetched files stay out of it")
    absent = missing_snapshots(args.mirrors)
    if absent:
        print(f"missing snapshots under {args.mirrors}; fetch them first (the session's fetch tool):")
        for repo in absent:
            print(f"  fetch github:{repo}")
    if args.check:
        return 1 if absent else 0
    written, problems = write_set(args.dest, args.mirrors)
    for problem in problems:
        print(f"  skipped {problem}")
    print(f"{written} of {len(MANIFEST)} files in {args.dest}")
    return 0 if written else 1


if __name__ == "__main__":
    sys.exit(main())
