"""The staging area: the files one (source, date) run hands from stage to stage.

Data moves between tasks as files here, never through XCom (which carries only the
small summaries the stage functions return). Every write is atomic (write a temporary
file, then rename), so a killed task never leaves half a file for the next one.

A JSON file whose bytes would not change is left as it is, not rewritten: a re-run of a
date mostly reproduces its files (candidates, failures), and replacing a file costs far
more than reading it (ext4 flushes the new data before a rename over an existing file).
A list is written one element per line: still one JSON document, readable, and encoded by
`json`'s C encoder (an indented dump is encoded in pure Python).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from newsmon import settings
from newsmon.records import FAILURE_FIELDS, FailureRecord


class Staging:
    def __init__(self, source: str, day: dt.date) -> None:
        self.source = source
        self.day = day
        self.dir = settings.staging_dir(source, day)

    def path(self, name: str) -> Path:
        return self.dir / name

    def write_json(self, name: str, data: Any) -> Path:
        """Write `data` as JSON, atomically; unchanged bytes leave the file untouched."""
        return self._replace_if_changed(name, dumps(data))

    def read_json(self, name: str) -> Any:
        path = self.path(name)
        if not path.is_file():
            raise FileNotFoundError(f"staging file {path} is missing: run the stage that writes it first")
        return json.loads(path.read_text(encoding="utf-8"))

    def read_json_or(self, name: str, default: Any) -> Any:
        """A file a stage may run without (e.g. a re-parse from the archive alone)."""
        return self.read_json(name) if self.path(name).is_file() else default

    def write_parquet(self, name: str, frame: pd.DataFrame | pa.Table) -> Path:
        table = frame if isinstance(frame, pa.Table) else pa.Table.from_pandas(frame, preserve_index=False)
        return self._atomic(name, lambda tmp: pq.write_table(table, tmp))

    def read_parquet(self, name: str) -> pd.DataFrame:
        path = self.path(name)
        if not path.is_file():
            raise FileNotFoundError(f"staging file {path} is missing: run the stage that writes it first")
        return pq.read_table(path).to_pandas()

    def write_failures(self, stage: str, failures: list[FailureRecord]) -> Path:
        return self.write_json(f"failures-{stage}.json", [f.to_dict() for f in failures])

    def all_failures(self) -> pd.DataFrame:
        """Failures of every stage run so far for this date."""
        rows: list[dict[str, Any]] = []
        for path in sorted(self.dir.glob("failures-*.json")):
            rows.extend(json.loads(path.read_text(encoding="utf-8")))
        frame = pd.DataFrame(rows, columns=FAILURE_FIELDS)
        frame["run_date"] = pd.to_datetime(frame["run_date"]).dt.date
        frame["at"] = pd.to_datetime(frame["at"], utc=True)
        return frame

    def _replace_if_changed(self, name: str, data: bytes) -> Path:
        """`data` under `name`, atomically, unless the file already holds exactly these bytes."""
        final = self.path(name)
        try:
            with open(final, "rb") as fh:
                # Compare only a file of the same size (a stat, not a read, rules most changes out).
                if os.fstat(fh.fileno()).st_size == len(data) and fh.read() == data:
                    return final
        except OSError:  # missing (first run) or unreadable: write it
            pass
        return self._atomic(name, lambda tmp: tmp.write_bytes(data))

    def _atomic(self, name: str, write: Callable[[Path], object]) -> Path:
        final = self.path(name)
        tmp = final.with_name(f".{final.name}.{os.getpid()}.tmp")
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            write(tmp)
            tmp.replace(final)  # the temporary file is gone with the rename: nothing to clean up
        except OSError as exc:  # full disk, unwritable folder...: say which file, in one line
            try:
                tmp.unlink(missing_ok=True)
            except OSError:  # the folder itself is unusable: nothing was left there
                pass
            raise StagingError(f"cannot write staging file {final}: {exc.strerror or exc}") from exc
        except BaseException:  # e.g. a parquet writer error, KeyboardInterrupt: no temporary file left
            tmp.unlink(missing_ok=True)
            raise
        return final


def dumps(data: Any) -> bytes:
    """Staging JSON: a list one element per line (compact, C-encoded), anything else compact."""
    if isinstance(data, list) and data:
        rows = ",\n".join(json.dumps(row, ensure_ascii=False, default=str) for row in data)
        return f"[\n{rows}\n]\n".encode()
    return (json.dumps(data, ensure_ascii=False, default=str) + "\n").encode("utf-8")


class StagingError(OSError):
    """A staging file could not be written (the message names the file and the reason)."""
