"""A table's chart as inline SVG for the HTML chapter: grouped bars, no script, no external file.

One group of bars per category (a month, an entity), one bar per series, on one scale; the
axis shows the highest value, every bar carries its value as a tooltip (``<title>``) and, where
there is room, above it. Labels are escaped: they come from the store.
"""

from __future__ import annotations

from html import escape

from klachtendesk.report.dutch import decimal, integer
from klachtendesk.report.tables import Chart

#: Series colours that print and read apart (a colour-blind-safe palette).
COLOURS = ("#2b4c7e", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#999999", "#f0e442")
WIDTH, HEIGHT = 720, 240
LEFT, BOTTOM, TOP = 40, 40, 16


def _value(value: float, unit: str) -> str:
    return decimal(value) if unit or value != int(value) else integer(int(value))


def chart_svg(chart: Chart, title: str) -> str:
    categories, series = chart.categories, chart.series
    if not categories or not series:
        return ""
    peak = max((v for _, values in series for v in values), default=0.0) or 1.0
    legend = 18 if len(series) > 1 else 0
    plot_w, plot_h = WIDTH - LEFT - 8, HEIGHT - BOTTOM - TOP - legend
    group = plot_w / len(categories)
    bar = max(1.0, min(28.0, (group - 4) / len(series)))
    room_for_values = bar >= 14
    parts = [f'<svg class="chart" role="img" xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" '
             f'height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" aria-label="{escape(title)}">',
             f"<title>{escape(title)}</title>",
             f'<line x1="{LEFT}" y1="{TOP + legend + plot_h}" x2="{WIDTH - 8}" y2="{TOP + legend + plot_h}" '
             'stroke="#555" stroke-width="1"/>',
             f'<text x="{LEFT - 4}" y="{TOP + legend + 4}" font-size="9" text-anchor="end">'
             f"{escape(_value(peak, chart.unit))}</text>"]
    x: float = LEFT
    for s, (name, _) in enumerate(series if legend else ()):
        shown = name if len(name) <= 40 else name[:39] + "…"
        parts.append(f'<rect x="{x}" y="{TOP - 8}" width="10" height="10" fill="{COLOURS[s % len(COLOURS)]}"/>'
                     f'<text x="{x + 14}" y="{TOP + 1}" font-size="10">{escape(shown)}</text>')
        x += 26 + 6 * len(shown)  # about a character's width at this size
    base = TOP + legend + plot_h
    for c, label in enumerate(categories):
        x0 = LEFT + c * group + (group - bar * len(series)) / 2
        for s, (name, values) in enumerate(series):
            value = values[c]
            h = plot_h * value / peak
            x = x0 + s * bar
            shown = _value(value, chart.unit)
            parts.append(f'<rect x="{x:.1f}" y="{base - h:.1f}" width="{max(bar - 1, 1):.1f}" height="{h:.1f}" '
                         f'fill="{COLOURS[s % len(COLOURS)]}"><title>{escape(f"{name}, {label}: {shown}")}'
                         "</title></rect>")
            if room_for_values and value:
                parts.append(f'<text x="{x + bar / 2:.1f}" y="{base - h - 2:.1f}" font-size="8" '
                             f'text-anchor="middle">{escape(shown)}</text>')
        parts.append(f'<text x="{LEFT + c * group + group / 2:.1f}" y="{base + 12}" font-size="9" '
                     f'text-anchor="middle">{escape(label[:14])}</text>')
    parts.append("</svg>")
    return "".join(parts)
