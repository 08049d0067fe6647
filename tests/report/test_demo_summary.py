"""The demo store's 2023 report reproduces the fire zone's published figures (DOMAIN.md §6)."""

from __future__ import annotations

import csv
from datetime import date, timedelta

import pytest
from engine_params import both_engines
from fire_zone_2023 import PUBLISHED, PUBLISHED_CHANNELS, PUBLISHED_TOTALS

from klachtendesk.demo import demo_fixture
from klachtendesk.domain.dates import parse_date
from klachtendesk.domain.deadlines import lead_time
from klachtendesk.report import compute_summary, narrative, year_period
from klachtendesk.report.summary import MISSING, PENDING

pytestmark = both_engines

TODAY = date(2026, 11, 27)

@pytest.fixture
def summary_2023(demo):
    period = year_period(demo.settings, 2023)
    return compute_summary(demo, period.start, period.end, TODAY)


def test_category_by_qualification_equals_the_published_table(summary_2023):
    table = summary_2023.categories
    assert [row.category for row in table.rows] == list(PUBLISHED)  # every category, in the preset's order
    for row in table.rows:
        assert table.by_outcome(row) == PUBLISHED[row.category], row.category
        assert row.total == sum(PUBLISHED[row.category].values())
    assert table.by_outcome() == PUBLISHED_TOTALS
    assert table.total == 13


def test_channels_equal_the_published_figures(summary_2023):
    assert summary_2023.by_channel.current() == PUBLISHED_CHANNELS
    assert summary_2023.by_type.current() == {"Klacht": 13}
    assert summary_2023.total == 13


def test_previous_years_stand_beside_the_report_year(demo):
    period = year_period(demo.settings, 2025)
    summary = compute_summary(demo, period.start, period.end, TODAY)
    assert [p.label for p in summary.by_channel.periods] == ["2023", "2024", "2025"]
    channels = summary.by_channel
    first_year = {label: counts[0] for label, counts in zip(channels.labels, channels.counts, strict=True)}
    assert first_year == PUBLISHED_CHANNELS
    assert summary.by_type.totals == (13, 0, 0)


def test_months_and_quarters(summary_2023):
    months = summary_2023.months
    assert [(r.month, r.received) for r in months.rows if r.received] == [
        ("2023-01", 1), ("2023-03", 1), ("2023-04", 2), ("2023-05", 1), ("2023-06", 3), ("2023-08", 2),
        ("2023-09", 1), ("2023-11", 2)]
    assert len(months.rows) == 12
    assert [(r.month, r.closed) for r in months.rows if r.closed] == [
        ("2023-02", 1), ("2023-04", 1), ("2023-05", 1), ("2023-06", 2), ("2023-07", 2), ("2023-08", 1),
        ("2023-09", 3), ("2023-12", 2)]
    assert months.quarters() == {"2023-Q1": 2, "2023-Q2": 6, "2023-Q3": 3, "2023-Q4": 2}
    assert months.entities == ()  # the fire zone has no entities


def _fixture_cases() -> list[tuple[date, date]]:
    with demo_fixture().open(encoding="utf-8-sig") as handle:
        rows = csv.DictReader(handle, delimiter=";")
        return [(parse_date(r["ontvangen"]), parse_date(r["afgesloten"])) for r in rows]


def test_timeliness_agrees_with_the_deadline_engine(summary_2023):
    """Recomputed case by case with domain.deadlines from the fixture: the SQL must agree."""
    cases = _fixture_cases()
    leads = [lead_time(received, answered) for received, answered in cases]
    (klacht,) = summary_2023.timeliness
    assert (klacht.type, klacht.count, klacht.closed) == ("Klacht", 13, 13)
    assert klacht.on_time == sum(answered <= received + timedelta(days=45) for received, answered in cases) == 12
    assert klacht.late == 1
    assert klacht.open_overdue == 0
    assert klacht.lead_days_total == sum(leads) == 489
    assert klacht.avg_lead_days == 37.6
    assert klacht.within == (sum(d <= 14 for d in leads), sum(d <= 20 for d in leads)) == (1, 1)


def test_admissibility_and_extra_actions(summary_2023):
    adm = summary_2023.admissibility
    assert (adm.admissible, adm.not_admissible, adm.unchecked) == (12, 1, 0)
    assert adm.reasons == (("Onbevoegd", 1),)
    assert [(a.reference, a.category, a.done) for a in summary_2023.extra_actions] == [
        ("2023-0005", "Overlast", date(2023, 6, 20)),
        ("2023-0006", "Dienstverlening", date(2024, 3, 1)),
        ("2023-0007", "Discriminatie", date(2024, 2, 15)),
        ("2023-0012", "Dienstverlening", date(2023, 11, 20)),
    ]
    assert summary_2023.extra_actions[1].title == "Geen nazorg na interventie in zelfde gebouw"


def test_the_narrative_reads_like_the_published_chapter(summary_2023):
    story = narrative(summary_2023)
    assert story.intro == "In 2023 kregen we in totaal dertien klachten."
    assert [(c.category, c.sentence) for c in story.categories] == [
        ("Overlast", "We kregen in 2023 twee klachten over overlast, allebei ongegrond."),
        ("Dienstverlening",
         "Zes daarvan hadden betrekking op dienstverlening, waarvan twee gegrond."),
        ("Discriminatie", "Eén daarvan had betrekking op discriminatie en was gegrond."),
        ("Voorbeeldgedrag verkeer",
         "Drie daarvan hadden betrekking op voorbeeldgedrag verkeer, waarvan twee gegrond en één betwist."),
        ("Overig", "Eén daarvan had betrekking op overig en was niet ontvankelijk (onbevoegd)."),
    ]
    service = story.categories[1]
    assert [c.heading for c in service.cases] == [
        "21/3/2023 – Schade aan brandalarm na poging tot resetten",
        "6/4/2023 – Wegdek nog steeds vuil na reinigen",
        "6/6/2023 – Geen nazorg na interventie in zelfde gebouw",
        "8/8/2023 – Heropflakkering brand: brandwacht nodig?",
        "10/11/2023 – Parkeerboete aan Carrefour Luchtbal",
        "10/11/2023 – Hoornaarploeg zonder ervaring",
    ]
    aftercare = dict(service.cases[2].paragraphs)
    assert aftercare["Klacht"].startswith("Na een brand in het appartementsgebouw")
    assert aftercare["Onderzoek"].startswith("Er was geen nazorg voorzien")
    assert aftercare[""] == "De klacht is gegrond."
    assert aftercare["Extra actie"] == ("Een nazorgfolder in het Nederlands, Frans, Duits en Engels ligt vanaf "
                                       "2024 in elk voertuig. Uitgevoerd op 1/3/2024.")
    terraces = dict(story.categories[-1].cases[0].paragraphs)
    assert terraces[""] == "De klacht is niet ontvankelijk: onbevoegd."


def test_the_open_year_counts_overdue_cases_as_of_today(demo):
    period = year_period(demo.settings, 2026)
    summary = compute_summary(demo, period.start, period.end, TODAY)
    (klacht,) = summary.timeliness
    # 2026-0001 (due 10/11) and 2026-0002 (due 22/11) are late; 2026-0004 is due today, not late.
    assert (klacht.count, klacht.closed, klacht.open_overdue, klacht.avg_lead_days) == (7, 0, 2, None)
    later = compute_summary(demo, period.start, period.end, date(2026, 11, 30))
    assert later.timeliness[0].open_overdue == 4  # 2026-0004 (27/11) and 2026-0003 (29/11) too
    rows = {row.category: row for row in summary.categories.rows}
    assert rows["Overlast"].repeated == 1  # Luc Maes's night sirens again
    assert summary.categories.repeated == 1
    assert rows[MISSING].counts[-1] == 1 and summary.categories.outcomes[-1].label == PENDING
    adm = summary.admissibility
    assert (adm.admissible, adm.not_admissible, adm.unchecked) == (2, 0, 5)
    assert narrative(summary).categories[-1].sentence == "Eén daarvan had geen categorie en is nog in behandeling."
