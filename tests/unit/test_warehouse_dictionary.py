"""docs/warehouse.md and the schema must agree: every table, view, column and type."""

from __future__ import annotations

import re
from pathlib import Path

from newsmon.warehouse import open_for_write

DOC = Path(__file__).resolve().parents[2] / "docs" / "warehouse.md"
_HEADING = re.compile(r"^### (\w+) \((table|view)\)\s*$")
_ROW = re.compile(r"^\|\s*(\w+)\s*\|\s*([^|]+?)\s*\|\s*([^|]*?)\s*\|\s*$")
SCHEMA = """
SELECT t.table_name, CASE t.table_type WHEN 'VIEW' THEN 'view' ELSE 'table' END, c.column_name, c.data_type
FROM information_schema.tables t
JOIN information_schema.columns c USING (table_catalog, table_schema, table_name)
WHERE t.table_schema = 'main' AND t.table_catalog = current_database()
ORDER BY 1, c.ordinal_position
"""


def documented() -> dict[tuple[str, str], dict[str, tuple[str, str]]]:
    """{(name, kind): {column: (type, description)}} from the document."""
    out: dict[tuple[str, str], dict[str, tuple[str, str]]] = {}
    current = None
    for line in DOC.read_text(encoding="utf-8").splitlines():
        heading = _HEADING.match(line)
        if heading:
            current = out.setdefault((heading.group(1), heading.group(2)), {})
            continue
        row = _ROW.match(line)
        if current is not None and row and row.group(1) != "column":
            current[row.group(1)] = (row.group(2), row.group(3))
    return out


def actual(tmp_path) -> dict[tuple[str, str], dict[str, str]]:
    con = open_for_write(tmp_path / "w.duckdb")
    try:
        out: dict[tuple[str, str], dict[str, str]] = {}
        for name, kind, column, dtype in con.execute(SCHEMA).fetchall():
            out.setdefault((name, kind), {})[column] = dtype
        return out
    finally:
        con.close()


def test_every_table_and_view_is_documented_and_nothing_else(tmp_path):
    doc, schema = documented(), actual(tmp_path)
    assert sorted(set(schema) - set(doc)) == [], "in the schema, missing from docs/warehouse.md"
    assert sorted(set(doc) - set(schema)) == [], "in docs/warehouse.md, not in the schema"


def test_every_column_is_documented_with_its_type_and_a_description(tmp_path):
    doc, schema = documented(), actual(tmp_path)
    for key, columns in schema.items():
        described = doc.get(key, {})
        assert list(described) == list(columns), f"{key[0]}: columns (in order) differ from docs/warehouse.md"
        for column, dtype in columns.items():
            doc_type, description = described[column]
            assert doc_type == dtype, f"{key[0]}.{column}: schema says {dtype}, docs/warehouse.md says {doc_type}"
            assert description, f"{key[0]}.{column}: no description in docs/warehouse.md"
