"""Small deterministic pictures (the mirror generator's drawing), as PNG bytes or a file."""

from __future__ import annotations

from pathlib import Path

from tools.corpus.mirror import make_image

ASPECT = 0.62  # height / width of every picture


def picture_png(seed: str) -> bytes:
    """A 120 x 74 px 'photo': small on disk, scaled up by the producer."""
    return make_image(seed, width=120, height=74)


def picture_file(seed: str, directory: Path) -> Path:
    path = directory / (seed.replace("/", "_") + ".png")
    if not path.exists():
        path.write_bytes(picture_png(seed))
    return path
