"""One rule for terms, lead time and "on time" at Stedelijk Onderwijs, whose school holidays
are left out: the case screen and the year report say the same of the same case."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import text

from klachtendesk.domain.deadlines import lead_time
from klachtendesk.report import compute_summary, year_period
from klachtendesk.store.cases import events_for, get_case
from klachtendesk.tui.desk import CaseBundle, Desk
from klachtendesk.tui.widgets.case_view import case_details

TODAY = date(2026, 11, 27)


def report(store, y=2026):
    period = year_period(store.settings, y)
    return compute_summary(store, period.start, period.end, TODAY)


def screen_text(store, case_id) -> str:
    with store.sessions.read() as session:
        case = get_case(session, case_id)
        bundle = CaseBundle(case, events_for(session, case_id))
    return case_details(bundle, Desk(store, "Test")).plain


def test_a_question_from_the_summer_holiday_is_on_time_on_screen_and_in_the_report(make_store):
    store, cases = make_store("onderwijs")
    case_id = cases.add("10/7/2026", type="Vraag", qualification="Gegrond", answered="3/9/2026")
    with store.sessions.read() as session:
        assert get_case(session, case_id).due == date(2026, 9, 8)  # not 18/7, inside the holiday
    assert "3/9/2026 per e-mail (na 3 dagen, op tijd)" in screen_text(store, case_id)
    vraag = next(t for t in report(store).timeliness if t.type == "Vraag")
    assert (vraag.closed, vraag.on_time, vraag.late, vraag.avg_lead_days) == (1, 1, 0, 3.0)


def test_late_is_late_everywhere(make_store):
    store, cases = make_store("onderwijs")
    # Received Monday 2/2/2026 (no holiday until the carnival week 16/2-22/2): due 10/2.
    case_id = cases.add("2/2/2026", type="Vraag", qualification="Ongegrond", answered="12/2/2026")
    assert "(na 10 dagen, te laat)" in screen_text(store, case_id)
    vraag = next(t for t in report(store).timeliness if t.type == "Vraag")
    assert (vraag.on_time, vraag.late, vraag.avg_lead_days) == (0, 1, 10.0)


def test_the_reports_lead_times_are_the_domains_for_every_case(make_store):
    store, cases = make_store("onderwijs")
    rng = random.Random(2026)
    for _ in range(150):
        received = date(2025, 1, 1) + timedelta(days=rng.randrange(365))
        answered = min(received + timedelta(days=rng.randrange(0, 120)), TODAY)
        cases.add(received, type=rng.choice(["Klacht", "Melding", "Vraag"]), qualification="Ongegrond",
                  answered=answered)
    with store.sessions.read() as session:
        rows = session.execute(text("SELECT received, answered, due FROM case_file")).all()
    calendar = store.settings.calendar
    leads = [lead_time(date.fromisoformat(r), date.fromisoformat(a), calendar) for r, a, _ in rows]
    on_time = sum(a <= d for _, a, d in rows)
    summary = report(store, 2025)
    assert sum(t.lead_days_total for t in summary.timeliness) == sum(leads)
    assert sum(t.on_time for t in summary.timeliness) == on_time
    assert sum(t.late for t in summary.timeliness) == len(rows) - on_time
    assert sum(leads) < sum((date.fromisoformat(a) - date.fromisoformat(r)).days for r, a, _ in rows)
