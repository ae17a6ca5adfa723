"""Batch conversion of ODT/FODT/DOCX files to PDF with headless LibreOffice."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

BATCH = 30


def convert(sources: list[Path], out_dir: Path) -> None:
    """One soffice run per batch, with a profile of our own (the mirror generator uses another)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise SystemExit("soffice not found: apt-get install libreoffice-writer-nogui")
    profile = Path(tempfile.gettempdir()) / f"newsmon-variants-lo-profile-{os.getuid()}"
    for start in range(0, len(sources), BATCH):
        batch = sources[start:start + BATCH]
        cmd = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
               "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(out_dir), *map(str, batch)]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=900)
    missing = [s.name for s in sources if not (out_dir / f"{s.stem}.pdf").is_file()]
    if missing:
        raise RuntimeError(f"LibreOffice wrote no PDF for {missing}")
