"""The stages run by the profile they are handed, never by one they look up.

What lets a test, a benchmark or an operator run a stage with other settings (no pace on a
loopback mirror, a profile file not yet shipped) without patching anything."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest

from newsmon import pipeline
from newsmon.cli import main
from newsmon.sources import load_profile
from tests.profiles import fast_profile, fast_profile_file

ROOT = Path(__file__).resolve().parents[2]
DAY = dt.date(2020, 1, 2)
STAGES = [pipeline.discover_stage, pipeline.fetch_stage, pipeline.parse_stage, pipeline.validate_stage,
          pipeline.load_stage, pipeline.run_day]


@pytest.mark.parametrize("stage", STAGES, ids=lambda s: s.__name__)
def test_a_stage_given_a_source_name_says_what_it_takes(stage, newsmon_home):
    with pytest.raises(TypeError) as err:
        stage("afgazad", DAY)
    assert str(err.value) == (f"{stage.__name__}: takes a SourceProfile (newsmon.sources.load_profile('afgazad')), "
                              "not a str")
    assert not newsmon_home.exists()  # refused before anything was written


def test_discovery_follows_the_profile_it_is_given(mirror, newsmon_home):
    shipped = fast_profile()
    assert pipeline.discover_stage(shipped, DAY, mirror.base_url)["candidates"] > 0
    elsewhere = dataclasses.replace(shipped, discovery=dataclasses.replace(
        shipped.discovery, listing_path="/nowhere/%Y/%m/%d/index.html"))
    assert pipeline.discover_stage(elsewhere, DAY, mirror.base_url, force=True)["candidates"] == 0


def test_a_profile_file_loads_to_the_profile_the_tests_pass_in(tmp_path):
    path = fast_profile_file(tmp_path, "darya", read_timeout_s=2.0, retries=1)
    assert load_profile(path) == fast_profile("darya", read_timeout_s=2.0, retries=1)
    assert load_profile(path).fetch.requests_per_second == 0 != load_profile("darya").fetch.requests_per_second


def test_newsmon_run_takes_a_profile_file(mirror, newsmon_home, tmp_path, capsys):
    """The file's settings are the run's: here a listing path where the mirror has nothing."""
    path = fast_profile_file(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace("/archive/", "/nowhere/"), encoding="utf-8")
    assert main(["run", "--source", str(path), "--date", DAY.isoformat(), "--base-url", mirror.base_url]) == 0
    assert '"discovered": 0' in capsys.readouterr().out
    assert (newsmon_home / "staging" / "afgazad" / DAY.isoformat()).is_dir()  # filed under the profile's name


PATCHED_LOOKUP = re.compile(r"setattr\([^)]*[\"']load_profile[\"']|\.load_profile\s*=[^=]")


def lookup_patches(root: Path) -> list[str]:
    """Files under tests/ and benchmarks/ that swap `load_profile` for something else (but this
    one, which plants such lines to show the check fails)."""
    return sorted(str(p.relative_to(root)) for folder in ("tests", "benchmarks") for p in (root / folder).rglob("*.py")
                  if p != Path(__file__).resolve() and PATCHED_LOOKUP.search(p.read_text(encoding="utf-8")))


def test_no_test_or_benchmark_patches_the_profile_lookup(tmp_path):
    assert lookup_patches(ROOT) == []
    (tmp_path / "tests").mkdir()
    (tmp_path / "benchmarks").mkdir()
    (tmp_path / "tests" / "test_a.py").write_text('monkeypatch.setattr(pipeline, "load_profile", lambda n: P)\n')
    (tmp_path / "benchmarks" / "bench_b.py").write_text("pipeline.load_profile = fast\nok = x.load_profile == y\n")
    assert lookup_patches(tmp_path) == ["benchmarks/bench_b.py", "tests/test_a.py"]
