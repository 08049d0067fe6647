"""Progress of long work as the layers that do it report it: a ``(done, total)`` callback.

The store, the register and the report call a ``Progress`` as they go (a total of 0: not
known yet). What shows it is the caller's business: a bar on a terminal (cli/progress.py),
the desk's status bar, or nothing. So these layers never import a user interface.
"""

from __future__ import annotations

from collections.abc import Callable

#: (done, total) in the work's own unit (rows, cases, pages); total 0 when not known.
Progress = Callable[[int, int], None]


def no_progress(done: int, total: int) -> None:
    """Report nothing (the default)."""
