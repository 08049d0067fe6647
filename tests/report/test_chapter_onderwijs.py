"""Stedelijk Onderwijs's 2023 chapter from a register that follows its published figures.

Lead times and terms come from the domain's rules (the register answers each signal with
``domain.deadlines.lead_time`` and checks it against its due date), and some signals are
answered across the summer holiday: only a report that leaves the holidays out of lead times
gives the published averages.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from registers import ENGINES, Register, register_store, repeat

from klachtendesk.domain.deadlines import lead_time
from klachtendesk.report import compute_summary, year_period
from klachtendesk.report.export import render

TODAY = date(2024, 4, 25)
TYPES = ("Klacht", "Melding", "Suggestie", "Vraag")
# Behandeltermijn van signalen: count, within the term, outside it, average lead time.
TIMELINESS = {"Klacht": (116, 86, 30, 17.3), "Melding": (49, 39, 10, 12.3), "Suggestie": (2, 2, 0, 4.0),
              "Vraag": (48, 29, 19, 7.1)}
TIMELINESS_TOTAL = (215, 156, 59, 13.8)
# The year before: 127 complaints and 40 reports (the source); the suggestions and questions are ours.
YEAR_BEFORE = {"Klacht": 127, "Melding": 40, "Suggestie": 3, "Vraag": 35}
SHARES = {"Klacht": 54, "Melding": 23, "Suggestie": 1, "Vraag": 22}  # as the source prints them
# (Partly) founded complaints and reports per theme: 109 of the 215 signals ("bijna 51%"),
# spread as the source's 29%, 22%, 17%, 10% and 22%.
FOUNDED = {"Dagelijkse werking": 32, "Over medewerkers": 24, "Over het gebouw": 18, "Ongewenst gedrag": 11,
           "Overige": 24}
FOUNDED_SHARES = {"Dagelijkse werking": 29, "Over medewerkers": 22, "Over het gebouw": 17, "Ongewenst gedrag": 10,
                  "Overige": 22}
NOT_ADMISSIBLE = {"Klacht": 3, "Melding": 2, "Suggestie": 0, "Vraag": 3}  # 8 signals: 3,7%
# Per month (the source draws a chart with its peak in June): our spread of the 215 signals.
MONTHS = {
    "Klacht": (9, 10, 11, 9, 12, 18, 3, 4, 11, 10, 10, 9),
    "Melding": (3, 4, 4, 3, 5, 8, 4, 5, 3, 4, 3, 3),
    "Suggestie": (0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0),
    "Vraag": (4, 4, 5, 3, 5, 8, 2, 2, 5, 4, 3, 3),
}


def _days(rng, year: int, months: tuple[int, ...]) -> list[date]:
    found = []
    for month, n in enumerate(months, 1):
        end = (date(year, month + 1, 1) if month < 12 else date(year + 1, 1, 1)) - timedelta(days=1)
        found += [date(year, month, rng.randint(1, end.day)) for _ in range(n)]
    rng.shuffle(found)
    return found


def _answer(register: Register, cases: list, on_time: int, average: float) -> None:  # type: ignore[type-arg]
    """Answer ``cases``: ``on_time`` of them by their due date, the rest after it, with lead times
    (the domain's rule) that average ``average``. Signals received in the summer holiday are
    among the late ones; a timely one whose answer would fall after its due date (a holiday in
    between) is received on another day of the same month."""
    calendar = register.store.settings.calendar
    cases.sort(key=lambda c: c.received.month not in (7, 8))
    late, timely = cases[:len(cases) - on_time], cases[len(cases) - on_time:]
    for i, case in enumerate(late):
        case.answered = register.due(case) + timedelta(days=1 + i % 9)
    wanted = round(average * len(cases))
    rest = wanted - sum(lead_time(c.received, c.answered, calendar) for c in late)
    for i, case in enumerate(timely):
        lead = rest // len(timely) + (1 if i < rest % len(timely) else 0)
        days = [case.received.replace(day=d) for d in range(1, 29)]
        register.rng.shuffle(days)
        for day in [case.received, *days]:
            case.received = day
            register.answer_after(case, lead)
            if case.answered <= register.due(case):
                break
        assert case.answered <= register.due(case), case
    assert sum(lead_time(c.received, c.answered, calendar) for c in cases) == wanted


@pytest.fixture(scope="module", params=ENGINES)
def onderwijs(request, tmp_path_factory):
    with register_store(request.param, tmp_path_factory.mktemp("onderwijs"), "onderwijs") as store:
        yield from _onderwijs(store)


def _onderwijs(store):  # type: ignore[no-untyped-def]
    register = Register(store, seed=11)
    rng = register.rng
    signals = []
    for type_label in TYPES:
        cases = [register.add(day, type_label) for day in _days(rng, 2023, MONTHS[type_label])]
        count, on_time, late, average = TIMELINESS[type_label]
        assert (len(cases), on_time + late) == (count, count)
        _answer(register, cases, on_time, average)
        signals += cases
    for type_label, n in YEAR_BEFORE.items():
        for day in _days(rng, 2022, (n // 12 + (1 if m < n % 12 else 0) for m in range(12))):  # type: ignore[arg-type]
            register.answer_after(register.add(day, type_label), rng.randint(1, 20))
    # Themes: the founded complaints and reports first, then every other signal at random.
    rng.shuffle(signals)
    founded_pool = [s for s in signals if s.type in ("Klacht", "Melding")]
    for case, theme in zip(founded_pool, repeat(FOUNDED.items()), strict=False):
        case.category, case.qualification = theme, rng.choice(("Gegrond", "Deels gegrond"))
    for case in signals:
        if case.category is None:
            case.category = rng.choice(list(FOUNDED))
    left = [s for s in signals if s.qualification is None]
    for type_label, n in NOT_ADMISSIBLE.items():
        for case in [s for s in left if s.type == type_label][:n]:
            case.qualification = "Niet ontvankelijk"
    for case in left:
        if case.qualification is None and case.type in ("Klacht", "Melding"):
            case.qualification = "Ongegrond"
    register.write()
    period = year_period(store.settings, 2023)
    summary = compute_summary(store, period.start, period.end, TODAY, full=False)
    yield store, json.loads(render(summary, "json"))["tables"], summary


def test_some_signals_were_answered_across_the_summer_holiday(onderwijs):
    store, _, _ = onderwijs
    with store.sessions.read() as session:
        across = session.connection().exec_driver_sql(
            "SELECT count(*) FROM case_file WHERE received < '2023-07-01' AND answered > '2023-07-01'").scalar()
    assert across >= 3


def test_signals_per_type_with_the_year_before(onderwijs):
    _, tables, _ = onderwijs
    table = tables["aard"]
    assert table["columns"] == ["2022", "2022 %", "2023", "2023 %"]
    assert {label: row["2023"] for label, row in table["rows"].items()} == {t: TIMELINESS[t][0] for t in TYPES}
    assert {label: row["2022"] for label, row in table["rows"].items()} == YEAR_BEFORE
    for label, published in SHARES.items():
        assert abs(table["rows"][label]["2023 %"] - published) <= 0.5, label
    assert table["total"]["2023"] == 215


def test_timeliness_with_its_total_row(onderwijs):
    _, tables, _ = onderwijs
    table = tables["tijdigheid"]
    assert table["columns"] == ["Aantal signalen", "Binnen afgesproken termijn", "Buiten afgesproken termijn",
                                "Gemiddelde doorlooptijd (dagen, zonder schoolvakanties)"]
    assert {label: tuple(row.values()) for label, row in table["rows"].items()} == TIMELINESS
    assert tuple(table["total"].values()) == TIMELINESS_TOTAL


def test_types_per_month(onderwijs):
    _, tables, summary = onderwijs
    table = tables["aard_maand"]
    assert table["columns"] == [*TYPES, "totaal"]
    months = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
    assert list(table["rows"]) == list(months)
    for m, month in enumerate(months):
        row = table["rows"][month]
        assert [row[t] for t in TYPES] == [MONTHS[t][m] for t in TYPES]
        assert row["totaal"] == sum(MONTHS[t][m] for t in TYPES)
    assert max(table["rows"], key=lambda m: table["rows"][m]["totaal"]) == "jun"
    assert next(t for t in summary.chapter if t.id == "aard_maand").chart == "rows"


def test_founded_complaints_and_reports_per_theme(onderwijs):
    _, tables, _ = onderwijs
    table = tables["gegrond_thema"]
    assert table["columns"] == ["Gegrond of deels gegrond", "Gegrond of deels gegrond %", "% van alle signalen"]
    assert {label: row["Gegrond of deels gegrond"] for label, row in table["rows"].items()} == FOUNDED
    for label, published in FOUNDED_SHARES.items():
        assert abs(table["rows"][label]["Gegrond of deels gegrond %"] - published) <= 0.5, label
    assert table["total"] == {"Gegrond of deels gegrond": 109, "Gegrond of deels gegrond %": 100.0,
                              "% van alle signalen": 50.7}  # "bijna 51%" of all 215 signals


def test_not_admissible_signals(onderwijs):
    _, tables, _ = onderwijs
    table = tables["ontvankelijkheid"]
    assert table["columns"] == ["Signalen", "Niet ontvankelijk", "Niet ontvankelijk %"]
    assert {label: row["Niet ontvankelijk"] for label, row in table["rows"].items()} == NOT_ADMISSIBLE
    assert table["total"] == {"Signalen": 215, "Niet ontvankelijk": 8, "Niet ontvankelijk %": 3.7}
