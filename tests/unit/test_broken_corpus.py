"""tools/broken.py builds the broken and hostile documents the reliability and security tests
feed newsmon: each is what its name says, and the same seed gives the same bytes."""

from __future__ import annotations

import io
import zlib

import pypdf
import pytest

from tools import broken

LINKS = [("/pdf/2020/01/02/a.pdf", "گزارش اول"), ("/pdf/2020/01/02/b.pdf", "Second report")]
ATTACKS = {"empty.pdf", "header-only.pdf", "html-as-pdf.pdf", "million-pages.pdf", "hundred-thousand-kids.pdf",
           "page-tree-loop.pdf", "deep-arrays.pdf", "deep-dicts.pdf", "deep-content.pdf",
           "decompression-bomb.pdf", "nul-bytes.pdf"}


@pytest.fixture(scope="module")
def corpus() -> dict[str, bytes]:
    return broken.broken_pdfs(seed=0)


def root(data: bytes) -> pypdf.generic.DictionaryObject:
    """The catalog of a PDF read strictly: a wrong cross-reference offset is an error, not a repair."""
    return pypdf.PdfReader(io.BytesIO(data), strict=True).trailer["/Root"]


def test_the_corpus_is_the_same_for_a_seed_and_names_every_case(corpus):
    assert broken.broken_pdfs(seed=0) == corpus
    assert set(broken.broken_pdfs(seed=1)) != set(corpus)  # other cuts and flips
    assert ATTACKS <= set(corpus)
    assert sum(name.startswith("cut-") for name in corpus) == 12 and sum(name.startswith("flip-") for name in corpus) == 12
    good = {p.stem[:24]: p.read_bytes() for p in broken.good_pdfs()}
    for name, data in corpus.items():
        if name.startswith("cut-"):  # cut-NN-<article>-at-<offset>.pdf: that article's first <offset> bytes
            stem, offset = name[7:-4].rsplit("-at-", 1)
            assert data == good[stem][: int(offset)], name


def test_the_primitives_cut_and_flip_as_documented():
    data = bytes(range(10))
    assert broken.truncate(data, 4) == data[:4] and broken.truncate(data, 99) == data and broken.truncate(data, -1) == b""
    flipped = broken.flip(data, [1, 12])  # 12 wraps to 2
    assert [i for i in range(10) if flipped[i] != data[i]] == [1, 2]
    assert broken.flip(flipped, [1, 12]) == data and broken.flip(b"", [3]) == b""


def test_the_structural_attacks_are_well_formed_pdfs_carrying_their_attack(corpus):
    assert root(broken.pdf_file(broken._one_page()))["/Pages"]["/Count"] == 1  # the control: one honest page
    assert root(corpus["million-pages.pdf"])["/Pages"]["/Count"] == 1_000_000
    kids = root(broken.many_kids(1000))["/Pages"]["/Kids"]
    assert len(kids) == 1000 and {k.idnum for k in kids} == {3}
    assert 2 in {k.idnum for k in root(corpus["page-tree-loop.pdf"])["/Pages"]["/Kids"]}  # lists itself
    assert b"/Deep " + b"[" * 50 + b"]" * 50 + b">>" in broken.deep_arrays(50)
    assert b"<</A " * 50 + b">>" * 51 in broken.deep_dicts(50)


def test_the_decompression_bomb_inflates_to_what_it_says():
    bomb = broken.decompression_bomb(inflated=32 * 1024**2)
    stream = bomb.split(b"stream\n", 1)[1].rsplit(b"\nendstream", 1)[0]
    assert len(stream) < 64 * 1024  # a thousandth-ish of what it inflates to
    assert zlib.decompress(stream) == b" " * (32 * 1024**2)  # the checksum holds too


def test_the_broken_listings_lie_the_way_their_names_say():
    pages = broken.broken_listings(LINKS)
    good = broken.listing_page(LINKS)
    assert pages["utf16-claiming-utf8"].decode("utf-16").count("<a href=") == 2
    assert b'charset="utf-8"' not in pages["utf16-claiming-utf8"]  # the claim is there, but in UTF-16
    assert 'charset="utf-8"'.encode("utf-16-le") in pages["utf16-claiming-utf8"]
    assert pages["cp1256-claiming-utf8"].decode("cp1256").count("گزارش اول") == 1
    assert pages["utf8-claiming-cp1256"] == broken.listing_page(LINKS, charset="windows-1256")
    assert pages["deep-nesting-1000"].count(b"<div>") == 1000 and pages["truncated"] == good[: len(good) * 2 // 3]
    assert broken.broken_listings(LINKS) == pages
