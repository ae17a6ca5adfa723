"""Parse documents in a worker process with a time and memory limit.

A hostile or broken document (a PDF decompression bomb, a page tree that loops, an HTML page
nested a million deep) can keep pdfium or lxml busy or eat memory inside C code, where no
Python timeout reaches. Running the parse in a child process bounds both: past the deadline
the child is killed and replaced, and its address space is capped, so one document can fail
but never hang or sink a run.

Whatever goes wrong inside the child comes back as a `ParseError` with a one-line reason:
a broken document is a failure record, never an exception that ends the run (the pipeline
catches only `ParseError`), and `newsmon parse` can always print it on one line.
"""

from __future__ import annotations

import multiprocessing
import resource
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from newsmon.parse.article import ParseError
from newsmon.parse.document import parse_document
from newsmon.records import ArticleRecord

DEFAULT_TIMEOUT_S = 60.0
DEFAULT_MEMORY_BYTES = 2 * 1024**3  # what one document may add to the worker's address space
MAX_REASON_CHARS = 300


def _limit_memory(budget_bytes: int) -> None:
    """Cap the child's address space at what it has now (forked from a big parent, such
    as an Airflow task) plus the budget; and no core file when pdfium crashes on a hostile
    document (it would land in the working directory, outside NEWSMON_HOME)."""
    with open("/proc/self/statm", encoding="ascii") as fh:
        current = int(fh.read().split()[0]) * resource.getpagesize()
    limit = current + budget_bytes
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _one_line(text: object, limit: int = MAX_REASON_CHARS) -> str:
    """A reason folded to one trimmed line (pdfium and Python messages may hold newlines)."""
    folded = " ".join(str(text).split()) or "no reason given"
    return folded if len(folded) <= limit else folded[: limit - 1] + "…"


def _parse(data: bytes, kwargs: dict[str, Any]) -> ArticleRecord:
    """Runs in the child: every way a document can fail becomes a one-line ParseError."""
    try:
        return parse_document(data, **kwargs)
    except ParseError as failed:  # (a name of its own in each clause: see compiled.MODULES)
        raise ParseError(_one_line(failed)) from None
    except MemoryError:
        raise ParseError("document needs more memory than the parser may use") from None
    except RecursionError:
        raise ParseError("document nested too deeply to parse") from None
    except Exception as exc:  # noqa: BLE001 - pdfium (PdfiumError "Failed to load page") and kin
        raise ParseError(_one_line(f"unreadable document ({exc.__class__.__name__}: {exc})")) from None


def _allow_children() -> None:
    """Let this process start the parser child even when multiprocessing thinks it is daemonic.

    Under Celery (docker-compose.yaml's CeleryExecutor) a task runs in a process forked from a
    worker of Celery's prefork pool, and inherits that worker's daemon flag: multiprocessing
    then refuses every child ("daemonic processes are not allowed to have children") and every
    parse task failed. The flag guards against orphans a daemon's exit would leave; our child is
    the pool's, shut down (or killed on timeout) by this process, so it leaves none.
    """
    config = getattr(multiprocessing.current_process(), "_config", None)
    if isinstance(config, dict) and config.get("daemon"):
        config["daemon"] = False


class GuardedParser:
    """`parse(data, **kwargs)` like `parse_document` (PDF or HTML, by the profile), in a bounded
    child process."""

    def __init__(self, timeout_s: float = DEFAULT_TIMEOUT_S, memory_bytes: int = DEFAULT_MEMORY_BYTES) -> None:
        self.timeout_s = timeout_s
        self.memory_bytes = memory_bytes
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> GuardedParser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def parse(self, data: bytes, **kwargs: Any) -> ArticleRecord:
        future = self._executor().submit(_parse, data, kwargs)
        try:
            return future.result(timeout=self.timeout_s)
        except FutureTimeout:
            self._abandon()
            raise ParseError(f"parsing took longer than {self.timeout_s:g} s; abandoned") from None
        except BrokenProcessPool:
            self._kill()
            raise ParseError("the parser process died on this document (crash or memory limit)") from None

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            _allow_children()
            self._pool = ProcessPoolExecutor(
                max_workers=1, mp_context=multiprocessing.get_context("fork"),
                initializer=_limit_memory, initargs=(self.memory_bytes,))
        return self._pool

    def _abandon(self) -> None:
        """Give up the document a child is past its deadline with, and the child (`_kill`).

        The document may still be on its way to the child: the call queue's feeder thread writes
        it into a pipe (a document larger than the pipe's 64 KiB in several writes), and once the
        child is dead it would block for ever on a pipe whose reading end this process still holds,
        with the pool's shutdown waiting for that thread. Python 3.11.5 and later close that end
        themselves when a worker dies (CPython gh-94777); Debian's 3.11.2, which `make install`
        prefers, does not. It is closed here before the child is killed, while the feeder cannot
        be closing it too (it closes it on the pool's last message, which no one has sent yet)."""
        reader = getattr(getattr(self._pool, "_call_queue", None), "_reader", None)
        if reader is not None:
            reader.close()
        self._kill()

    def _kill(self) -> None:
        """Stop a stuck child for good: a timed-out task cannot be cancelled politely.

        The pool is then shut down waiting for its manager thread (quick: the child is dead).
        Left running, that thread could still be closing its wake-up pipe when the interpreter
        exits, and Python 3.11's exit hook then writes to the closed pipe ("Exception ignored
        ... Bad file descriptor" on stderr after `newsmon parse` printed its one line)."""
        if self._pool is None:
            return
        for process in list(getattr(self._pool, "_processes", {}).values()):
            process.kill()
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._pool = None


def _explain(data: bytes, kwargs: dict[str, Any]) -> tuple[ArticleRecord, Any]:
    """Runs in the child: `explain_document`, failing the way `_parse` does."""
    from newsmon.parse.explain import explain_document

    try:
        return explain_document(data, **kwargs)
    except ParseError as failed:
        raise ParseError(_one_line(failed)) from None
    except (MemoryError, RecursionError) as exhausted:
        raise ParseError(f"document too large or nested too deeply to parse ({exhausted.__class__.__name__})") from None
    except Exception as exc:  # noqa: BLE001 - as in _parse
        raise ParseError(_one_line(f"unreadable document ({exc.__class__.__name__}: {exc})")) from None


def explain_guarded(data: bytes, timeout_s: float = DEFAULT_TIMEOUT_S, **kwargs: Any) -> tuple[ArticleRecord, Any]:
    """`explain_document` in a bounded child process, like `GuardedParser.parse`: a document
    from a live site is as untrusted in `newsmon source try` as in a run."""
    with GuardedParser(timeout_s=timeout_s) as parser:
        future = parser._executor().submit(_explain, data, kwargs)
        try:
            return future.result(timeout=timeout_s)
        except FutureTimeout:
            parser._abandon()
            raise ParseError(f"parsing took longer than {timeout_s:g} s; abandoned") from None
        except BrokenProcessPool:
            parser._kill()
            raise ParseError("the parser process died on this document (crash or memory limit)") from None
