"""The report as a Markdown chapter: every section's tables, then the narrative.

User text (titles, accounts, labels) is escaped so it shows as typed: a title with
``*``, ``[`` or ``<`` never turns into emphasis, a link or HTML in a Markdown viewer.
"""

from __future__ import annotations

import re

from klachtendesk.report.narrative import NARRATIVE_TITLE, narrative, report_title
from klachtendesk.report.summary import Summary
from klachtendesk.report.tables import Table, cell_text, report_sections

_INLINE = re.compile(r"([\\`*_\[\]<>|~&#])")
# A list item starts with "-", "+" or "1." followed by a space (so "223.864" is no list);
# a line of "=" or "-" alone underlines the line above as a heading.
_LIST_MARKER = re.compile(r"^(\s*)([-+]|\d{1,9})([.)]?)(?=\s|$)", re.MULTILINE)
_UNDERLINE = re.compile(r"^(\s*)([=-])(?=[=\-\s]*$)", re.MULTILINE)


def inline(text: str) -> str:
    """Markdown-safe text inside a line: markup characters escaped."""
    return _INLINE.sub(r"\\\1", text)


def _unlist(match: re.Match[str]) -> str:
    space, marker, dot = match.groups()
    if marker.isdigit():
        return f"{space}{marker}\\{dot}" if dot else match.group(0)
    return f"{space}\\{marker}"


def escape(text: str) -> str:
    """Markdown-safe text: inline markup characters, and list or heading markers at a line start."""
    text = inline(text)
    # A backslash escapes punctuation only: "1\\." and "\\-", never "\\1".
    text = _LIST_MARKER.sub(_unlist, text)
    return _UNDERLINE.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def _cell(text: str) -> str:
    # A table cell is one line inside a row: no list or heading can start there.
    return inline(" ".join(text.split()))


def table_markdown(table: Table, *, titled: bool = True) -> list[str]:
    lines = [f"### {escape(table.title)}", ""] if titled else []
    if not table.body:
        return lines
    lines.append("| " + " | ".join(_cell(h) for h in table.header) + " |")
    aligns = ["---" if isinstance(c, str) or c is None else "---:" for c in table.body[0]]
    lines.append("|" + "|".join(aligns) + "|")
    for row in table.rows:
        lines.append("| " + " | ".join(_cell(cell_text(c)) for c in row) + " |")
    if table.total is not None:
        bold = [f"**{_cell(cell_text(c))}**" if cell_text(c) else "" for c in table.total]
        lines.append("| " + " | ".join(bold) + " |")
    if table.note:
        lines += ["", f"*{escape(table.note)}*"]
    lines.append("")
    return lines


def render_markdown(summary: Summary) -> str:
    lines = [f"# {escape(summary.organisation)}", "", f"**{escape(report_title(summary))}**", ""]
    for section in report_sections(summary):
        lines += [f"## {escape(section.title)}", ""]
        for paragraph in section.text:
            lines += [escape(paragraph), ""]
        for table in section.tables:
            lines += table_markdown(table, titled=table.title != section.title)
    story = narrative(summary)
    lines += [f"## {NARRATIVE_TITLE}", "", escape(story.intro), ""]
    for category in story.categories:
        lines += [f"### {escape(category.category)}", "", escape(category.sentence), ""]
        for case in category.cases:
            lines += [f"#### {escape(case.heading)}", ""]
            for label, text in case.paragraphs:
                lead = f"**{escape(label)}.** " if label else ""
                lines += [lead + escape(text), ""]
    return "\n".join(lines).rstrip("\n") + "\n"
