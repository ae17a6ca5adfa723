"""Progress of the CLI's long commands (`newsmon run/reparse --from --to`, `newsmon eval`) on stderr.

    with open_progress(total=len(days), unit="dates") as progress:
        for day in days:
            progress.start(str(day))                       # what the work is on now
            ...
            progress.done(str(day), "12 articles loaded", tally="36 articles so far")

Why it looks like this:
- on a terminal, a bar (rich): the current step, steps done of all, the percentage, a running
  tally and an ETA, redrawn in place;
- anywhere else (a pipe, a file, CI, Airflow's task logs) one plain line per finished step,
  `2020-01-03: 12 articles loaded (3/10 dates, 36 articles so far)`, with no control code: a
  log keeps every step, and a redrawn bar would leave escape sequences in it;
- always stderr, so stdout stays what a program reads (the JSON line of each date, the scores);
- the library knows nothing of it: the CLI drives it around the library's calls.
"""

from __future__ import annotations

import os
import sys
from types import TracebackType
from typing import TextIO


class Progress:
    """Steps counted against a total, shown nowhere: what work too short to report uses (one date
    of `newsmon run`); `PlainProgress` and `BarProgress` show them."""

    def __init__(self, total: int, unit: str, stream: TextIO) -> None:
        self.total, self.unit, self.stream, self.finished = total, unit, stream, 0

    def start(self, label: str) -> None:
        """The step now under way (a bar shows it at once; a log line waits for its outcome)."""

    def done(self, label: str, outcome: str, tally: str = "") -> None:
        """One step finished: `outcome` says what it did, `tally` the running count so far."""
        self.finished += 1

    def close(self) -> None:
        """Stop showing progress (a bar is left drawn in its final state)."""

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()


class PlainProgress(Progress):
    """One line per finished step, for logs: `LABEL: OUTCOME (N/TOTAL UNIT, TALLY)`."""

    def done(self, label: str, outcome: str, tally: str = "") -> None:
        from newsmon.redaction import printable

        super().done(label, outcome, tally)
        counts = f"{self.finished}/{self.total} {self.unit}" + (f", {tally}" if tally else "")
        print(printable(f"{label}: {outcome} ({counts})"), file=self.stream, flush=True)


class BarProgress(Progress):
    """A rich progress bar redrawn in place on a terminal."""

    def __init__(self, total: int, unit: str, stream: TextIO) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            TaskProgressColumn,
            TextColumn,
            TimeRemainingColumn,
        )
        from rich.progress import Progress as RichProgress

        super().__init__(total, unit, stream)
        # soft_wrap: a line printed above the bar (a date's JSON) is left whole for the terminal to
        # wrap, not cut with newlines into text that no longer parses when copied.
        console = Console(file=stream, force_terminal=True, force_interactive=True, highlight=False,
                          soft_wrap=True)
        # Lines printed while the bar is up go above it; stdout only when it is this terminal too:
        # redirected, it would send a program's output (stdout into a pipe) to stderr.
        self._bar = RichProgress(
            TextColumn("{task.description}", markup=False), BarColumn(), MofNCompleteColumn(),
            TextColumn(unit, markup=False), TaskProgressColumn(), TextColumn("{task.fields[tally]}", markup=False),
            TextColumn("ETA"), TimeRemainingColumn(),
            console=console, redirect_stdout=_is_terminal(sys.stdout), redirect_stderr=True)
        self._task = self._bar.add_task("", total=total, tally="")
        self._bar.start()

    def start(self, label: str) -> None:
        from newsmon.redaction import printable

        self._bar.update(self._task, description=printable(label))

    def done(self, label: str, outcome: str, tally: str = "") -> None:
        from newsmon.redaction import printable

        super().done(label, outcome, tally)
        self._bar.update(self._task, advance=1, tally=printable(tally))

    def close(self) -> None:
        self._bar.stop()


def _is_terminal(stream: TextIO) -> bool:
    """A terminal that can redraw a line: a tty, and not one that says it is dumb (TERM=dumb, as
    Emacs shells and some CI runners set)."""
    try:
        return stream.isatty() and os.environ.get("TERM", "") != "dumb"
    except (AttributeError, ValueError):  # a stream without isatty, or one already closed
        return False


def open_progress(total: int, unit: str, stream: TextIO | None = None) -> Progress:
    """A bar when `stream` (default stderr) is a terminal, else plain lines."""
    stream = stream if stream is not None else sys.stderr
    return BarProgress(total, unit, stream) if _is_terminal(stream) else PlainProgress(total, unit, stream)
