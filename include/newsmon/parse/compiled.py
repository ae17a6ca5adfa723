"""The parser's modules compiled to C with mypyc: the same code, run faster.

Issue 12 asks the full parse for half of raw pdfium's pages per second at least. Past pdfium's
own work, what the parser costs is Python: the per-line repairs of pdf.py and arabic.py, the
layout, the header. Those modules are typed for mypy --strict already, so mypyc (part of mypy)
compiles them as they stand: their dataclasses become native classes, their calls to each other
C calls. `make install` builds them into _compiled/ beside this file (`python -m
newsmon.parse.native modules`), with a manifest of the SHA-256 of each source it compiled.

`use()` (run by newsmon/parse/__init__.py) puts _compiled/ first on the package's path only when
the manifest was written for this Python and every source still has its hash: a module edited
since its build never runs from the old build; the parser then runs as the Python it is (mypyc
compiles the modules as one group, used whole or not at all). NEWSMON_COMPILED=0 runs the Python
too (tests compare the two). Where nothing was built (no C compiler, a plain pip install), the
parser gives the same records, slower.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
DIRECTORY = PACKAGE_DIR / "_compiled"
MANIFEST = DIRECTORY / "manifest.json"
DISABLE_ENV = "NEWSMON_COMPILED"
# The modules compiled: the parser's PDF path. The HTML parser, native.py and guard.py (the child
# process's wrapper, nothing to gain) stay Python. (mypyc 2.4.1 types a name bound by two except
# clauses of one try as the first clause's exception: the second's raised TypeError; give each
# clause a name of its own.)
MODULES = ("arabic", "article", "bidi_numbers", "char_classes", "content_stream", "dates", "displaced_punctuation",
           "drawn_order", "font_program", "glyph_text", "header", "language", "latin_spaces", "layout", "pdf", "stats",
           "style", "text", "textlayer", "zwnj_spaces")
# mypyc's group, one shared library: its name ends in __mypyc, inside this package.
GROUP = "newsmon.parse.compiled_group"
# A CPython extension built with them, used by the compiled pdf.py where it is there: its hottest
# pdfium reads (a line's boxes, facts, pens, ZWNJ gaps), each one call with int arguments
# (box_reads.c, which compiles glyph_boxes.c in too; ctypes' calls of pdfium and glyph_boxes.c else),
# and char_classes.py's loop (char_classes.c, compiled in too; the patterns' own searches else).
EXTENSION_SOURCE = "box_reads.c"
EXTENSION_SOURCES = (EXTENSION_SOURCE, "glyph_boxes.c", "char_classes.c")
# The build's own mypy settings: the project's (pyproject.toml) fail a build of a part of the tree
# on its unused sections; the types are the same ones `mypy` checks in CI.
_MYPY_CONFIG = "[mypy]\npython_version = 3.11\nignore_missing_imports = True\n"
_BUILD = """
import os, sys
from setuptools import setup
from mypyc.build import mypycify
work, opt_level, group, *paths = sys.argv[1:]
from concurrent.futures import ThreadPoolExecutor
from setuptools.command.build_ext import build_ext
options = ["--config-file", os.path.join(work, "mypy.ini"), "--cache-dir", os.path.join(work, "cache")]
modules = mypycify([*options, *paths], opt_level=opt_level, multi_file=True, separate=[(paths, group)],
                   target_dir=os.path.join(work, "c"))
from setuptools import Extension
boxes = Extension("newsmon.parse._box_reads", [os.path.join("newsmon", "parse", "box_reads.c")],
                  extra_compile_args=["-g0", "-Wno-all"])
for module in modules:  # (the group's header is written in the package's folder of the C tree)
    module.include_dirs.append(os.path.join(work, "c", *group.split(".")[:-1]))
    # (calls inside the library direct, and open to inlining: nothing outside calls its functions.
    # No debug information and no -Wall, which this Python's CFLAGS and mypyc ask for: neither
    # changes an instruction, and on pdf's C, half of the build's, gcc took 80 s with both and 32 s
    # without, quiet machine)
    module.extra_compile_args += ["-fno-semantic-interposition", "-fvisibility=hidden", "-g0", "-Wno-all"]

class ParallelBuild(build_ext):  # each C file of a module on a core of its own (distutils: one by one)

    def build_extension(self, ext):
        compile_one = self.compiler.compile
        def compile_all(sources, *args, **kwargs):
            # the largest first (pdf's and arabic's C take ~30 s each, most others seconds): begun
            # last, a large one ran on alone at the end
            largest = sorted(sources, key=lambda source: -os.path.getsize(source))
            with ThreadPoolExecutor(os.cpu_count() or 1) as pool:
                objects = dict(zip(largest, pool.map(lambda source: compile_one([source], *args, **kwargs), largest)))
                return [name for source in sources for name in objects[source]]
        self.compiler.compile = compile_all
        try:
            super().build_extension(ext)
        finally:
            self.compiler.compile = compile_one

setup(name="newsmon-parse-compiled", cmdclass={"build_ext": ParallelBuild}, ext_modules=[*modules, boxes], script_args=[
    "-q", "build_ext", "--build-lib", os.path.join(work, "lib"), "--build-temp", os.path.join(work, "temp")])
"""


def _tag() -> str:
    """What a build is for: this Python's extension suffix (its version and ABI)."""
    return str(sysconfig.get_config_var("EXT_SUFFIX"))


def _hashes() -> dict[str, str]:
    """SHA-256 of each compiled module's source as it is now, and of the extension's."""
    sources = [f"{name}.py" for name in MODULES] + list(EXTENSION_SOURCES)
    return {Path(source).stem if source.endswith(".py") else source: hashlib.sha256(
        (PACKAGE_DIR / source).read_bytes()).hexdigest() for source in sources}


def fresh() -> bool:
    """Whether _compiled/ holds a build of exactly today's sources for this Python."""
    try:
        manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(manifest, dict) and manifest.get("tag") == _tag() and manifest.get("sources") == _hashes()


def use(package_path: list[str]) -> bool:
    """Put _compiled/ first on the package's `__path__` when it is fresh and not disabled."""
    if os.environ.get(DISABLE_ENV, "").strip().lower() in ("0", "false", "no") or not fresh():
        return False
    package_path.insert(0, str(DIRECTORY))
    return True


def build(opt_level: str = "3") -> str:
    """Compile MODULES into DIRECTORY with mypyc and the system C compiler; a one-line outcome.

    The build is made in a temporary folder and put in place whole, the manifest last, so a
    failed or interrupted build leaves no half of one that `use()` would take."""
    if not (os.environ.get("CC") or shutil.which("cc") or shutil.which("gcc")):
        return "no C compiler: the parser's modules not compiled (it runs as Python, slower)"
    hashes = _hashes()
    paths = [f"newsmon/parse/{name}.py" for name in MODULES]
    with tempfile.TemporaryDirectory(prefix="newsmon-mypyc-") as work:
        Path(work, "mypy.ini").write_text(_MYPY_CONFIG, encoding="utf-8")
        result = subprocess.run([sys.executable, "-c", _BUILD, work, opt_level, GROUP, *paths],  # noqa: S603 - no shell; fixed arguments
                                cwd=PACKAGE_DIR.parents[1], capture_output=True, text=True, check=False)
        built = sorted(Path(work, "lib", "newsmon", "parse").glob(f"*{_tag()}"))
        if result.returncode != 0 or len(built) != len(MODULES) + 2:  # (and the group's library, the extension)
            errors = [line for line in (result.stdout + result.stderr).splitlines() if "error" in line.lower()]
            return (f"the parser's modules did not compile ({(errors or ['?'])[0].strip()[:200]}): "
                    "it runs as Python, slower")
        staging = DIRECTORY.with_name("_compiled.new")
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
        for library in built:
            shutil.copy2(library, staging / library.name)
        (staging / "manifest.json").write_text(json.dumps({"tag": _tag(), "sources": hashes}, indent=1) + "\n",
                                               encoding="utf-8")
    shutil.rmtree(DIRECTORY, ignore_errors=True)
    staging.rename(DIRECTORY)
    return f"compiled {len(MODULES)} parser modules into {DIRECTORY}"
