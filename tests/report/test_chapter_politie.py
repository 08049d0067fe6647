"""The police zone's 2023 chapter (Tables 1 to 5 and the mediations) from a register that follows
its published figures.

The register holds the three report years (19/1 to 18/1) the tables compare. Receipt dates
fall on the years' first and last days and in the January days that belong to the year
before, so only a report year of the organisation's own gives the published columns.
"""

from __future__ import annotations

import json
import random
from datetime import date

import pytest
from registers import ENGINES, Register, register_store, spread

from klachtendesk.report import compute_summary, year_period
from klachtendesk.report.export import render

YEARS = (2021, 2022, 2023)
TODAY = date(2024, 4, 25)

# Table 1. The source adds 2021 up to 1.899 dossiers, 28 more than the 1.871 of Table 2
# (confirmed by Tables 4 and 5); the register gives the first channel 28 fewer in 2021.
CHANNELS = {
    "E-mail/brief/telefoon klant rechtstreeks aan KM": (932 - 28, 485, 108),
    "E-loket/burgerportaal (klant)": (382, 297, 445),
    "E-mail/brief intern PZA": (157, 148, 130),
    "Via ombudsdienst stad Antwerpen": (96, 92, 61),
    "E-mail via Blauwe Lijn": (102, 104, 130),
    "ISLP-melding via regio's en diensten PZA": (61, 29, 4),
    "Via korpschef": (26, 18, 21),
    "Via kabinet burgemeester": (14, 9, 15),
    "Via Comité P en AIG": (74, 44, 50),
    "Via andere diensten Stad Antwerpen": (29, 37, 23),
    "Andere (CAW, Unia, advocaat, andere politiezones, …)": (18, 42, 47),
    "Via sociale media PZA": (8, 9, 10),
}
CHANNEL_TOTALS = (1871, 1314, 1044)

# Table 2, headed 2020 in the source for figures that are 2021's.
TYPES = {
    "Felicitatie": (156, 157, 159),
    "Klacht politieoptreden": (820, 686, 715),
    "Melding reguliere werking": (506, 303, 99),
    "Suggestie": (32, 14, 12),
    "Vraag om informatie": (357, 201, 81),
}
TYPE_SHARES = {
    "Felicitatie": (8.3, 11.5, 14.9),
    "Klacht politieoptreden": (43.8, 50.4, 67.1),
    "Melding reguliere werking": (27.0, 22.3, 9.3),
    "Suggestie": (1.7, 1.0, 1.1),
    "Vragen om informatie": (19.1, 14.8, 7.6),
}

QUALIFICATIONS = (
    "Gegrond – individuele disfunctie", "Gegrond – organisatorische disfunctie", "Ongegrond",
    "Niet ontvankelijk – onbevoegd", "Niet ontvankelijk – geen concrete gegevens",
    "Niet ontvankelijk – identificatie onmogelijk", "Bezwaarschriftprocedure verkeer", "Betwist",
    "Afhandeling intern toezicht", "Afhandeling JUR", "Nog in onderzoek", "Afhandeling bemiddeling",
)
# Table 3: 2023's complaints per keyword and outcome (the source heads the fifth and sixth
# column alike; they are the preset's "geen concrete gegevens" and "identificatie onmogelijk").
COMPLAINTS = {
    "Geen/onvoldoende gevolg aan melding, oproep, klacht": (16, 10, 88, 15, 2, 12, 0, 4, 8, 0, 1, 0),
    "Attitude": (12, 1, 82, 11, 2, 9, 2, 14, 4, 0, 1, 3),
    "Ambtsplichten verkeer": (3, 2, 27, 23, 2, 2, 39, 2, 1, 0, 0, 1),
    "Schadegeval": (1, 1, 16, 5, 2, 3, 0, 0, 1, 19, 0, 0),
    "Ambtsplichten gerechtelijk": (6, 2, 21, 4, 1, 3, 0, 1, 4, 0, 0, 0),
    "Wachttijd": (2, 19, 16, 0, 0, 0, 0, 0, 1, 0, 0, 0),
    "Geen/foute/onvolledige informatie": (7, 0, 18, 3, 1, 2, 0, 0, 2, 1, 0, 1),
    "Ambtsplichten bestuurlijk": (0, 0, 12, 0, 1, 4, 0, 0, 2, 3, 0, 0),
    "Geweld disproportioneel": (0, 0, 8, 0, 1, 1, 0, 0, 4, 0, 0, 6),
    "Voorbeeldgedrag verkeer": (7, 0, 5, 1, 0, 4, 0, 1, 0, 0, 0, 0),
    "Deontologie/integriteit": (0, 0, 8, 0, 1, 2, 0, 3, 1, 0, 0, 0),
    "Miskenning aangifteplicht (intern PZA)": (1, 0, 4, 0, 0, 0, 0, 2, 7, 0, 0, 0),
    "Bereikbaarheid": (2, 3, 5, 1, 2, 1, 0, 0, 0, 0, 0, 0),
    "Racisme/discriminatie": (0, 0, 5, 1, 0, 2, 0, 0, 1, 0, 0, 0),
    "Woonstcontrole": (0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0),
    "Miskenning aangifteplicht (doorverwijzing extern PZA)": (0, 0, 4, 1, 0, 0, 0, 0, 1, 0, 0, 0),
    "Schending beroepsgeheim/discretieplicht/privacy": (0, 0, 3, 1, 0, 0, 0, 1, 1, 0, 0, 0),
    "Legitimatieplicht politie": (2, 0, 2, 0, 0, 1, 0, 1, 0, 0, 0, 0),
    "Ander": (0, 0, 3, 1, 0, 0, 0, 0, 0, 0, 0, 1),
    "Gedrag privélevenplicht/privacy": (0, 0, 2, 1, 0, 1, 0, 0, 0, 0, 0, 0),
    "Politiebeleid": (0, 0, 3, 1, 0, 0, 0, 0, 0, 0, 0, 0),
    "Bevoegdheidsoverschrijding": (0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0),
    "Onrechtmatig raadplegen van databanken": (0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0),
}
COMPLAINT_TOTALS = (59, 38, 340, 70, 15, 47, 41, 29, 38, 24, 2, 12, 715)
COMPLAINT_ROW_TOTALS = (156, 141, 102, 48, 42, 38, 35, 22, 20, 18, 15, 14, 14, 9, 8, 6, 6, 6, 5, 4, 4, 1, 1)

# Table 4: (category, sub-category) as the preset names them -> as the table prints them, per year.
REPORTS = {
    ("Algemeen (melding)", None): ("Algemeen", (111, 55, 18)),
    ("Drugs", None): ("Drugs", (14, 5, 5)),
    ("Internetfraude", None): ("Internetfraude", (34, 8, 0)),
    ("Lopend dossier (melding)", None): ("Lopend dossier", (115, 81, 8)),
    ("Overlast", "Algemene overlast"): ("Overlast – Algemeen", (41, 30, 21)),
    ("Overlast", "Horeca"): ("Overlast – Horeca", (12, 2, 1)),
    ("Overlast", "Jongeren"): ("Overlast – Jongeren", (19, 18, 5)),
    ("Overlast", "Bedelaars"): ("Overlast – Bedelaars", (0, 15, 0)),
    ("Overlast", "Vuurwerk"): ("Overlast – Vuurwerk", (2, 3, 0)),
    ("Sluikstorten", None): ("Sluikstorten", (4, 7, 4)),
    ("Verkeer (melding)", "Algemeen verkeer"): ("Verkeer – Algemeen", (57, 23, 16)),
    ("Verkeer (melding)", "Evenementen"): ("Verkeer – Evenementen", (1, 0, 0)),
    ("Verkeer (melding)", "Infrastructuur"): ("Verkeer – Infrastructuur", (31, 16, 2)),
    ("Verkeer (melding)", "Parkeerdruk/overlast"): ("Verkeer – Parkeerdruk/overlast", (47, 32, 12)),
    ("Verkeer (melding)", "Verkeersgedrag fietsers"): ("Verkeer – Verkeersgedrag fietsers", (11, 5, 6)),
    ("Straatbeeld", None): ("Straatbeeld", (7, 3, 1)),
}
# Table 5.
QUESTIONS = {
    "Algemeen (vraag)": ("Algemeen", (127, 65, 48)),
    "Lopend dossier (vraag)": ("Lopend dossier", (126, 81, 8)),
    "Openbaarheid van bestuur": ("Openbaarheid van bestuur", (50, 26, 7)),
    "Verkeer (vraag)": ("Verkeer", (54, 29, 18)),
}
# The mediations of 2023, as the text lists them.
MEDIATED = {"Attitude": 3, "Ambtsplichten verkeer": 1, "Geen/foute/onvolledige informatie": 1,
            "Geweld disproportioneel": 6, "Ander": 1}


def _dates(rng: random.Random, settings, year: int, n: int) -> list[date]:
    start, end = settings.period_for_year(year)
    return spread(rng, n, start, end)


@pytest.fixture(scope="module", params=ENGINES)
def police(request, tmp_path_factory):
    with register_store(request.param, tmp_path_factory.mktemp("politie"), "politie") as store:
        yield from _police(store)


def _police(store):  # type: ignore[no-untyped-def]
    register = Register(store, seed=23)
    rng = register.rng
    settings = store.settings
    for y, year in enumerate(YEARS):
        cases = []
        complaints_2023 = [(cat, q) for cat, counts in COMPLAINTS.items()
                           for q, n in zip(QUALIFICATIONS, counts, strict=True) for _ in range(n)]
        complaint_categories = list(COMPLAINTS)
        for type_label, counts in TYPES.items():
            for i, received in enumerate(_dates(rng, settings, year, counts[y])):
                case = register.add(received, type_label)
                if type_label == "Klacht politieoptreden":
                    if year == 2023:
                        case.category, case.qualification = complaints_2023[i]
                    else:
                        case.category = rng.choice(complaint_categories)
                        case.qualification = rng.choice(QUALIFICATIONS[:3])
                    if case.qualification == "Afhandeling bemiddeling":
                        case.mediation = "Positief"
                cases.append(case)
        reports = [key for key, (_, counts) in REPORTS.items() for _ in range(counts[y])]
        for case, (category, sub) in zip([c for c in cases if c.type == "Melding reguliere werking"], reports,
                                         strict=True):
            case.category, case.subcategory = category, sub
        questions = [key for key, (_, counts) in QUESTIONS.items() for _ in range(counts[y])]
        for case, category in zip([c for c in cases if c.type == "Vraag om informatie"], questions, strict=True):
            case.category = category
        # Channels: the ombudsperson's cases are complaints (they count as complaints whatever
        # their type), the others are spread over every type; the rest have no channel.
        complaints = [c for c in cases if c.type == "Klacht politieoptreden"]
        others = [c for c in cases if c.type != "Klacht politieoptreden"]
        rng.shuffle(complaints)
        via_ombuds = CHANNELS["Via ombudsdienst stad Antwerpen"][y]
        for case in complaints[:via_ombuds]:
            case.channel = "Via ombudsdienst stad Antwerpen"
        rest = complaints[via_ombuds:] + others
        rng.shuffle(rest)
        labels = [label for label, counts in CHANNELS.items() if label != "Via ombudsdienst stad Antwerpen"
                  for _ in range(counts[y])]
        for case, label in zip(rest, labels, strict=False):
            case.channel = label
        for case in cases:
            if case.qualification != "Nog in onderzoek":
                register.answer_after(case, rng.randint(0, 70))
                if case.answered and case.answered > TODAY:
                    case.answered = None
    register.write()
    period = year_period(store.settings, 2023)
    summary = compute_summary(store, period.start, period.end, TODAY, full=False)
    yield store, json.loads(render(summary, "json"))["tables"]


def test_the_report_year_runs_from_19_january(police):
    store, _ = police
    period = year_period(store.settings, 2023)
    assert (period.start, period.end) == (date(2023, 1, 19), date(2024, 1, 18))


def test_table_1_channels_beside_the_two_years_before(police):
    _, tables = police
    kanalen = tables["kanalen"]
    assert kanalen["title"] == "Toegangskanalen dossiers"
    assert kanalen["columns"] == ["2021", "2022", "2023"]
    assert list(kanalen["rows"]) == list(CHANNELS)  # the organisation's own rows, Comité P and AIG as one
    assert kanalen["rows"] == {label: dict(zip(["2021", "2022", "2023"], counts, strict=True))
                               for label, counts in CHANNELS.items()}
    assert kanalen["total"] == dict(zip(["2021", "2022", "2023"], CHANNEL_TOTALS, strict=True))


def test_table_2_types_with_their_shares(police):
    _, tables = police
    aard = tables["aard"]
    assert aard["columns"] == ["2021", "2021 %", "2022", "2022 %", "2023", "2023 %"]
    for (label, counts), (shown, shares) in zip(TYPES.items(), TYPE_SHARES.items(), strict=True):
        row = aard["rows"][shown]
        assert [row[str(year)] for year in YEARS] == list(counts), label
        assert [row[f"{year} %"] for year in YEARS] == list(shares), label
    assert aard["total"] == {"2021": 1871, "2021 %": 100.0, "2022": 1361, "2022 %": 100.0,
                             "2023": 1066, "2023 %": 100.0}


def test_table_3_complaints_per_keyword_and_outcome(police):
    _, tables = police
    table = tables["klachten_trefwoord"]
    assert table["columns"] == [*QUALIFICATIONS, "Totaal"]
    shown = {"Geen/onvoldoende gevolg aan melding, oproep, klacht":
             "Geen/onvoldoende gevolg aan melding, oproep, klacht, …"}
    assert list(table["rows"]) == [shown.get(c, c) for c in COMPLAINTS]
    for (label, counts), total in zip(COMPLAINTS.items(), COMPLAINT_ROW_TOTALS, strict=True):
        assert table["rows"][shown.get(label, label)] == dict(
            zip([*QUALIFICATIONS, "Totaal"], (*counts, total), strict=True)), label
    assert table["total"] == dict(zip([*QUALIFICATIONS, "Totaal"], COMPLAINT_TOTALS, strict=True))


def test_table_4_reports_per_keyword_and_sub_keyword(police):
    _, tables = police
    table = tables["meldingen_trefwoord"]
    assert table["columns"] == ["2021", "2022", "2023"]
    assert table["rows"] == {shown: dict(zip(["2021", "2022", "2023"], counts, strict=True))
                             for shown, counts in REPORTS.values()}
    assert table["total"] == {"2021": 506, "2022": 303, "2023": 99}


def test_table_5_questions(police):
    _, tables = police
    table = tables["vragen"]
    assert table["rows"] == {shown: dict(zip(["2021", "2022", "2023"], counts, strict=True))
                             for shown, counts in QUESTIONS.values()}
    assert table["total"] == {"2021": 357, "2022": 201, "2023": 81}


def test_mediated_complaints_per_keyword(police):
    _, tables = police
    table = tables["bemiddeling"]
    assert table["rows"] == {label: {"Aantal": n} for label, n in MEDIATED.items()}
    assert table["total"] == {"Aantal": 12}


def test_the_narrative_tells_every_outcome_and_the_year_before(police):
    from klachtendesk.report import narrative

    store, _ = police
    period = year_period(store.settings, 2023)
    story = narrative(compute_summary(store, period.start, period.end, TODAY))
    assert story.intro == ("In 2023 kregen we in totaal 715 klachten. Dat zijn er 29 meer dan in 2022 (686). "
                           "61 daarvan kwamen via de ombudspersoon binnen.")
    attitude = next(c for c in story.categories if c.category == "Attitude")
    assert attitude.sentence == (
        "141 daarvan hadden betrekking op attitude, waarvan twaalf gegrond (individuele disfunctie), één gegrond "
        "(organisatorische disfunctie), elf niet ontvankelijk (onbevoegd), twee niet ontvankelijk (geen concrete "
        "gegevens), negen niet ontvankelijk (identificatie onmogelijk), twee bezwaarschriftprocedure verkeer, veertien "
        "betwist, vier afhandeling intern toezicht, één nog in onderzoek en drie afhandeling bemiddeling.")
