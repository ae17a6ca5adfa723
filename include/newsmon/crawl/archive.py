"""The raw archive: every HTTP response of a run, as a gzipped WARC file.

Each run writes a new file (`<raw>/<date>/<timestamp>.warc.gz`) and never rewrites an
old one, so nothing fetched is ever lost; a record is addressed as `file#offset`
(`raw_ref`), which is enough to re-parse it later without the network. A run that received
no response at all (everything still fresh, or nothing asked) leaves no file: the file is
created with its first record.

`read_archived` is the reader for a `raw_ref` that comes from elsewhere (the warehouse row of
an article the plugin serves): it reads only a WARC file inside the archive it is given.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter


@dataclass
class ArchivedResponse:
    url: str
    status: int
    headers: dict[str, str]
    body: bytes
    raw_ref: str
    date: str


class WarcArchive:
    """Append-only writer of one WARC file; open it with a `with` block (the file itself is
    created when the first record is written)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._partial = path.with_name(path.name + ".part")
        self._fh: io.BufferedWriter | None = None
        self._writer: WARCWriter | None = None
        self._entered = False

    @classmethod
    def for_run(cls, raw_dir: Path, day: dt.date, stage: str) -> WarcArchive:
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
        return cls(raw_dir / day.isoformat() / f"{stamp}-{stage}.warc.gz")

    def __enter__(self) -> WarcArchive:
        self._entered = True
        return self

    def _open(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fh = open(self._partial, "wb")  # noqa: SIM115 - held open across writes, closed in __exit__
        self._writer = WARCWriter(self._fh, gzip=True)

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        self._entered = False
        if self._fh is None:
            return  # nothing was written: no file
        fh, self._fh, self._writer = self._fh, None, None
        try:
            fh.close()  # flushes: may fail on a full disk
        except OSError:
            self._partial.unlink(missing_ok=True)
            raise
        if exc_type is not None:
            # The stage failed (a write may have stopped mid-record): the retried stage
            # fetches again, and a truncated file must never sit under a final name.
            self._partial.unlink(missing_ok=True)
            return
        # A file appears under its final name only once it is complete.
        self._partial.replace(self.path)

    def write_response(self, url: str, status: int, reason: str, headers: Mapping[str, str], body: bytes,
                       date: str | None = None) -> str:
        """Append one response; `date` (a WARC-Date, see `warc_date`) lets the caller know the
        exact date the record carries, which becomes the article's `fetched_at`."""
        assert self._entered, "archive not open"
        if self._fh is None:
            self._open()
        assert self._writer is not None and self._fh is not None
        offset = self._fh.tell()
        http_headers = StatusAndHeaders(f"{status} {reason}".strip(), list(headers.items()), protocol="HTTP/1.1")
        # The body is stored decoded (the transport undid any Content-Encoding).
        http_headers.remove_header("Content-Encoding")
        http_headers.remove_header("Transfer-Encoding")
        record = self._writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                 length=len(body), http_headers=http_headers,
                                                 warc_headers_dict={"WARC-Date": date} if date else None)
        self._writer.write_record(record)
        return f"{self.path}#{offset}"


def warc_date(when: dt.datetime | None = None) -> str:
    """A WARC-Date (UTC, whole seconds, as WARC/1.0 writes it) for `when` (default now)."""
    when = when or dt.datetime.now(dt.UTC)
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def iter_responses(path: Path) -> Iterator[ArchivedResponse]:
    """Every response record of a WARC file, with its `raw_ref`."""
    with open(path, "rb") as fh:
        records = ArchiveIterator(fh)
        for record in records:
            if record.rec_type != "response":
                continue
            # Read the record before asking for its offset: warcio's get_record_offset() first
            # reads the record to its end, which would leave an empty body behind.
            response = _to_response(record, "")
            response.raw_ref = f"{path}#{records.get_record_offset()}"
            yield response


def latest_responses(day_dir: Path, stage: str = "fetch",
                     accept: tuple[str, ...] | None = None) -> dict[str, ArchivedResponse]:
    """The newest 200 response per URL over all of a day's archive files of a stage.

    With `accept`, only responses whose Content-Type is one of those media types (or absent)
    count: the same rule the fetcher applied, so a re-parse sees the documents the run used
    (a login page served instead of a PDF was archived, but never became a document).
    Files sort by their timestamped names, so later runs win; 304 records are skipped (the
    200 they confirmed is in an earlier file).
    """
    latest: dict[str, ArchivedResponse] = {}
    for path in sorted(day_dir.glob(f"*-{stage}.warc.gz")):
        for response in iter_responses(path):
            if response.status == 200 and _accepted(response, accept):
                latest[response.url] = response
    return latest


def _accepted(response: ArchivedResponse, accept: tuple[str, ...] | None) -> bool:
    if not accept:
        return True
    media = content_type(response.headers)[1]
    return not media or media in accept


def content_type(headers: Mapping[str, str]) -> tuple[str, str]:
    """(Content-Type as archived, its media type lower-cased) from a response's headers, the
    header named in any case; ("", "") without one."""
    value = next((v for k, v in headers.items() if k.lower() == "content-type"), "") or ""
    return value, value.split(";", 1)[0].strip().lower()


def read_record(raw_ref: str) -> ArchivedResponse:
    """The one response a `raw_ref` (`file#offset`) points at."""
    path_text, _, offset_text = raw_ref.rpartition("#")
    path = Path(path_text)
    with open(path, "rb") as fh:
        fh.seek(int(offset_text))
        for record in ArchiveIterator(fh):
            return _to_response(record, raw_ref)
    raise ValueError(f"raw_ref {raw_ref}: no WARC record at that offset")


class ArchiveRefused(ValueError):
    """A `raw_ref` that is malformed, points outside the archive, or at no response record."""


_OFFSET = re.compile(r"[0-9]{1,18}")


def read_archived(raw_ref: str, archive_root: Path) -> ArchivedResponse:
    """The response a `raw_ref` points at, read only from a WARC file under `archive_root`.

    The file must resolve (symbolic links followed) inside `archive_root` and be a `.warc.gz`,
    the offset must be a plain number, and the record there must be a response: anything else
    raises `ArchiveRefused` before (or instead of) reading it. A file that is gone raises
    `FileNotFoundError`; bytes at the offset that are no WARC record, `ValueError`."""
    path_text, hash_sign, offset_text = str(raw_ref).rpartition("#")
    if not hash_sign or not path_text or not _OFFSET.fullmatch(offset_text):
        raise ArchiveRefused("not a raw_ref (file#offset)")
    root = archive_root.resolve()
    target = Path(path_text).resolve()
    if root not in target.parents or not target.name.endswith(".warc.gz"):
        raise ArchiveRefused("the raw_ref points outside the archive")
    with open(target, "rb") as fh:
        fh.seek(int(offset_text))
        try:
            for record in ArchiveIterator(fh):
                if record.rec_type != "response" or record.http_headers is None:
                    raise ArchiveRefused("the raw_ref points at no response record")
                return _to_response(record, raw_ref)
        except ArchiveLoadFailed as exc:
            raise ValueError(f"no WARC record at that offset ({exc})") from None
    raise ValueError("no WARC record at that offset")


def _to_response(record: Any, raw_ref: str) -> ArchivedResponse:  # a warcio record
    return ArchivedResponse(
        url=record.rec_headers.get_header("WARC-Target-URI"),
        status=int(record.http_headers.get_statuscode()),
        headers=dict(record.http_headers.headers),
        body=record.content_stream().read(),
        raw_ref=raw_ref,
        date=record.rec_headers.get_header("WARC-Date"),
    )
