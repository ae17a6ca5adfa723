"""`make bench` run for some benchmarks keeps the others' sections, once each, without the footer."""

from __future__ import annotations

from benchmarks.run_all import earlier_sections

WRITTEN = """# Benchmarks

Written by `make bench`.

## How fast is A?

`.venv/bin/python benchmarks/bench_a.py` (3 s, 2026-12-01)

```
a: 1.0
```

## How fast is B?

`.venv/bin/python benchmarks/bench_b.py` (4 s, 2026-12-02)

```
b: 2.0
```

Kept from an earlier write (run `make bench` for all at once): bench_a.py.
"""


def test_a_kept_section_leaves_the_footer_of_the_last_write_behind():
    sections = earlier_sections(WRITTEN)
    assert sorted(sections) == ["bench_a.py", "bench_b.py"]
    last = "\n".join(sections["bench_b.py"])
    assert last.endswith("b: 2.0\n```")
    assert "Kept from" not in last
    assert "\n".join(sections["bench_a.py"]).endswith("a: 1.0\n```")


def test_a_section_measured_with_bench_settings_is_kept_by_its_script_name():
    text = WRITTEN.replace("`.venv/bin/python benchmarks/bench_a.py`",
                           "`BENCH_ARTICLES=200000 .venv/bin/python benchmarks/bench_a.py`")
    assert "BENCH_ARTICLES=200000" in "\n".join(earlier_sections(text)["bench_a.py"])


def test_the_command_line_names_the_bench_settings_of_the_run(monkeypatch):
    from benchmarks.run_all import bench_settings

    monkeypatch.setenv("BENCH_ARTICLES", "200000")
    monkeypatch.setenv("BENCH_TMP", "/scratch/a dir")
    assert bench_settings() == "BENCH_ARTICLES=200000 BENCH_TMP='/scratch/a dir' "
