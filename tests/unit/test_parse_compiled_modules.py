"""The parser's modules as mypyc compiled them (parse/compiled.py): used only when built from
today's sources, and giving the very records the Python gives.

`make install` builds them; a build of older sources, one for another Python, or
NEWSMON_COMPILED=0 leaves the parser in Python.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from newsmon.parse import compiled

ROOT = Path(__file__).resolve().parents[2]
# Each path's record (or refusal) as one process parses it, and where its parser was imported from.
RECORDS_OF = """
import dataclasses, json, sys
from pathlib import Path
import newsmon.parse.pdf
from newsmon.parse.article import parse_pdf_article
from newsmon.sources import load_profile
profile = load_profile("afgazad")
out = {"module": newsmon.parse.pdf.__file__, "records": {}}
for path in sys.argv[1:]:
    try:
        record = dataclasses.asdict(parse_pdf_article(Path(path).read_bytes(), url="https://www.afgazad.com/a.pdf",
                                                      profile=profile))
        record.pop("fetched_at")
    except ValueError as exc:  # ParseError, PdfError: refused the same way or not
        record = {"refused": f"{type(exc).__name__}: {exc}"}
    out["records"][path] = record
print(json.dumps(out, ensure_ascii=False, default=str, sort_keys=True))
"""


def _manifest(directory: Path, **changes: object) -> None:
    directory.mkdir(exist_ok=True)
    manifest = {"tag": compiled._tag(), "sources": compiled._hashes()} | changes
    (directory / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


@pytest.fixture
def build_dir(tmp_path, monkeypatch):
    directory = tmp_path / "_compiled"
    monkeypatch.setattr(compiled, "DIRECTORY", directory)
    monkeypatch.setattr(compiled, "MANIFEST", directory / "manifest.json")
    monkeypatch.delenv(compiled.DISABLE_ENV, raising=False)
    return directory


def test_a_build_of_todays_sources_goes_first_on_the_package_path(build_dir):
    _manifest(build_dir)
    path = ["/the/package"]
    assert compiled.use(path) is True
    assert path == [str(build_dir), "/the/package"]


@pytest.mark.parametrize("changes", [
    {"sources": {**compiled._hashes(), "arabic": "0" * 64}},  # a module edited since the build
    {"sources": {**compiled._hashes(), compiled.EXTENSION_SOURCE: "0" * 64}},  # the box reader's C, likewise
    {"sources": {name: digest for name, digest in compiled._hashes().items() if name != "pdf"}},  # one not built
    {"tag": ".cpython-310-x86_64-linux-gnu.so"},  # built for another Python
])
def test_a_build_of_other_sources_or_for_another_python_is_not_used(build_dir, changes):
    _manifest(build_dir, **changes)
    path = ["/the/package"]
    assert compiled.use(path) is False
    assert path == ["/the/package"]


def test_no_build_a_broken_manifest_or_the_switch_off_leave_the_parser_in_python(build_dir, monkeypatch):
    path: list[str] = []
    assert compiled.use(path) is False  # nothing built
    build_dir.mkdir()
    (build_dir / "manifest.json").write_text("{not json", encoding="utf-8")
    assert compiled.use(path) is False
    _manifest(build_dir)
    monkeypatch.setenv(compiled.DISABLE_ENV, "0")
    assert compiled.use(path) is False
    assert path == []


def test_make_install_compiled_the_parser_from_todays_sources():
    assert compiled.fresh(), (f"{compiled.MANIFEST} missing or of other sources: run `make install` "
                              "(it compiles the parser's modules again)")


def _records(paths: list[str], **env: str) -> dict[str, object]:
    result = subprocess.run([sys.executable, "-c", RECORDS_OF, *paths], capture_output=True, text=True, check=True,
                            cwd=ROOT, env=os.environ | env, timeout=600)
    return json.loads(result.stdout)


def test_the_compiled_parser_gives_the_records_the_python_gives():
    """Every committed PDF of the tests and of the dev partition, parsed by each in a process of
    its own: the same records (or the same refusals), field for field."""
    paths = sorted(str(path) for directory in ("tests/data", "include/newsmon/testing/corpus", "corpus/variants/dev")
                   for path in (ROOT / directory).rglob("*.pdf"))
    assert len(paths) > 250
    built = _records(paths)
    python = _records(paths, **{compiled.DISABLE_ENV: "0"})
    assert str(compiled.DIRECTORY) in built["module"] and built["module"].endswith(".so")
    assert python["module"].endswith("pdf.py")
    differ = [path for path in paths if built["records"][path] != python["records"][path]]
    assert not differ, f"{len(differ)} records differ, first {differ[0]}"
