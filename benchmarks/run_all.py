"""`make bench`: run every benchmarks/bench_*.py and rewrite BENCHMARKS.md with the results.

Each script answers one question and prints newsmon's figure beside its baseline, measured
in the same run; this file only collects what they print, with the command to repeat it.
"""

from __future__ import annotations

import ast
import datetime as dt
import os
import platform
import re
import shlex
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def question(script: Path) -> str:
    """The script's question: its docstring's first paragraph, on one line."""
    doc = ast.get_docstring(ast.parse(script.read_text(encoding="utf-8"))) or script.stem
    return " ".join(doc.strip().split("\n\n")[0].split())


def run(script: Path) -> tuple[str, float, int]:
    started = time.monotonic()
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "include"), str(ROOT)])})
    output = proc.stdout.strip() or "(no output)"
    if proc.returncode != 0:
        output += f"\n\nFAILED (exit {proc.returncode}):\n{proc.stderr.strip()[-3000:]}"
    return output, time.monotonic() - started, proc.returncode


def bench_settings() -> str:
    """The BENCH_* variables of this run as they are typed before the command (`BENCH_ARTICLES=…
    `): a figure measured at another size than the script's default says so."""
    return "".join(f"{k}={shlex.quote(v)} " for k, v in sorted(os.environ.items()) if k.startswith("BENCH_"))


def earlier_sections(text: str) -> dict[str, list[str]]:
    """The sections of an existing BENCHMARKS.md by script name (a section's command line names
    its script), so that a partial run keeps the figures of the benchmarks it did not run."""
    sections: dict[str, list[str]] = {}
    chunks = text.split("\n## ")[1:]
    for chunk in chunks:
        for line in chunk.splitlines():
            if line.startswith("`") and ".venv/bin/python benchmarks/bench_" in line:
                name = line.split("benchmarks/", 1)[1].split("`", 1)[0].split()[0]
                body = re.split(r"\n\n(?:Not run in this write|Kept from an earlier write)", chunk, maxsplit=1)[0]
                sections[name] = ["", "## " + body.rstrip("\n")]
                break
    return sections


def main(argv: list[str]) -> int:
    every = sorted(HERE.glob("bench_*.py"))
    scripts = [s for s in every if any(a in s.name for a in argv)] if argv else every
    target = ROOT / "BENCHMARKS.md"
    earlier = earlier_sections(target.read_text(encoding="utf-8")) if target.exists() and argv else {}
    sections = [
        "# Benchmarks",
        "",
        (f"Written by `make bench` (`benchmarks/run_all.py`) on {dt.date.today().isoformat()}, "
         f"Python {platform.python_version()}, {os.cpu_count()} cores. Every figure below is printed "
         "by the script named, beside its baseline measured in the same run."),
    ]
    failed = 0
    kept = []
    for script in every:
        if script not in scripts:
            if script.name in earlier:  # not run now: its figures of the earlier write, dated there
                sections += earlier[script.name]
                kept.append(script.name)
            continue
        print(f"running {script.name} ...", flush=True)
        output, seconds, code = run(script)
        failed += code != 0
        sections += ["", f"## {question(script)}", "",
                     (f"`{bench_settings()}.venv/bin/python benchmarks/{script.name}` "
                      f"({seconds:.0f} s, {dt.date.today().isoformat()})"),
                     "", "```", output, "```"]
    if kept:
        sections += ["", f"Kept from an earlier write (run `make bench` for all at once): {', '.join(kept)}."]
    target.write_text("\n".join(sections) + "\n", encoding="utf-8")
    print(f"BENCHMARKS.md written ({len(scripts)} benchmarks, {failed} failed)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
