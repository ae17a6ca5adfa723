"""Migration 012 on a warehouse written before it (issue 17 item 4): the LSH bucket rows go from
(band, 64-bit bucket, VARCHAR article_id) to (band, 32-bit bucket, integer doc), every signature
gets its doc, the next loads find candidates among the migrated buckets, and a second migrate
does nothing.

The "before" warehouse is what the code before 012 left: its bucket rows are recomputed here from
the stored signatures with `band_buckets` (unchanged since 010) and written in 010's layout,
`doc` dropped, version 12 unrecorded. The expected 32-bit buckets are folded here in plain
Python (the low 32 bits, read as a signed integer), not by the code under test."""

from __future__ import annotations

from tests.lsh_data import check_migration_012, load_copy, republished


def test_migration_012_converts_a_warehouse_written_before_it(mirror_copy):
    load_copy(mirror_copy, republished())
    check_migration_012(mirror_copy)

