"""Woonhaven's 2023 chapter from a register that follows its published figures (2021 to 2023).

Every fact of a complaint (quarter, category and sub-theme, repeat, channel, solved, answered in
time, founded, estate of origin) is assigned on its own, so only tables that count each one
across the same 580 complaints give the published numbers. Three complaints that came via the
Antwerp ombudsperson were typed "Vraag/melding": they count as complaints all the same.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from registers import ENGINES, Register, register_store, repeat

from klachtendesk.report import compute_summary, year_period
from klachtendesk.report.export import render

TODAY = date(2024, 4, 25)
QUARTERS = {2021: (113, 126, 110, 74), 2022: (115, 107, 119, 103), 2023: (132, 122, 141, 185)}
QUARTER_SHARES = {2021: (26.7, 29.8, 26.0, 17.5), 2022: (25.9, 24.1, 26.8, 23.2), 2023: (22.8, 21.0, 24.3, 31.9)}
CATEGORIES = {  # category: ((2022 all, repeated), (2023 all, repeated))
    "Technisch": ((305, 15), (423, 24)),
    "Administratief": ((57, 5), (107, 5)),
    "Leefbaarheid": ((82, 7), (50, 5)),
}
CHANNELS = {
    "Vlaamse Ombudsdienst": (12, 12, 24),
    "Antwerpse ombudsvrouw": (106, 82, 83),
    "Huurdersbond": (11, 8, 25),
    "Klachtenmailbox": (68, 141, 165),
    "Websiteformulier": (174, 156, 235),
    "Brief": (24, 13, 12),
    "Interne melding": (33, 36, 36),
}
# The source's shares, as it prints them (no decimals).
CHANNEL_SHARES = {
    "Vlaamse Ombudsdienst": (3, 3, 4), "Antwerpse ombudsvrouw": (25, 18, 14), "Huurdersbond": (3, 2, 4),
    "Klachtenmailbox": (16, 31, 29), "Websiteformulier": (41, 35, 41), "Brief": (6, 3, 2), "Interne melding": (8, 8, 6),
}
# Non-admissible complaints: the channel table counts 2021's and 2022's (428 and 448 against 423
# and 444 admissible ones); 2023's four have no channel (its channel table adds up to 580).
INADMISSIBLE = {2021: 5, 2022: 4, 2023: 4}
QUESTIONS = {2022: 378, 2023: 699}
# (Partly) founded 2023 complaints per category and sub-theme (None: no sub-theme recorded).
FOUNDED = {
    ("Technisch", "Onderhoud technische dienst"): 63, ("Technisch", "Projecten"): 24,
    ("Technisch", "Woningkwaliteit"): 41, ("Technisch", None): 5,
    ("Administratief", "Huurlasten"): 3, ("Administratief", "Huurachterstal"): 2,
    ("Administratief", "Privaat pandbeheer"): 2,
    ("Leefbaarheid", "Samenleven"): 6, ("Leefbaarheid", "Ongedierte"): 3, ("Leefbaarheid", "Dienstverlening"): 3,
}
ESTATES = {"Woonhaven": 405, "De Ideale Woning": 58, "ABC": 46, "SVK": 23, "Andere": 48}
ESTATE_SHARES = {"Woonhaven": 70, "De Ideale Woning": 10, "ABC": 8, "SVK": 4, "Andere": 8}


def _quarter_dates(register: Register, year: int, counts: tuple[int, ...]) -> list[date]:
    found = []
    for q, n in enumerate(counts):
        start = date(year, 3 * q + 1, 1)
        end = (date(year, 3 * q + 4, 1) if q < 3 else date(year + 1, 1, 1)) - timedelta(days=1)
        found += [start, end] + [start + timedelta(days=register.rng.randint(0, (end - start).days))
                                 for _ in range(n - 2)]
    register.rng.shuffle(found)
    return found


@pytest.fixture(scope="module", params=ENGINES)
def woonhaven(request, tmp_path_factory):
    with register_store(request.param, tmp_path_factory.mktemp("woonhaven"), "woonhaven") as store:
        yield from _woonhaven(store)


def _woonhaven(store):  # type: ignore[no-untyped-def]
    register = Register(store, seed=5)
    rng = register.rng
    for y, year in enumerate((2021, 2022, 2023)):
        admissible = [register.add(day, "Klacht", qualification="Ongegrond", solved="ja")
                      for day in _quarter_dates(register, year, QUARTERS[year])]
        if year >= 2022:
            categories = repeat((label, counts[y - 1][0]) for label, counts in CATEGORIES.items())
            repeats = {label: counts[y - 1][1] for label, counts in CATEGORIES.items()}
        else:
            categories = [rng.choice(list(CATEGORIES)) for _ in admissible]
            repeats = {}
        rng.shuffle(admissible)
        for case, category in zip(admissible, categories, strict=True):
            case.category = category
            if repeats.get(category):
                case.repeat = True
                repeats[category] -= 1
        inadmissible = [register.add(date(year, rng.randint(1, 12), 15), "Klacht", qualification="Niet ontvankelijk",
                                     category="Technisch") for _ in range(INADMISSIBLE[year])]
        channels = repeat((label, counts[y]) for label, counts in CHANNELS.items())
        with_channel = admissible + (inadmissible if year < 2023 else [])
        rng.shuffle(with_channel)
        for case, label in zip(with_channel, channels, strict=True):
            case.channel = label
        if year in QUESTIONS:
            questions = [register.add(date(year, rng.randint(1, 12), rng.randint(1, 28)), "Vraag/melding")
                         for _ in range(QUESTIONS[year])]
            if year == 2022:
                questions[0].repeat = True
        for case in admissible + inadmissible:
            register.answer_after(case, rng.randint(1, 30))
        if year == 2023:
            _facts_2023(register, admissible)
    register.write()
    period = year_period(store.settings, 2023)
    summary = compute_summary(store, period.start, period.end, TODAY, full=False)
    yield store, json.loads(render(summary, "json"))["tables"], summary


def _facts_2023(register: Register, complaints: list) -> None:  # type: ignore[type-arg]
    rng = register.rng
    # Three of the ombudsperson's complaints were registered as a question or report.
    for case in [c for c in complaints if c.channel == "Antwerpse ombudsvrouw"][:3]:
        case.type = "Vraag/melding"
    rng.shuffle(complaints)
    solved = repeat((("ja", 400), ("deels", 85), ("nee", 80), ("", 15)))
    for case, value in zip(complaints, solved, strict=True):
        case.solved = value
    rng.shuffle(complaints)
    for i, case in enumerate(complaints):  # 130 answered after their term of 30 days
        register.answer_after(case, rng.randint(31, 80) if i < 130 else rng.randint(0, 30))
    rng.shuffle(complaints)
    estates = repeat(ESTATES.items())
    for case, estate in zip(complaints, estates, strict=True):
        case.entity = estate
    by_category: dict[str, list] = {}  # type: ignore[type-arg]
    for case in complaints:
        by_category.setdefault(case.category, []).append(case)
    for (category, sub), n in FOUNDED.items():
        for case in [by_category[category].pop() for _ in range(n)]:
            case.subcategory = sub
            case.qualification = rng.choice(("Gegrond", "Deels gegrond"))
    for cases in by_category.values():  # the unfounded ones get a sub-theme too, at random
        for case in cases:
            case.subcategory = rng.choice([s for c, s in FOUNDED if c == case.category and s])


def test_contacts_questions_and_complaints(woonhaven):
    _, tables, _ = woonhaven
    table = tables["contacten"]
    assert table["columns"] == ["2022", "2022 %", "2023", "2023 %"]
    rows = table["rows"]
    assert {label: row["2023"] for label, row in rows.items()} == {
        "Vragen en meldingen": 699, "Klachten": 584, "Ontvankelijke klachten": 580, "Niet-ontvankelijke klachten": 4}
    assert table["total"]["2023"] == 1283 and table["total"]["2023 %"] == 100.0
    # 580 of 1283 is 45,2%: the source's 45,5% is the 584 complaints (45,5%), and its "other 55%"
    # the 699 questions and reports (54,5%).
    assert (rows["Ontvankelijke klachten"]["2023 %"], rows["Klachten"]["2023 %"],
            rows["Vragen en meldingen"]["2023 %"]) == (45.2, 45.5, 54.5)
    assert table["total"]["2022"] == 826
    assert rows["Ontvankelijke klachten"]["2022"] == 444


def test_categories_with_repeated_complaints(woonhaven):
    _, tables, _ = woonhaven
    table = tables["categorieen"]
    assert table["columns"] == ["2022", "2022 herhaald", "2023", "2023 herhaald"]
    assert table["rows"] == {
        label: {"2022": a, "2022 herhaald": b, "2023": c, "2023 herhaald": d}
        for label, ((a, b), (c, d)) in CATEGORIES.items()}
    assert table["total"] == {"2022": 444, "2022 herhaald": 27, "2023": 580, "2023 herhaald": 34}


def test_quarters_beside_the_two_years_before(woonhaven):
    _, tables, _ = woonhaven
    table = tables["kwartalen"]
    assert table["columns"] == ["2021", "2021 %", "2022", "2022 %", "2023", "2023 %"]
    assert list(table["rows"]) == ["Q1", "Q2", "Q3", "Q4"]
    for q, label in enumerate(["Q1", "Q2", "Q3", "Q4"]):
        row = table["rows"][label]
        assert [row[str(y)] for y in (2021, 2022, 2023)] == [QUARTERS[y][q] for y in (2021, 2022, 2023)]
        # The source prints them without decimals (2021's 17,5% as 17%, so that the year adds up to 100%).
        assert [row[f"{y} %"] for y in (2021, 2022, 2023)] == [QUARTER_SHARES[y][q] for y in (2021, 2022, 2023)]
    assert table["total"] == {"2021": 423, "2021 %": 100.0, "2022": 444, "2022 %": 100.0, "2023": 580,
                              "2023 %": 100.0}


def test_complaints_per_channel(woonhaven):
    _, tables, summary = woonhaven
    table = tables["kanalen"]
    assert table["rows"] == {label: {"2021": a, "2021 %": table["rows"][label]["2021 %"], "2022": b,
                                     "2022 %": table["rows"][label]["2022 %"], "2023": c,
                                     "2023 %": table["rows"][label]["2023 %"]}
                             for label, (a, b, c) in CHANNELS.items()}
    for label, shares in CHANNEL_SHARES.items():
        for year, published in zip((2021, 2022, 2023), shares, strict=True):
            computed = table["rows"][label][f"{year} %"]
            if (label, year) == ("Klachtenmailbox", 2023):
                assert computed == 28.4  # 165 of 580: the source prints 29%, so that 2023 adds up to 100%
            else:
                assert abs(computed - published) <= 0.5, (label, year)
    assert {k: v for k, v in table["total"].items() if "%" not in k} == {"2021": 428, "2022": 448, "2023": 580}
    kanalen = next(t for t in summary.chapter if t.id == "kanalen")
    assert kanalen.note == "Zonder kanaal en dus niet in deze tabel: 4 zaken in 2023."


def test_solved_and_answered_in_time(woonhaven):
    _, tables, _ = woonhaven
    assert tables["opgelost"]["rows"] == {"(Deels) opgelost": {"Aantal": 485, "Aantal %": 83.6},
                                          "Niet opgelost": {"Aantal": 95, "Aantal %": 16.4}}
    assert tables["tijdig"]["rows"]["Niet tijdig beantwoord"] == {"Aantal": 130, "Aantal %": 22.4}
    assert tables["tijdig"]["total"] == {"Aantal": 580, "Aantal %": 100.0}


def test_founded_complaints_per_category_and_sub_theme(woonhaven):
    _, tables, _ = woonhaven
    table = tables["gegrond"]
    rows = table["rows"]
    assert [(label, row["Aantal"]) for label, row in rows.items() if " – " not in label] == [
        ("Technisch", 133), ("Administratief", 7), ("Leefbaarheid", 12)]
    # The source prints 87%, 5% and 8% (87,5% rounded down, so that the three add up to 100%).
    assert [rows[c]["Aantal %"] for c in ("Technisch", "Administratief", "Leefbaarheid")] == [87.5, 4.6, 7.9]
    assert rows["Technisch – Onderhoud technische dienst"]["Aantal"] == 63
    assert rows["Technisch – Projecten"]["Aantal"] == 24
    assert rows["Technisch – Woningkwaliteit"]["Aantal"] == 41
    assert rows["Administratief – Privaat pandbeheer"]["Aantal"] == 2
    assert table["total"]["Aantal"] == 152


def test_complaints_per_estate_of_origin(woonhaven):
    _, tables, _ = woonhaven
    table = tables["patrimonium"]
    assert {label: row["Aantal"] for label, row in table["rows"].items()} == ESTATES
    assert {label: int(row["Aantal %"] + 0.5) for label, row in table["rows"].items()} == ESTATE_SHARES
