"""The report as one self-contained HTML file: the organisation's chapter, ready to print.

No external assets: the style sheet is inline, the month chart is made of CSS bars. Every
piece of user text goes through ``html.escape``. Printing keeps tables and cases whole on a
page and starts the narrative on a new page.
"""

from __future__ import annotations

from html import escape

from klachtendesk.report.narrative import NARRATIVE_TITLE, narrative, report_title
from klachtendesk.report.summary import Summary
from klachtendesk.report.svg_chart import chart_svg
from klachtendesk.report.tables import Cell, Table, cell_text, month_label, report_sections

STYLE = """
@page { size: A4; margin: 18mm 16mm; }
body { font-family: "Segoe UI", Calibri, Arial, sans-serif; font-size: 10.5pt; line-height: 1.45;
       color: #1a1a1a; max-width: 60em; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 20pt; margin: 0 0 0.2em; }
.subtitle { font-size: 13pt; color: #444; margin: 0 0 2em; }
h2 { font-size: 15pt; border-bottom: 2px solid #2b4c7e; padding-bottom: 0.15em; margin-top: 2em; }
h3 { font-size: 12pt; margin: 1.4em 0 0.4em; }
h4 { font-size: 10.5pt; margin: 1.2em 0 0.3em; }
h2, h3, h4 { break-after: avoid; page-break-after: avoid; color: #2b4c7e; }
table { border-collapse: collapse; margin: 0.4em 0 0.6em; break-inside: avoid; page-break-inside: avoid; }
th, td { border: 1px solid #b8c2d0; padding: 0.2em 0.5em; vertical-align: top; text-align: left; }
thead th { background: #e8edf5; }
td.num, th.num { text-align: right; white-space: nowrap; }
tr.total td { font-weight: bold; border-top: 2px solid #2b4c7e; }
tr.sub td:first-child { padding-left: 1.5em; }
svg.chart { display: block; max-width: 100%; height: auto; margin: 0.2em 0 1em; break-inside: avoid;
            page-break-inside: avoid; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.note { font-size: 9pt; color: #555; font-style: italic; }
.chart { margin: 0.4em 0 1em; break-inside: avoid; page-break-inside: avoid; }
.chart div { display: flex; align-items: center; gap: 0.5em; font-size: 9pt; }
.chart .label { width: 9em; }
.chart .track { flex: 1; }
.chart .bar { display: block; height: 0.8em; background: #2b4c7e;
              -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.chart .count { width: 3em; text-align: right; }
section.narrative { break-before: page; page-break-before: always; }
.case { break-inside: avoid; page-break-inside: avoid; }
.lead { font-weight: bold; }
@media print { body { margin: 0; max-width: none; } a { color: inherit; } }
"""


NUM = ' class="num"'


def _numeric(cell: Cell) -> bool:
    return cell is not None and not isinstance(cell, str)


def _td(cell: Cell) -> str:
    return f"<td{NUM if _numeric(cell) else ''}>{escape(cell_text(cell))}</td>"


def table_html(table: Table, *, titled: bool = True) -> list[str]:
    parts = [f"<h3>{escape(table.title)}</h3>"] if titled else []
    if not table.body:
        return parts
    header = "".join(f"<th{NUM if _numeric(c) else ''}>{escape(h)}</th>"
                     for h, c in zip(table.header, table.body[0], strict=True))
    parts += [f'<table data-key="{escape(table.key)}">', f"<thead><tr>{header}</tr></thead>", "<tbody>"]
    levels = table.levels or (0,) * len(table.rows)
    parts += [('<tr class="sub">' if level else "<tr>") + "".join(_td(c) for c in row) + "</tr>"
              for row, level in zip(table.rows, levels, strict=True)]
    parts.append("</tbody>")
    if table.total is not None:
        parts.append('<tfoot><tr class="total">' + "".join(_td(c) for c in table.total) + "</tr></tfoot>")
    parts.append("</table>")
    if table.note:
        parts.append(f'<p class="note">{escape(table.note)}</p>')
    if table.chart is not None:
        parts.append(chart_svg(table.chart, table.title))
    return parts


def _month_chart(summary: Summary) -> list[str]:
    rows = summary.months.rows
    peak = max((r.received for r in rows), default=0) or 1
    parts = ['<div class="chart" aria-label="Ontvangen zaken per maand">']
    for r in rows:
        width = round(100 * r.received / peak, 1)
        parts.append(f'<div><span class="label">{escape(month_label(r.month))}</span>'
                     f'<span class="track"><span class="bar" style="width: {width}%"></span></span>'
                     f'<span class="count">{r.received}</span></div>')
    parts.append("</div>")
    return parts


def _narrative(summary: Summary) -> list[str]:
    story = narrative(summary)
    parts = ['<section class="narrative" id="narrative">', f"<h2>{escape(NARRATIVE_TITLE)}</h2>",
             f"<p>{escape(story.intro)}</p>"]
    for category in story.categories:
        parts += [f"<h3>{escape(category.category)}</h3>", f'<p class="heading">{escape(category.sentence)}</p>']
        for case in category.cases:
            parts += ['<div class="case">', f"<h4>{escape(case.heading)}</h4>"]
            for label, text in case.paragraphs:
                lead = f'<span class="lead">{escape(label)}.</span> ' if label else ""
                body = escape(text).replace("\n", "<br>\n")
                parts.append(f"<p>{lead}{body}</p>")
            parts.append("</div>")
    parts.append("</section>")
    return parts


def render_html(summary: Summary) -> str:
    title = f"{summary.organisation} – {report_title(summary).lower()}"
    parts = [
        "<!DOCTYPE html>", '<html lang="nl">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>", f"<style>{STYLE}</style>", "</head>", "<body>",
        f"<h1>{escape(summary.organisation)}</h1>",
        f'<p class="subtitle">{escape(report_title(summary))} · {escape(summary.period.span)}</p>',
    ]
    for section in report_sections(summary):
        parts += [f'<section id="{escape(section.key)}">', f"<h2>{escape(section.title)}</h2>"]
        parts += [f"<p>{escape(paragraph)}</p>" for paragraph in section.text]
        for table in section.tables:
            parts += table_html(table, titled=table.title != section.title)
            if table.key == "months":
                parts += _month_chart(summary)
        parts.append("</section>")
    parts += _narrative(summary)
    parts += ["</body>", "</html>"]
    return "\n".join(parts) + "\n"
