"""Files written whole for readers: a page, a report, a vendored asset.

Why: a reader (the plugin serving a report or a Data Docs page, a browser) must never see half
a file, and two writers (overlapping backfills building the same Data Docs) must not corrupt
one: the bytes go to a temporary file in the same folder, which is then renamed over the old.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(target: Path, data: bytes) -> None:
    """Write `target` whole, readable by all (mkstemp makes 0600): a reader, or a second
    writer, sees the old file or the new one."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
