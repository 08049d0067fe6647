"""A case that arrives via the ombudsperson counts as a complaint whatever its type says, and is
counted separately (DOMAIN.md §2; issue 10 §3)."""

from __future__ import annotations

import json
from datetime import date

from engine_params import both_engines

from klachtendesk.report import compute_summary, narrative, year_period
from klachtendesk.report.export import render

pytestmark = both_engines

TODAY = date(2024, 3, 1)


def _summary(store):
    period = year_period(store.settings, 2023)
    return compute_summary(store, period.start, period.end, TODAY)


def test_a_question_via_the_ombudsperson_is_a_complaint_in_every_count(make_store):
    store, cases = make_store("woonhaven")
    cases.add("6/2/2023", type="Klacht", channel="Websiteformulier", category="Technisch", qualification="Gegrond",
              answered="20/2/2023")
    cases.add("7/3/2023", type="Vraag/melding", channel="Antwerpse ombudsvrouw", category="Leefbaarheid",
              qualification="Ongegrond", answered="30/3/2023")
    cases.add("8/3/2023", type="Vraag/melding", channel="Klachtenmailbox")
    summary = _summary(store)
    data = json.loads(render(summary, "json"))
    assert data["by_type"] == {"Klacht": 2, "Vraag/melding": 1}
    assert data["complaints"]["total"] == 2
    assert data["complaints"]["via_ombudsperson"] == 1  # counted separately
    categories = {row["category"]: row["total"] for row in data["complaints"]["categories"]}
    assert categories["Leefbaarheid"] == 1
    contacts = data["tables"]["contacten"]["rows"]
    assert (contacts["Klachten"]["2023"], contacts["Vragen en meldingen"]["2023"]) == (2, 1)
    assert data["tables"]["kanalen"]["rows"]["Antwerpse ombudsvrouw"]["2023"] == 1
    assert [c.category for c in narrative(summary).categories] == ["Technisch", "Leefbaarheid"]


def test_without_the_ombudsperson_a_question_stays_a_question(make_store):
    store, cases = make_store("woonhaven")
    cases.add("7/3/2023", type="Vraag/melding", channel="Huurdersbond")
    data = json.loads(render(_summary(store), "json"))
    assert data["by_type"] == {"Klacht": 0, "Vraag/melding": 1}
    assert (data["complaints"]["total"], data["complaints"]["via_ombudsperson"]) == (0, 0)
