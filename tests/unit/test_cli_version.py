"""`newsmon --version`: the installed distribution's version, one line on stdout, exit 0."""

from __future__ import annotations

import importlib.metadata
import re
import subprocess
import sys

import pytest

from newsmon.cli import main


def test_version_prints_the_installed_distributions_version():
    proc = subprocess.run([sys.executable, "-m", "newsmon.cli", "--version"], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0 and proc.stderr == ""
    assert proc.stdout == f"newsmon {importlib.metadata.version('newsmon')}\n"
    assert re.fullmatch(r"newsmon \d+\.\d+\.\d+\S*\n", proc.stdout)


def test_version_says_so_when_newsmon_is_not_installed(monkeypatch, capsys):
    def not_installed(name):
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "version", not_installed)
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out == "newsmon (not installed: no package metadata)\n"
