"""Progress of a file that SQLite or a copy writes in one go: its size, read as it grows.

SQLite's backup copies a store in one step (in steps it would start over at every write
another terminal makes), so its progress is read from the copy's size on disk, a few times
a second, on a thread of its own.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

from klachtendesk.progress import Progress, no_progress

#: The unit of the reports: megabytes written.
MB = 1_000_000


@contextmanager
def watch_growth(path: Path, total_bytes: int, progress: Progress, *, every: float = 0.2) -> Iterator[None]:
    """Report ``path``'s size (in MB, of ``total_bytes``) while the block writes it."""
    if progress is no_progress:
        yield
        return
    total = max(1, -(-total_bytes // MB))
    stop = threading.Event()

    def watch() -> None:
        while not stop.wait(every):
            try:
                size = path.stat().st_size
            except OSError:
                size = 0
            progress(min(size // MB, total), total)

    progress(0, total)
    thread = threading.Thread(target=watch, name="file-progress", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
    progress(total, total)


def copy_counted(source: BinaryIO, target: Any, *, chunk: int, total_bytes: int, progress: Progress,
                 position: Callable[[], int] | None = None) -> None:
    """``shutil.copyfileobj`` that reports (in MB) how far into ``source`` it is:
    ``position()`` when the bytes read are not the bytes in the file (a gzip stream)."""
    total = max(1, -(-total_bytes // MB))
    where = position or source.tell
    progress(0, total)
    while block := source.read(chunk):
        target.write(block)
        progress(min(where() // MB, total), total)
    progress(total, total)


def part(progress: Progress, index: int, parts: int) -> Progress:
    """Part ``index`` (from 0) of work in ``parts`` equal parts, on one bar."""
    if progress is no_progress:
        return progress
    return lambda done, total: progress(index * total + done, parts * total)
