"""The city's 2023 chapter: every digital contact of every customer team (223,864, of which
2,650 complaints), half-year by half-year, from a register that follows its published table.

Contacts of every signal type are spread over the days of each half-year (the last day of June
and the first of July included) and over the channels; the ombudsperson's cases are complaints.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from registers import Register

from klachtendesk.report import compute_summary, year_period
from klachtendesk.report.export import render

TODAY = date(2024, 4, 25)
# klantenteam: (contacts Q1-Q2, Q3-Q4, share %, complaints Q1-Q2, Q3-Q4, rel. %), as printed.
TEAMS = {
    "Stedelijk contactcenter": (0, 856, 0.38, 0, 7, 0.82),
    "BZ": (120, 134, 0.11, 3, 7, 3.94),
    "FI": (422, 374, 0.36, 7, 6, 1.63),
    "FI/buiten contr. aansprakelijk": (697, 783, 0.66, 47, 53, 6.76),
    "MV": (2839, 3075, 2.64, 29, 37, 1.12),
    "MV/fietshandhaving": (1647, 1930, 1.60, 1, 7, 0.22),
    "OS": (2064, 1411, 1.55, 47, 60, 3.08),
    "OS/loketten/identiteit": (1533, 1683, 1.44, 14, 19, 1.03),
    "OS/loketten/leven": (1167, 1345, 1.12, 4, 24, 1.11),
    "OS/loketten/migratie": (4796, 4538, 4.17, 42, 43, 0.91),
    "OS/loketten/nationaliteit": (261, 310, 0.26, 5, 2, 1.23),
    "OS/loketten/rijbewijzen": (482, 503, 0.44, 6, 18, 2.44),
    "OS/loketten/wonen": (1889, 1752, 1.63, 25, 79, 2.86),
    "MPA": (1890, 2733, 4.07, 64, 162, 4.89),
    "MPA/LEZ": (143, 92, 0.10, 5, 5, 4.26),
    "P&O": (369, 367, 0.33, 5, 5, 1.36),
    "SB": (5209, 7563, 5.71, 102, 202, 2.38),
    "SB/sorteerstraten": (909, 4438, 2.39, 18, 29, 0.88),
    "SB/afvalstickers": (476, 921, 0.62, 8, 10, 1.29),
    "SB/ophaaldiensten": (59903, 71278, 58.60, 17, 27, 0.03),
    "SB/schadedossiers": (20, 7, 0.01, 0, 0, 0.00),
    "SB/recyclageparken": (14, 176, 0.08, 0, 0, 0.00),
    "SB/graffiti": (1618, 713, 1.04, 2, 4, 0.26),
    "SD": (1323, 1829, 1.14, 24, 34, 1.84),
    "SW": (4755, 4884, 4.31, 252, 469, 7.48),
    "SW/mobiliteit": (137, 152, 0.13, 5, 13, 6.23),
    "TV": (541, 456, 0.45, 19, 33, 5.22),
    "TV/bib": (70, 99, 0.08, 2, 1, 1.78),
    "district AN": (1570, 2717, 1.92, 56, 141, 4.60),
    "district BE": (527, 735, 0.56, 14, 71, 6.74),
    "district BEZALI": (258, 287, 0.24, 6, 30, 6.61),
    "district BO": (603, 694, 0.58, 2, 11, 1.00),
    "district DE": (729, 911, 0.73, 8, 70, 4.76),
    "district EK": (394, 497, 0.40, 3, 17, 2.24),
    "district HO": (568, 798, 0.61, 8, 14, 1.61),
    "district ME": (582, 909, 0.67, 15, 12, 1.81),
    "district WI": (513, 876, 0.62, 18, 45, 4.54),
}
# Two shares of all contacts are misprinted: MPA's 4.623 contacts are 2,07% of 223.864 (printed
# 4,07), SD's 3.152 are 1,41% (printed 1,14).
MISPRINTED = {"MPA": 2.07, "SD": 1.41}
COMPLAINTS_2022 = 1359
OTHER_TYPES = ("Wegwijsvraag", "Hulpvraag", "Melding", "Afspraak", "Productaanvraag", "Suggestie", "Felicitatie",
               "Spam")
CHANNELS = ("Website/formulier", "E-mail", "Telefoon (Antwerpen Info)", "Loket", "Brief", "Sociale media")
COLUMNS = ["contacten Q1-Q2", "contacten Q3-Q4", "contacten", "contacten %", "klachten Q1-Q2", "klachten Q3-Q4",
           "klachten", "klachten %"]


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


@pytest.fixture(scope="module")
def city(tmp_path_factory):
    from klachtendesk.presets import load_preset
    from klachtendesk.store.database import Store

    store = Store.create(tmp_path_factory.mktemp("stad") / "stad.db", load_preset("stad"), user="Test")
    register = Register(store, seed=2)
    rng = register.rng
    halves = (_days(date(2023, 1, 1), date(2023, 6, 30)), _days(date(2023, 7, 1), date(2023, 12, 31)))
    for team, (c1, c2, _, k1, k2, _) in TEAMS.items():
        for days, contacts, complaints in ((halves[0], c1, k1), (halves[1], c2, k2)):
            for i in range(contacts):
                day = days[-1] if i == 0 else days[0] if i == 1 else days[rng.randrange(len(days))]
                complaint = i < complaints
                # A tenth of the complaints came via the ombudsperson: they count as complaints
                # whatever their type; one in three of those was typed as a question.
                via = complaint and rng.random() < 0.1
                type_label = "Klacht" if complaint and not (via and rng.random() < 0.33) else rng.choice(OTHER_TYPES)
                channel = "Via ombudsvrouw" if via else rng.choice(CHANNELS)
                case = register.add(day, type_label, entity=team, channel=channel)
                if rng.random() < 0.9:
                    case.answered = day + timedelta(days=rng.randint(0, 40))
    for _ in range(COMPLAINTS_2022):
        register.add(date(2022, 1, 1) + timedelta(days=rng.randint(0, 364)), "Klacht",
                     entity=rng.choice(list(TEAMS)))
    register.write()
    period = year_period(store.settings, 2023)
    summary = compute_summary(store, period.start, period.end, TODAY, full=False)
    yield json.loads(render(summary, "json"))["tables"]["teams_digitaal"]
    store.close()


def test_every_published_team_is_a_row(city):
    assert list(city["rows"]) == list(TEAMS)
    assert city["columns"] == COLUMNS


def test_contacts_and_complaints_per_team_and_half_year(city):
    for team, (c1, c2, share, k1, k2, relative) in TEAMS.items():
        row = city["rows"][team]
        assert [row[c] for c in ("contacten Q1-Q2", "contacten Q3-Q4", "contacten")] == [c1, c2, c1 + c2], team
        assert [row[c] for c in ("klachten Q1-Q2", "klachten Q3-Q4", "klachten")] == [k1, k2, k1 + k2], team
        assert row["contacten %"] == MISPRINTED.get(team, share), team
        assert row["klachten %"] == relative, team


def test_the_total_row(city):
    total = city["total"]
    assert total == {"contacten Q1-Q2": 101038, "contacten Q3-Q4": 122826, "contacten": 223864, "contacten %": 100.0,
                     "klachten Q1-Q2": 883, "klachten Q3-Q4": 1767, "klachten": 2650, "klachten %": 1.18}
