"""The report's arithmetic on small hand-built stores: every figure can be counted by eye."""

from __future__ import annotations

from datetime import date

import pytest
from engine_params import both_engines
from sqlalchemy import text

from klachtendesk.domain.deadlines import lead_time
from klachtendesk.domain.errors import DomainError
from klachtendesk.presets import load_preset
from klachtendesk.report import compute_summary, period_between, report_sections, year_period
from klachtendesk.report.summary import MISSING, average
from klachtendesk.report.tables import cell_text
from klachtendesk.store.values import as_date

pytestmark = both_engines

TODAY = date(2026, 11, 27)


def year(store, y, today=TODAY):
    period = year_period(store.settings, y)
    return compute_summary(store, period.start, period.end, today)


def table(summary, key):
    return next(t for s in report_sections(summary) for t in s.tables if t.key == key)


def texts(tbl):
    return [[cell_text(c) for c in row] for row in tbl.body]


def test_percentages_and_quarters(make_store):
    store, cases = make_store()
    for day in ("31/12/2022", "5/1/2023", "1/4/2023", "30/6/2023", "31/12/2023", "1/1/2024"):
        cases.add(day, channel="Zonecommandant" if day == "1/4/2023" else "Algemeen e-mailadres")
    summary = year(store, 2023)
    assert summary.total == 4
    assert summary.months.quarters() == {"2023-Q1": 1, "2023-Q2": 2, "2023-Q3": 0, "2023-Q4": 1}
    assert texts(table(summary, "quarters")) == [
        ["Q1 2023", "1", "25,0%"], ["Q2 2023", "2", "50,0%"], ["Q3 2023", "0", "0,0%"], ["Q4 2023", "1", "25,0%"],
        ["Totaal", "4", "100,0%"]]
    channels = texts(table(summary, "channels"))
    assert channels[0] == ["Algemeen e-mailadres", "0", "–", "1", "100,0%", "3", "75,0%"]
    assert channels[2] == ["Zonecommandant", "0", "–", "0", "0,0%", "1", "25,0%"]
    assert channels[-1] == ["Totaal", "0", "–", "1", "100,0%", "4", "100,0%"]


def test_a_police_report_year_runs_from_19_january_to_18_january(make_store):
    store, cases = make_store("politie")
    for day in ("18/1/2023", "19/1/2023", "30/6/2023", "18/1/2024", "19/1/2024"):
        cases.add(day, type="Klacht politieoptreden")
    summary = year(store, 2023)
    assert (summary.period.start, summary.period.end) == (date(2023, 1, 19), date(2024, 1, 18))
    assert summary.total == 3
    assert [p.label for p in summary.previous_periods] == ["2021", "2022"]
    assert summary.by_type.totals == (0, 1, 3)  # 18/1/2023 belongs to the police's 2022
    assert [r.month for r in summary.months.rows] == [f"2023-{m:02d}" for m in range(1, 13)] + ["2024-01"]
    assert summary.months.quarters() == {"2023-Q1": 1, "2023-Q2": 1, "2023-Q3": 0, "2023-Q4": 0, "2024-Q1": 1}
    # Typing the same dates is the same report year.
    assert period_between(store.settings, date(2023, 1, 19), date(2024, 1, 18)).year == 2023


def test_the_complaint_table_lists_the_complaint_categories_only(make_store):
    store, cases = make_store("politie")
    cases.add("1/3/2023", type="Klacht politieoptreden", category="Attitude", qualification="Ongegrond",
              answered="1/4/2023")
    cases.add("2/3/2023", type="Melding reguliere werking", category="Drugs")
    summary = year(store, 2023)
    expected = [c.label for c in load_preset("politie").categories if "Klacht politieoptreden" in c.types]
    assert [row.category for row in summary.categories.rows] == expected
    assert summary.categories.total == 1 and summary.total == 2
    assert summary.by_type.current() == {"Felicitatie": 0, "Klacht politieoptreden": 1,
                                         "Melding reguliere werking": 1, "Suggestie": 0, "Vraag om informatie": 0}


def test_a_typed_period_compares_with_periods_of_the_same_length(make_store):
    store, cases = make_store()
    for day in ("28/11/2022", "29/11/2022", "28/2/2023", "1/3/2023", "31/5/2023", "1/6/2023"):
        cases.add(day)
    summary = compute_summary(store, date(2023, 3, 1), date(2023, 5, 31), TODAY)
    assert summary.period.year is None and summary.period.label == "1/3/2023–31/5/2023"
    assert [(p.start, p.end) for p in summary.previous_periods] == [
        (date(2022, 8, 29), date(2022, 11, 28)), (date(2022, 11, 29), date(2023, 2, 28))]  # 92 days each
    assert summary.by_type.totals == (1, 2, 2)
    assert list(summary.months.quarters()) == ["2023-Q1", "2023-Q2"]
    with pytest.raises(DomainError, match="ligt vóór de begindatum"):
        compute_summary(store, date(2023, 5, 31), date(2023, 3, 1), TODAY)


def test_closure_days_are_left_out_of_lead_times(make_store):
    summer, christmas = (date(2023, 7, 1), date(2023, 8, 31)), (date(2023, 12, 25), date(2024, 1, 5))
    store, cases = make_store(closures=(summer, christmas), lead_time_thresholds=(7, 20))
    pairs = [("20/6/2023", "10/9/2023"),   # 82 days, 62 of them in the summer closure: 20
             ("1/7/2023", "15/7/2023"),    # entirely in the closure: 0
             ("30/8/2023", "5/9/2023"),    # one closure day after receipt: 5
             ("20/12/2023", "10/1/2024")]  # 21 days, 12 in the Christmas closure: 9
    for received, answered in pairs:
        cases.add(received, qualification="Ongegrond", answered=answered)
    (klacht,) = year(store, 2023).timeliness
    engine = [lead_time(received, answered, store.settings.calendar) for received, answered in _closed(store)]
    assert engine == [20, 0, 5, 9]
    assert klacht.lead_days_total == sum(engine) == 34
    assert klacht.avg_lead_days == 8.5
    assert klacht.within == (2, 4)


def _closed(store) -> list[tuple[date, date]]:
    with store.sessions.read() as session:
        rows = session.execute(text("SELECT received, answered FROM case_file ORDER BY received")).all()
    return [(as_date(received), as_date(answered)) for received, answered in rows]


def test_on_time_late_and_open_overdue_as_of_today(make_store):
    store, cases = make_store("algemeen")  # Klacht: 45 days, extendable by 15
    cases.add("1/3/2023", qualification="Gegrond", answered="15/4/2023")  # day 45: on time
    cases.add("1/3/2023", qualification="Gegrond", answered="16/4/2023")  # day 46: late
    cases.add("1/3/2023", qualification="Gegrond", answered="20/4/2023", extension_days=10)  # due 25/4: on time
    cases.add("1/10/2023")  # open, due 15/11/2023
    cases.add("1/10/2023", type="Vraag")  # open, due 15/10/2023 (14 days)
    on_due_day = year(store, 2023, today=date(2023, 11, 15))
    klacht, _, vraag = on_due_day.timeliness[:3]
    assert [t.type for t in on_due_day.timeliness] == ["Klacht", "Melding", "Vraag", "Suggestie", "Compliment"]
    assert (klacht.count, klacht.closed, klacht.on_time, klacht.late, klacht.open_overdue) == (4, 3, 2, 1, 0)
    assert (vraag.count, vraag.closed, vraag.open_overdue) == (1, 0, 1)
    day_after = year(store, 2023, today=date(2023, 11, 16))
    assert day_after.timeliness[0].open_overdue == 1
    assert day_after.timeliness_total.open_overdue == 2
    assert klacht.lead_days_total == 45 + 46 + 50 and klacht.avg_lead_days == 47.0


def test_average_lead_time_rounds_halves_up():
    assert average(43, 2) == 21.5
    assert average(4289, 200) == 21.4  # 21.445
    assert average(2145, 100) == 21.5  # 21.45, which a float would round down
    assert average(0, 0) is None


def test_shares_within_the_thresholds(make_store):
    store, cases = make_store()  # thresholds 14 and 20
    for answered in ("15/1/2023", "21/1/2023", "22/1/2023", "28/1/2023"):  # 14, 20, 21, 27 days
        cases.add("1/1/2023", qualification="Ongegrond", answered=answered)
    summary = year(store, 2023)
    assert summary.timeliness[0].within == (1, 2)
    row = texts(table(summary, "timeliness"))[0]
    assert row[-4:] == ["1", "25,0%", "2", "50,0%"]
    assert row[7] == "20,5"  # (14 + 20 + 21 + 27) / 4


def test_repeated_complaints_per_category(make_store):
    store, cases = make_store("algemeen")
    first = cases.add("5/12/2022", category="Dienstverlening")
    cases.add("5/1/2023", category="Dienstverlening", repeat_of=first)
    cases.add("6/1/2023", category="Dienstverlening")
    cases.add("7/1/2023", category="Bejegening", repeat_of=first)
    cases.add("8/1/2023", type="Vraag", category="Dienstverlening", repeat_of=first)  # a question: not counted
    summary = year(store, 2023)
    rows = {row.category: row for row in summary.categories.rows}
    assert (rows["Dienstverlening"].total, rows["Dienstverlening"].repeated) == (2, 1)
    assert rows["Bejegening"].repeated == 1
    assert summary.categories.repeated == 2
    assert texts(table(summary, "repeated"))[0] == ["Dienstverlening", "2", "1", "50,0%"]


def test_admissibility_by_reason(make_store):
    store, cases = make_store()
    cases.add("1/2/2023", admissible=False, reason="Anoniem")
    cases.add("2/2/2023", qualification="Niet ontvankelijk – onbevoegd", answered="3/2/2023")
    cases.add("3/2/2023", admissible=False, reason="onbevoegd")
    cases.add("4/2/2023", qualification="Gegrond", answered="5/3/2023")
    cases.add("5/2/2023")
    adm = year(store, 2023).admissibility
    assert (adm.admissible, adm.not_admissible, adm.unchecked) == (1, 3, 1)
    assert adm.reasons == (("Onbevoegd", 2), ("Anoniem", 1))


def test_founded_and_partly_founded_per_category(make_store):
    store, cases = make_store("algemeen")
    for qualification in ("Gegrond", "Deels gegrond", "Ongegrond", "Niet ontvankelijk – onbevoegd"):
        cases.add("1/3/2023", category="Facturatie", qualification=qualification, answered="2/3/2023")
    summary = year(store, 2023)
    founded = table(summary, "founded")
    assert founded.header == ("Categorie", "Klachten", "Gegrond", "Deels gegrond", "% (deels) gegrond")
    assert texts(founded)[4] == ["Facturatie", "4", "1", "1", "50,0%"]
    assert texts(founded)[-1] == ["Totaal", "4", "1", "1", "50,0%"]
    categories = table(summary, "categories")
    assert categories.header == ("Categorie", "Aantal", "Gegrond", "Deels gegrond", "Ongegrond",
                                 "Niet ontvankelijk – onbevoegd")  # empty qualification columns left out


def test_per_entity_per_month(make_store):
    store, cases = make_store("zorgbedrijf")
    cases.add("3/1/2023", entity="Zorgbedrijf Brasschaat")
    cases.add("4/1/2023", entity="Zorgbedrijf Brasschaat")
    cases.add("5/2/2023", entity="Zorgbedrijf Vlaanderen")
    cases.add("6/2/2023")
    months = year(store, 2023).months
    assert months.entities == ("Zorgbedrijf Antwerpen", "Zorgbedrijf Brasschaat", "Zorgbedrijf Vlaanderen", MISSING)
    assert months.rows[0].by_entity == (0, 2, 0, 0)
    assert months.rows[1].by_entity == (0, 0, 1, 1)
    assert texts(table(year(store, 2023), "entities"))[-1] == ["Totaal", "0", "2", "1", "1", "4"]


def test_new_versus_closed_per_month_counts_answers_in_the_month(make_store):
    store, cases = make_store()
    cases.add("20/12/2022", qualification="Ongegrond", answered="10/1/2023")  # closed in January 2023
    cases.add("5/1/2023", qualification="Ongegrond", answered="10/2/2023")
    cases.add("6/1/2023")
    rows = year(store, 2023).months.rows
    assert (rows[0].received, rows[0].closed) == (2, 1)
    assert (rows[1].received, rows[1].closed) == (0, 1)


def test_retired_labels_show_only_with_cases_and_missing_values_are_named(make_store):
    store, cases = make_store()
    with store.sessions.write() as session:
        session.execute(text("UPDATE channel SET active = FALSE WHERE label IN ('Sociale media', 'Zonecommandant')"))
    store.refresh()
    cases.add("1/3/2023", channel="Sociale media")
    cases.add("2/3/2023")
    current = year(store, 2023).by_channel.current()
    assert "Zonecommandant" not in current
    assert current["Sociale media"] == 1 and current[MISSING] == 1
    assert sum(current.values()) == 2


def test_an_empty_period_has_zeros_everywhere(make_store):
    store, _ = make_store()
    summary = year(store, 2023)
    assert summary.total == 0 and summary.narrative == () and summary.extra_actions == ()
    assert all(row.total == 0 for row in summary.categories.rows)
    assert summary.timeliness[0].avg_lead_days is None
    assert texts(table(summary, "timeliness"))[0][7] == "–"


def test_an_organisation_without_complaint_types_still_gets_its_report(make_store):
    store, cases = make_store("algemeen")
    with store.sessions.write() as session:
        session.execute(text("UPDATE signal_type SET complaint = FALSE"))
    store.refresh()
    cases.add("1/3/2023", category="Facturatie")
    summary = year(store, 2023)
    assert summary.total == 1 and summary.categories.total == 0 and summary.narrative == ()
    assert summary.complaint_types == ()
    categories = next(s for s in report_sections(summary) if s.key == "categories")
    assert categories.text == ("Geen enkel type van de organisatie telt als klacht.",)


def test_the_narrative_compares_the_complaints_with_the_year_before(make_store):
    from klachtendesk.report import narrative

    store, cases = make_store()
    for day in range(1, 13):
        cases.add(f"{day}/3/2022", category="Overlast", qualification="Ongegrond", answered=f"{day}/4/2022")
    for day in range(1, 14):
        cases.add(f"{day}/3/2023", category="Overlast", qualification="Ongegrond", answered=f"{day}/4/2023")
    intro = narrative(year(store, 2023)).intro
    assert intro == "In 2023 kregen we in totaal dertien klachten. Dat is er één meer dan in 2022 (twaalf)."
    assert narrative(year(store, 2022)).intro == "In 2022 kregen we in totaal twaalf klachten."  # 2021: no cases
