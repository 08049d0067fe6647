"""The fire zone's chapter tables from the demo store: its 2023 cases (DOMAIN.md §6)."""

from __future__ import annotations

import json
from datetime import date

from engine_params import both_engines
from fire_zone_2023 import PUBLISHED, PUBLISHED_CHANNELS, PUBLISHED_TOTALS

from klachtendesk.report import compute_summary, year_period
from klachtendesk.report.export import render

pytestmark = both_engines

TODAY = date(2026, 11, 27)
# The published table's column order: the qualifications that occur, "n" first.
COLUMNS = ["n", "Gegrond", "Ongegrond", "Niet ontvankelijk – onbevoegd", "Betwist"]
# Its row order; Professionaliteit, a category of the chapter that its table leaves out, follows.
ROWS = ["Overlast", "Dienstverlening", "Voorbeeldgedrag verkeer", "Discriminatie", "Overig", "Bereikbaarheid",
        "Deontologie en integriteit", "Facturatie", "Schadegeval", "Wachttijd na oproep",
        "Bevoegdheidsoverschrijding", "Professionaliteit"]


def _tables(demo, year: int = 2023):
    period = year_period(demo.settings, year)
    return json.loads(render(compute_summary(demo, period.start, period.end, TODAY, full=False), "json"))["tables"]


def test_keyword_by_qualification_is_the_published_table(demo):
    table = _tables(demo)["trefwoord_kwalificatie"]
    assert table["columns"] == COLUMNS
    assert list(table["rows"]) == ROWS
    for category, row in table["rows"].items():
        published = PUBLISHED[category]
        assert row == {"n": sum(published.values()), **{q: published.get(q, 0) for q in COLUMNS[1:]}}, category
    assert table["total"] == {"n": 13, **PUBLISHED_TOTALS}


def test_channels(demo):
    table = _tables(demo)["bron"]
    assert table["rows"] == {label: {"Aantal": n} for label, n in PUBLISHED_CHANNELS.items() if n}
    assert table["total"] == {"Aantal": 13}


def test_a_year_without_cases_lists_every_category_with_zeros(demo):
    table = _tables(demo, 2024)["trefwoord_kwalificatie"]
    assert list(table["rows"]) == ROWS
    assert table["columns"] == ["n"]  # no qualification occurs
    assert table["total"] == {"n": 0}
