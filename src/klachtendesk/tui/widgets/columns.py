"""The queue's columns and how wide each is at a given terminal width."""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    width: int  # 0: takes the remaining space
    align: str = "left"


COLUMNS: tuple[Column, ...] = (
    Column("mark", "", 3),
    Column("reference", "Referentie", 11),
    Column("received", "Ontvangen", 10),
    Column("type", "Type", 12),
    Column("title", "Titel", 0),
    Column("category", "Categorie", 18),
    Column("status", "Status", 15),
    Column("handler", "Behandelaar", 14),
    Column("due", "Termijn", 10),
    Column("days", "Dagen", 6, "right"),
)

MIN_TITLE = 16
#: Columns dropped, in this order, when the terminal is too narrow.
_DROP_ORDER = ("handler", "category", "type", "received", "status")


def layout(width: int) -> list[tuple[Column, int]]:
    """Each visible column with its width; the title takes what is left."""
    visible = list(COLUMNS)

    def gaps(cols: list[Column]) -> int:  # one space between columns
        return len(cols) - 1

    for key in _DROP_ORDER:
        fixed = sum(c.width for c in visible) + gaps(visible)
        if width - fixed >= MIN_TITLE:
            break
        visible = [c for c in visible if c.key != key]
    fixed = sum(c.width for c in visible) + gaps(visible)
    title_width = max(MIN_TITLE, width - fixed)
    return [(c, c.width or title_width) for c in visible]


def fit(text: str, width: int, align: str = "left") -> str:
    """``text`` cut or padded to exactly ``width`` cells (an ellipsis marks a cut)."""
    if cell_len(text) > width:
        return set_cell_size(text, max(0, width - 1)) + "…" if width > 0 else ""
    if align == "right":
        return " " * (width - cell_len(text)) + text
    return set_cell_size(text, width)
