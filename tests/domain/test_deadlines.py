"""The deadline engine on real Belgian dates."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from klachtendesk.domain.calendar import WorkCalendar
from klachtendesk.domain.deadlines import (
    Term,
    Urgency,
    acknowledgement_due,
    check_extension,
    due_date,
    due_soon_limit,
    is_on_time,
    lead_time,
    urgency,
)
from klachtendesk.domain.errors import DomainError

BE = WorkCalendar("BE")


def test_21_working_days_over_christmas_and_new_year():
    # 20/12/2023 is a Wednesday; 25/12 and 1/1 are public holidays, 26/12 is not.
    assert due_date(date(2023, 12, 20), Term(21, "werkdagen"), BE) == date(2024, 1, 22)


def test_working_days_skip_easter_monday_2024():
    # Thursday 28/3/2024 + 5 working days: Fri 29/3, (Mon 1/4 Easter Monday), 2, 3, 4, 5/4.
    assert due_date(date(2024, 3, 28), Term(5, "werkdagen"), BE) == date(2024, 4, 5)


def test_working_days_skip_assumption_day():
    # Tuesday 13/8/2024 + 3 working days: Wed 14, (Thu 15 August), Fri 16, Mon 19.
    assert due_date(date(2024, 8, 13), Term(3, "werkdagen"), BE) == date(2024, 8, 19)


def test_calendar_days_ignore_holidays():
    assert due_date(date(2024, 3, 28), Term(5, "kalenderdagen"), BE) == date(2024, 4, 2)


def test_received_on_a_saturday_counts_from_monday():
    saturday = date(2024, 3, 2)
    assert due_date(saturday, Term(1, "werkdagen"), BE) == date(2024, 3, 4)
    assert due_date(saturday, Term(21, "kalenderdagen"), BE) == date(2024, 3, 23)


def test_extension_adds_days_in_the_terms_unit():
    zorg = Term(14, "kalenderdagen", max_extension=6)
    assert due_date(date(2023, 5, 2), zorg, BE, extension_days=6) == date(2023, 5, 22)
    stad = Term(21, "werkdagen", max_extension=10)
    assert due_date(date(2023, 12, 20), stad, BE, extension_days=1) == date(2024, 1, 23)


def test_extension_beyond_the_maximum_is_refused():
    with pytest.raises(DomainError, match="hoogstens 6 kalenderdagen"):
        check_extension(Term(14, "kalenderdagen", max_extension=6), 7, "drukte")


def test_extension_needs_a_reason_and_an_allowing_type():
    with pytest.raises(DomainError, match="reden"):
        check_extension(Term(14, max_extension=6), 3, "  ")
    with pytest.raises(DomainError, match="geen verlenging"):
        check_extension(Term(45), 3, "drukte")
    with pytest.raises(DomainError, match="negatief"):
        check_extension(Term(14, max_extension=6), -2, "x")
    check_extension(Term(14, max_extension=6), 6, "wacht op verslag")  # allowed


def test_closures_are_left_out_of_lead_times():
    school = WorkCalendar("BE", ((date(2023, 7, 1), date(2023, 8, 31)),))
    # 20/6 -> 10/9/2023 is 82 days, 62 of them in the summer closure.
    assert lead_time(date(2023, 6, 20), date(2023, 9, 10), school) == 20
    assert lead_time(date(2023, 6, 20), date(2023, 9, 10), BE) == 82


def test_closures_are_left_out_of_working_days():
    school = WorkCalendar("BE", ((date(2023, 7, 1), date(2023, 8, 31)),))
    # Friday 30/6/2023 + 1 working day: July and August closed, Fri 1/9.
    assert due_date(date(2023, 6, 30), Term(1, "werkdagen"), school) == date(2023, 9, 1)


def test_on_time_is_on_or_before_the_due_date():
    assert is_on_time(date(2023, 2, 26), date(2023, 2, 26))
    assert not is_on_time(date(2023, 2, 27), date(2023, 2, 26))


def test_acknowledgement_due_in_calendar_days():
    assert acknowledgement_due(date(2023, 12, 29), 5) == date(2024, 1, 3)


def test_urgency_due_soon_means_within_three_working_days():
    friday = date(2026, 11, 27)
    assert urgency(date(2026, 11, 26), friday, BE) is Urgency.OVERDUE
    assert urgency(friday, friday, BE) is Urgency.DUE_SOON
    # Mon 30/11, Tue 1/12, Wed 2/12 are the three working days after Friday.
    assert urgency(date(2026, 12, 2), friday, BE) is Urgency.DUE_SOON
    assert urgency(date(2026, 12, 3), friday, BE) is Urgency.ON_TRACK
    assert due_soon_limit(friday, BE) == date(2026, 12, 2)


def test_urgency_agrees_with_counting_the_working_days():
    # urgency() compares with the day's due_soon_limit; it must say what counting says.
    closed = WorkCalendar("BE", closures=((date(2026, 7, 1), date(2026, 8, 31)),))
    for calendar in (BE, closed):
        for offset in range(366):
            today = date(2026, 1, 1) + timedelta(days=offset)
            for ahead in range(-2, 16):
                due = today + timedelta(days=ahead)
                counted = (Urgency.OVERDUE if due < today else Urgency.DUE_SOON
                           if calendar.working_days_between(today, due) <= 3 else Urgency.ON_TRACK)
                assert urgency(due, today, calendar) is counted, (today, due)


def test_due_soon_limit_stretches_over_a_weekend_and_holiday():
    # Wednesday 23/12/2026: Thu 24, (Fri 25 Christmas), Mon 28, Tue 29 -> limit Tue 29.
    assert due_soon_limit(date(2026, 12, 23), BE) == date(2026, 12, 29)
    # Thursday 26/11/2026: Fri 27, Mon 30, Tue 1/12 -> limit Tue 1/12.
    assert due_soon_limit(date(2026, 11, 26), BE) == date(2026, 12, 1)


def test_urgency_is_left_open_until_the_days_due_soon_limit_is_known():
    from klachtendesk.domain import deadlines

    today = date(2024, 3, 28)  # Thursday before Easter: Easter Monday 1/4 is not a working day
    deadlines._limits.clear()
    assert deadlines.urgency_if_known(date(2024, 3, 27), today, BE) is deadlines.Urgency.OVERDUE
    assert deadlines.urgency_if_known(date(2024, 4, 3), today, BE) is None  # not computed yet
    assert deadlines.cached_due_soon_limit(today, BE) == date(2024, 4, 3)  # Fri, Tue, Wed
    assert deadlines.urgency_if_known(date(2024, 4, 3), today, BE) is deadlines.Urgency.DUE_SOON
    assert deadlines.urgency_if_known(date(2024, 4, 4), today, BE) is deadlines.Urgency.ON_TRACK
    deadlines._limits.clear()


# -- school holidays (Stedelijk Onderwijs): the Flemish community's, from the holidays package ----

SCHOOLS = WorkCalendar("BE", school_holidays="Flemish")


def test_a_question_received_in_the_summer_holiday_counts_from_the_first_school_day():
    # Received Friday 10/7/2026, in the summer holiday (1/7-31/8/2026): a question's 8 days
    # are Tue 1/9 ... Tue 8/9, not 18/7, which lies inside the holiday.
    vraag = Term(8, "kalenderdagen")
    assert due_date(date(2026, 7, 10), vraag, SCHOOLS) == date(2026, 9, 8)
    assert due_date(date(2026, 7, 10), vraag, BE) == date(2026, 7, 18)
    # Answered Thursday 3/9/2026: 55 calendar days, of which 52 in the holiday.
    assert lead_time(date(2026, 7, 10), date(2026, 9, 3), SCHOOLS) == 3
    assert is_on_time(date(2026, 9, 3), due_date(date(2026, 7, 10), vraag, SCHOOLS))


def test_a_complaints_term_steps_over_the_christmas_holiday():
    # Monday 1/12/2025 + 28 days: 2/12-21/12 is 20 days, the Christmas holiday runs from
    # 22/12/2025 to 4/1/2026, then 5/1 ... 12/1 are the last 8.
    assert due_date(date(2025, 12, 1), Term(28, "kalenderdagen"), SCHOOLS) == date(2026, 1, 12)
    assert lead_time(date(2025, 12, 1), date(2026, 1, 12), SCHOOLS) == 28


def test_a_term_never_ends_inside_the_school_holidays():
    term = Term(8, "kalenderdagen")
    for offset in range(2 * 365):
        received = date(2025, 1, 1) + timedelta(days=offset)
        due = due_date(received, term, SCHOOLS)
        assert not SCHOOLS.is_closed(due), received
        # The one rule: answered on the due date is on time and took exactly the term.
        assert lead_time(received, due, SCHOOLS) == 8, received


def test_closure_ranges_merge_the_presets_closures_with_the_school_holidays():
    calendar = WorkCalendar("BE", closures=((date(2026, 6, 29), date(2026, 7, 3)),), school_holidays="Flemish")
    ranges = calendar.closure_ranges(date(2026, 6, 1), date(2026, 9, 30))
    # The preset's closure runs into the summer holiday: one range; clipped to the window.
    assert ranges == ((date(2026, 6, 29), date(2026, 8, 31)),)
    assert calendar.closure_ranges(date(2026, 7, 10), date(2026, 7, 20)) == ((date(2026, 7, 10), date(2026, 7, 20)),)
    assert BE.closure_ranges(date(2026, 1, 1), date(2026, 12, 31)) == ()
    # A holiday across the new year comes out whole, from both years' lists.
    christmas = SCHOOLS.closure_ranges(date(2025, 12, 15), date(2026, 1, 15))
    assert christmas == ((date(2025, 12, 22), date(2026, 1, 4)),)


def test_an_unknown_community_is_refused_in_dutch():
    from klachtendesk.domain.calendar import check_school_holidays

    with pytest.raises(DomainError, match="kies uit: Flemish, French, German"):
        check_school_holidays("BE", "Vlaanderen")
