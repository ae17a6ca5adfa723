"""A corpus of broken and hostile documents, built at test time from the mirror's good PDFs.

Why built and not committed: the interesting inputs are either huge when written out (a
decompression bomb inflates to a gigabyte, a page tree of 10^5 kids is megabytes) or
trivially derived from the committed corpus (cut at an offset, a few bytes flipped), so
a generator keeps the repository small and every case reproducible from its name.

    broken_pdfs(seed=0)        -> {name: bytes}  truncations, flips, structural attacks
    broken_listings(links)     -> {name: bytes}  listing pages with lying charsets, deep nesting, ...
    truncate(data, offset), flip(data, positions)   the primitives hypothesis drives

Everything is deterministic: the same seed gives the same bytes on every machine.

A dev tool, not part of the installed library: only the reliability and security tests use it
(tests/unit/test_broken_corpus.py checks that it builds what each name says).
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Sequence
from pathlib import Path

from newsmon.testing.mirror import CORPUS_DIR

_FONT = b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>"
_TEXT = b"BT /F1 12 Tf 72 720 Td (Broken but honest) Tj ET"


def good_pdfs(corpus_dir: Path = CORPUS_DIR) -> list[Path]:
    """The mirror's article PDFs, in a stable order."""
    return sorted(corpus_dir.glob("*/*.pdf"))


def truncate(data: bytes, offset: int) -> bytes:
    """The first `offset` bytes (clamped to the document): a download cut short."""
    return data[: max(0, min(offset, len(data)))]


def flip(data: bytes, positions: Sequence[int], xor: int = 0xFF) -> bytes:
    """`data` with the byte at each position (modulo the length) XORed: bit rot."""
    if not data:
        return data
    out = bytearray(data)
    for pos in positions:
        out[pos % len(out)] ^= xor or 0xFF
    return bytes(out)


def pdf_file(objects: Sequence[bytes], root: int = 1) -> bytes:
    """A PDF of numbered objects (1..n) with a correct cross-reference table, so a reader
    trusts the structure and meets the attack instead of a damaged-file repair."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<</Size %d/Root %d 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref)
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<</Length %d%s>>stream\n" % (len(data), extra) + data + b"\nendstream"


def _one_page(page_extra: bytes = b"", content: bytes = _TEXT, pages: bytes = b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
              content_extra: bytes = b"") -> list[bytes]:
    """Catalog, page tree, page, content stream, font: the smallest PDF with text."""
    return [
        b"<</Type/Catalog/Pages 2 0 R>>",
        pages,
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Resources<</Font<</F1 5 0 R>>>>/Contents 4 0 R"
        + page_extra + b">>",
        _stream(content, content_extra),
        _FONT,
    ]


def claims_million_pages() -> bytes:
    """A one-page PDF whose page tree says /Count 1000000."""
    return pdf_file(_one_page(pages=b"<</Type/Pages/Kids[3 0 R]/Count 1000000>>"))


def many_kids(kids: int = 100_000) -> bytes:
    """A page tree that really lists `kids` pages (the same page object again and again)."""
    refs = b"3 0 R " * kids
    return pdf_file(_one_page(pages=b"<</Type/Pages/Kids[" + refs + b"]/Count %d>>" % kids))


def page_tree_loop() -> bytes:
    """A page tree whose node lists itself among its kids: a naive walker never ends."""
    return pdf_file(_one_page(pages=b"<</Type/Pages/Kids[3 0 R 2 0 R]/Count 2>>"))


def deep_arrays(depth: int = 100_000) -> bytes:
    """A page dictionary holding an array nested `depth` deep: a recursive parser's stack."""
    return pdf_file(_one_page(page_extra=b"/Deep " + b"[" * depth + b"]" * depth))


def deep_dicts(depth: int = 50_000) -> bytes:
    """A page dictionary holding dictionaries nested `depth` deep."""
    return pdf_file(_one_page(page_extra=b"/Deep " + b"<</A " * depth + b">>" * depth))


def deep_content(depth: int = 100_000) -> bytes:
    """A content stream whose text operator takes an array nested `depth` deep."""
    return pdf_file(_one_page(content=b"BT /F1 12 Tf 72 720 Td " + b"[" * depth + b"(x)" + b"]" * depth
                              + b" TJ ET"))


def decompression_bomb(inflated: int = 1024**3) -> bytes:
    """A one-page PDF whose FlateDecode content stream inflates to `inflated` bytes of
    spaces from about 1/1000 of that.

    Built from one compressed block repeated (a full flush makes blocks independent) with
    the checksum computed over the whole, so making a gigabyte bomb costs a fraction of a
    second instead of compressing a gigabyte."""
    chunk = b" " * (16 * 1024**2)
    squeeze = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = squeeze.compress(chunk) + squeeze.flush(zlib.Z_FULL_FLUSH)
    tail = squeeze.flush(zlib.Z_FINISH)
    copies = max(1, inflated // len(chunk))
    adler = 1
    for _ in range(copies):
        adler = zlib.adler32(chunk, adler)
    packed = b"\x78\xda" + block * copies + tail + adler.to_bytes(4, "big")
    return pdf_file(_one_page(content=packed, content_extra=b"/Filter/FlateDecode"))


def broken_pdfs(seed: int = 0, truncations: int = 12, flips: int = 12) -> dict[str, bytes]:
    """The named broken-PDF corpus: cut and bit-rotted copies of good articles (positions
    drawn from `seed`) and every structural attack above."""
    rng = random.Random(seed)
    good = good_pdfs()
    corpus: dict[str, bytes] = {}
    for n in range(truncations):
        source = rng.choice(good)
        data = source.read_bytes()
        offset = rng.randrange(1, len(data))
        corpus[f"cut-{n:02d}-{source.stem[:24]}-at-{offset}.pdf"] = truncate(data, offset)
    for n in range(flips):
        source = rng.choice(good)
        data = source.read_bytes()
        count = rng.choice((1, 4, 32, 256))
        positions = [rng.randrange(len(data)) for _ in range(count)]
        corpus[f"flip-{n:02d}-{source.stem[:24]}-{count}-bytes.pdf"] = flip(data, positions, rng.randrange(1, 256))
    corpus.update({
        "empty.pdf": b"",
        "header-only.pdf": b"%PDF-1.7\n",
        "html-as-pdf.pdf": b"<!DOCTYPE html><html><body><h1>Not found</h1></body></html>",
        "million-pages.pdf": claims_million_pages(),
        "hundred-thousand-kids.pdf": many_kids(),
        "page-tree-loop.pdf": page_tree_loop(),
        "deep-arrays.pdf": deep_arrays(),
        "deep-dicts.pdf": deep_dicts(),
        "deep-content.pdf": deep_content(),
        "decompression-bomb.pdf": decompression_bomb(),
        "nul-bytes.pdf": b"%PDF-1.4\n" + b"\0" * 65536,
    })
    return corpus


def listing_page(links: Sequence[tuple[str, str]], *, encoding: str = "utf-8", charset: str | None = "utf-8",
                 prefix: bytes = b"", wrap_depth: int = 0) -> bytes:
    """An afgazad-style listing page linking (href, text) pairs, encoded in `encoding` while
    its meta tag claims `charset` (a lie when they differ), optionally wrapped in
    `wrap_depth` nested elements and preceded by raw `prefix` bytes."""
    meta = f'<meta charset="{charset}">' if charset else ""
    items = "".join(f'<li><a href="{href}">{text}</a></li>' for href, text in links)
    body = f'<ul class="articles">{items}</ul>'
    page = (f"<!DOCTYPE html><html><head>{meta}<title>آرشیف</title></head><body>"
            + "<div>" * wrap_depth + body + "</div>" * wrap_depth + "</body></html>")
    return prefix + page.encode(encoding, errors="replace")


def broken_listings(links: Sequence[tuple[str, str]]) -> dict[str, bytes]:
    """Listing pages of the same links, each broken in one way a real server breaks them."""
    good = listing_page(links)
    return {
        "utf16-claiming-utf8": listing_page(links, encoding="utf-16", charset="utf-8"),
        "utf16le-no-bom": listing_page(links, encoding="utf-16-le", charset="utf-8"),
        "cp1256-claiming-utf8": listing_page(links, encoding="cp1256", charset="utf-8"),
        "utf8-claiming-cp1256": listing_page(links, charset="windows-1256"),
        "invalid-utf8": listing_page(links, prefix=b"\xc3\x28\xa0\xa1\xe2\x28\xa1\xff\xfe"),
        "utf16-bom-on-utf8": listing_page(links, prefix=b"\xff\xfe"),
        "deep-nesting-50000": listing_page(links, wrap_depth=50_000),
        "deep-nesting-200": listing_page(links, wrap_depth=200),
        "deep-nesting-1000": listing_page(links, wrap_depth=1_000),
        "truncated": truncate(good, len(good) * 2 // 3),
        "comment-only": b"<!-- nothing here -->",
        "doctype-only": b"<!DOCTYPE html>",
        "nul-bytes": b"\0" * 4096,
        "binary-noise": random.Random(7).randbytes(8192),
    }
