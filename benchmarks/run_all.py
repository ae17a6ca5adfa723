"""`make bench`: run every benchmarks/bench_*.py and rewrite BENCHMARKS.md with the results.

Each script answers one question and prints newsmon's figure beside its baseline, measured
in the same run; this file only collects what they print, with the command to repeat it.
"""

from __future__ import annotations

import ast
import datetime as dt
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def question(script: Path) -> str:
    doc = ast.get_docstring(ast.parse(script.read_text(encoding="utf-8"))) or script.stem
    return doc.strip().splitlines()[0]


def run(script: Path) -> tuple[str, float, int]:
    started = time.monotonic()
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    output = proc.stdout.strip() or "(no output)"
    if proc.returncode != 0:
        output += f"\n\nFAILED (exit {proc.returncode}):\n{proc.stderr.strip()[-3000:]}"
    return output, time.monotonic() - started, proc.returncode


def main(argv: list[str]) -> int:
    every = sorted(HERE.glob("bench_*.py"))
    scripts = [s for s in every if any(a in s.name for a in argv)] if argv else every
    left_out = [s.name for s in every if s not in scripts]
    sections = [
        "# Benchmarks",
        "",
        (f"Written by `make bench` (`benchmarks/run_all.py`) on {dt.date.today().isoformat()}, "
         f"Python {platform.python_version()}, {os.cpu_count()} cores. Every figure below is printed "
         "by the script named, beside its baseline measured in the same run."),
    ]
    failed = 0
    for script in scripts:
        print(f"running {script.name} ...", flush=True)
        output, seconds, code = run(script)
        failed += code != 0
        sections += ["", f"## {question(script)}", "",
                     f"`.venv/bin/python benchmarks/{script.name}` ({seconds:.0f} s)", "",
                     "```", output, "```"]
    if left_out:
        sections += ["", f"Not run in this write (run `make bench` for all): {', '.join(left_out)}."]
    (ROOT / "BENCHMARKS.md").write_text("\n".join(sections) + "\n", encoding="utf-8")
    print(f"BENCHMARKS.md written ({len(scripts)} benchmarks, {failed} failed)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
