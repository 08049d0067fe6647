"""The progress bar of long commands: what is done, the rate and the time left.

Every command that can take more than a second (import, export, report, backup,
restore, retention, check, mail, copy-store) wraps its work in ``progress_bar`` and
hands the callback it gets to the store or register function doing the work
(``klachtendesk.progress``: those layers only call it). On a terminal the bar is drawn on
stderr and wiped when the work is done, so only the command's result line stays; piped
(stderr not a terminal) or with ``--quiet`` nothing is drawn at all.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, ProgressColumn, Task, TextColumn
from rich.progress import Progress as RichProgress
from rich.text import Text

from klachtendesk.progress import no_progress


def _number(value: float) -> str:
    """Dutch digit grouping: 225.223."""
    return f"{value:,.0f}".replace(",", ".")


class _Done(ProgressColumn):
    """12.000/225.223 rijen (without a total yet: 12.000 rijen)."""

    def render(self, task: Task) -> Text:
        unit = task.fields.get("unit", "")
        if task.total is None:
            return Text(f"{_number(task.completed)} {unit}".rstrip())
        return Text(f"{_number(task.completed)}/{_number(task.total)} {unit}".rstrip())


def _rate(task: Task) -> float | None:
    """Done per second since the start (steadier than rich's own estimate, which starts
    over whenever an estimated total moves)."""
    elapsed = task.elapsed
    if not elapsed or elapsed < 0.05 or not task.completed:
        return None
    return task.completed / elapsed


class _Rate(ProgressColumn):
    """8.100 rijen/s."""

    def render(self, task: Task) -> Text:
        rate = _rate(task)
        if rate is None:
            return Text("")
        return Text(f"{_number(rate)} {task.fields.get('unit', '')}/s", style="progress.data.speed")


class _Left(ProgressColumn):
    """nog 0:12."""

    def render(self, task: Task) -> Text:
        rate = _rate(task)
        if task.total is None or rate is None:
            return Text("")
        seconds = int(max(task.total - task.completed, 0) / rate + 0.5)
        minutes, seconds = divmod(seconds, 60)
        hours, minutes = divmod(minutes, 60)
        left = f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"
        return Text(f"nog {left}", style="progress.remaining")


def console() -> Console | None:
    """Where the bar is drawn: stderr when it is a terminal, else nowhere. (Decided by the
    stream itself, not by rich's environment variables: a test or a pipe never gets a bar.)"""
    stream = sys.stderr
    isatty = getattr(stream, "isatty", None)
    if isatty is None or not isatty():
        return None
    return Console(file=stream)


class Bar:
    """The callback a command hands to the work (``Bar(done, total)``), and its phases."""

    def __init__(self, progress: RichProgress | None, description: str, unit: str) -> None:
        self._progress = progress
        self._task = progress.add_task(description, total=None, unit=unit) if progress is not None else None

    def __call__(self, done: int, total: int) -> None:
        if self._progress is None or self._task is None:
            return
        self._progress.update(self._task, completed=done, total=total or None)

    def phase(self, description: str, unit: str) -> None:
        """The next part of the work (the copy's tables, then its reports): a bar of its own."""
        if self._progress is not None:
            if self._task is not None:
                self._progress.remove_task(self._task)
            self._task = self._progress.add_task(description, total=None, unit=unit)


def shown(args: argparse.Namespace | None) -> Console | None:
    """The console to draw on, or None (piped, or ``--quiet``)."""
    if args is not None and getattr(args, "quiet", False):
        return None
    return console()


@contextmanager
def progress_bar(args: argparse.Namespace | None, description: str, unit: str) -> Iterator[Bar]:
    """A bar on stderr for the work inside the block (nothing when piped or ``--quiet``)."""
    where = shown(args)
    if where is None:
        yield Bar(None, description, unit)
        return
    progress = RichProgress(TextColumn("{task.description}"), BarColumn(bar_width=30), _Done(), _Rate(), _Left(),
                            console=where, transient=True, refresh_per_second=8)
    with progress:
        yield Bar(progress, description, unit)


__all__ = ["Bar", "console", "no_progress", "progress_bar", "shown"]
