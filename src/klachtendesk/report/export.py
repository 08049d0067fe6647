"""Writing the report in one of its formats, and recording that it was exported."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from klachtendesk import clock
from klachtendesk.domain.errors import DomainError
from klachtendesk.domain.store_events import destination
from klachtendesk.outfile import private_output, store_files
from klachtendesk.progress import Progress, no_progress
from klachtendesk.report.export_html import render_html
from klachtendesk.report.export_json import render_json
from klachtendesk.report.export_markdown import render_markdown
from klachtendesk.report.export_sheets import render_csv, render_xlsx
from klachtendesk.report.summary import Summary
from klachtendesk.store.cases import log_store_event
from klachtendesk.store.database import Store

RENDERERS: dict[str, Callable[[Summary], str | bytes]] = {
    "json": render_json,
    "md": render_markdown,
    "html": render_html,
    "csv": render_csv,
    "xlsx": render_xlsx,
}
FORMATS = tuple(RENDERERS)
#: Formats that can go to standard output.
TEXT_FORMATS = tuple(f for f in FORMATS if f != "xlsx")


def render(summary: Summary, fmt: str, table: str | None = None) -> str | bytes:
    """The report as text (json, md, html, csv) or bytes (xlsx); csv of one chapter ``table``."""
    if table is not None:
        if fmt != "csv":
            raise DomainError("Eén tabel (--table) schrijft klachtendesk als csv: geef --format csv.")
        return render_csv(summary, table)
    return RENDERERS[fmt](summary)


def export_report(store: Store, summary: Summary, fmt: str, path: Path | None, *, user: str,
                  table: str | None = None, force: bool = False, progress: Progress = no_progress) -> str | bytes:
    """Render the report, write it to ``path`` (when given) and log the export in the store.

    Returns what was rendered, for the caller to show when there is no ``path``.
    ``progress`` counts three steps: rendered, written, logged.
    """
    progress(0, 3)
    if path is None:
        content = render(summary, fmt, table)
        progress(2, 3)
    else:
        # Rendered inside the shared writer: openpyxl's helper files stay next to the target.
        with private_output(path, "wb", force=force, protect=store_files(store.path)) as handle:
            content = render(summary, fmt, table)
            progress(1, 3)
            # The csv carries its own byte-order mark and CRLF line ends: written as bytes.
            handle.write(content if isinstance(content, bytes) else content.encode("utf-8"))
        progress(2, 3)
    target = destination(path is not None)
    what = f"Rapport {summary.period.label}" + (f", tabel {table}" if table else "")
    with store.sessions.write() as session:
        log_store_event(session, "exported",
                        f"{what} ({fmt}) geëxporteerd {target}",
                        user=user, now=clock.now())
    progress(3, 3)
    return content
