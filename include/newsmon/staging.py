"""The staging area: the files one (source, date) run hands from stage to stage.

Data moves between tasks as files here, never through XCom (which carries only the
small summaries the stage functions return). Every write is atomic (write a temporary
file, then rename), so a killed task never leaves half a file for the next one.
"""

from __future__ import annotations

import datetime as dt
import json
import os
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
        return self._atomic(name, lambda tmp: tmp.write_text(
            json.dumps(data, ensure_ascii=False, indent=1, default=str), encoding="utf-8"))

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

    def _atomic(self, name: str, write) -> Path:
        final = self.path(name)
        tmp = final.with_name(f".{final.name}.{os.getpid()}.tmp")
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            write(tmp)
            tmp.replace(final)
        except OSError as exc:  # full disk, unwritable folder...: say which file, in one line
            raise StagingError(f"cannot write staging file {final}: {exc.strerror or exc}") from exc
        finally:
            try:
                tmp.unlink(missing_ok=True)
            except OSError:  # the folder itself is unusable: nothing was left there
                pass
        return final


class StagingError(OSError):
    """A staging file could not be written (the message names the file and the reason)."""
