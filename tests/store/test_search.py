"""Search gives the same hits on SQLite (FTS5) and PostgreSQL (tsvector with unaccent).

Every expectation below is written out once and checked on both engines: case and accents
ignored, words found by their beginning, every word required, punctuation splitting words
the same way, references found by their first characters, and the open views' index
following a case as it closes and reopens.
"""

from __future__ import annotations

from datetime import date

import pytest
from engine_params import both_engines
from hostile import HOSTILE_STRINGS as HOSTILE

from klachtendesk import clock
from klachtendesk.store import actions, queue
from klachtendesk.store.cases import CaseFields, create_case
from klachtendesk.store.queue import QueueQuery
from klachtendesk.store.search import find_cases

pytestmark = both_engines

TODAY = date(2026, 11, 27)

CASES = [
    # (title, description, complainant name, e-mail)
    ("Café De Kroon: lawaai", "Muziek tot 3 uur", "Jeanne Dupré", "jeanne.dupre@example.be"),
    ("Eén klacht over ÉÉN brandweerwagen", "", "", ""),
    ("Rolstoel-toegankelijkheid kazerne", "De oprit is te steil.", "Mohamed d'Hondt", ""),
    ("Sirene te luid", "Elke nacht om 2u30 (weer!)", "Luc Maes", "luc@maes.example"),
    ("Factuur_brandpreventie", "Bedrag: 1.250,00 EUR", "", "facturen@bedrijf.be"),
    # (PostgreSQL's unaccent also folds letters that carry no accent, ø or ß; FTS5 does not.)
    ("Überfall? Nee: gewoon een vergissing", "", "Åsa Ångström", ""),
]

SEARCHES = {
    "cafe": ["Café De Kroon: lawaai"],
    "CAFÉ kroon": ["Café De Kroon: lawaai"],
    "EEN": ["Eén klacht over ÉÉN brandweerwagen", "Überfall? Nee: gewoon een vergissing"],
    "één brandweer": ["Eén klacht over ÉÉN brandweerwagen"],
    "dupre": ["Café De Kroon: lawaai"],  # the complainant, accents ignored
    "example": ["Café De Kroon: lawaai", "Sirene te luid"],  # e-mail addresses split into words
    "toegankelijk": ["Rolstoel-toegankelijkheid kazerne"],  # a hyphenated word, by its second part
    "rolst": ["Rolstoel-toegankelijkheid kazerne"],  # a prefix
    "hondt": ["Rolstoel-toegankelijkheid kazerne"],  # d'Hondt
    "brandpreventie": ["Factuur_brandpreventie"],  # underscore separates
    "250": ["Factuur_brandpreventie"],  # a number inside 1.250,00
    "2u30": ["Sirene te luid"],
    "uberfall": ["Überfall? Nee: gewoon een vergissing"],
    "angstrom asa": ["Überfall? Nee: gewoon een vergissing"],
    "luid nacht": ["Sirene te luid"],  # every word, in title and description
    "luid kroon": [],  # ... and all of them
    "zzzonbekend": [],
    '"sirene"* *': ["Sirene te luid"],  # search syntax typed by a user is just words
    'NEAR(sirene)': [],  # ... all of which must match
    "de": [],  # too short to search
}


@pytest.fixture
def searched(brandweer):
    klacht = brandweer.taxonomy.find("types", "Klacht").id
    with brandweer.sessions.write() as session:
        for n, (title, description, name, email) in enumerate(CASES):
            create_case(session, CaseFields(received=date(2026, 11, 1 + n), signal_type_id=klacht, title=title,
                                            description=description, complainant_name=name,
                                            complainant_email=email),
                        user="Els", settings=brandweer.settings, taxonomy=brandweer.taxonomy, now=clock.now())
    return brandweer


def titles(store, text: str, *, open_only: bool = False) -> list[str]:
    with store.sessions.read() as session:
        return sorted(title for _id, _ref, title in find_cases(session, text, open_only=open_only))


def test_the_same_words_find_the_same_cases(searched):
    found = {text: titles(searched, text) for text in SEARCHES}
    assert found == {text: sorted(hits) for text, hits in SEARCHES.items()}


def test_references_are_found_by_their_first_characters(searched):
    with searched.sessions.read() as session:
        assert [ref for _id, ref, _t in find_cases(session, "2026-000")] == [
            "2026-0006", "2026-0005", "2026-0004", "2026-0003", "2026-0002", "2026-0001"]
        assert [ref for _id, ref, _t in find_cases(session, "2026-0003")] == ["2026-0003"]
        assert find_cases(session, "2026_000") == []  # a LIKE wildcard is a plain character


@pytest.mark.parametrize("view", ["open", "all", "closed"])
def test_the_queue_search_follows_a_case_that_closes_and_reopens(searched, view):
    def hits() -> list[str]:
        query = QueueQuery(view=view, search="sirene")
        with searched.sessions.read() as session:
            total, rows = queue.count_and_first_page(session, query, TODAY, searched.settings, 50)
            assert total == len(rows)
            return [row.title for row in rows]

    case_id = next(i for i, _r, t in find_cases_all(searched) if t == "Sirene te luid")
    assert hits() == ([] if view == "closed" else ["Sirene te luid"])
    searched.ensure_user("Els")
    case = actions.set_admissibility(searched, case_id, 1, "Els", False, "Onbevoegd")
    qualification = searched.taxonomy.find("qualifications", "Niet ontvankelijk – onbevoegd")
    case = actions.set_qualification(searched, case_id, case.version, "Els", qualification.id)
    case = actions.close(searched, case_id, case.version, "Els", TODAY, "e-mail")
    assert hits() == ([] if view == "open" else ["Sirene te luid"])
    actions.reopen(searched, case_id, case.version, "Els", "Nieuwe feiten")
    assert hits() == ([] if view == "closed" else ["Sirene te luid"])


def find_cases_all(store) -> list[tuple[int, str, str]]:
    with store.sessions.read() as session:
        return find_cases(session, "2026", limit=100)


def test_hostile_searches_break_nothing(searched):
    for hostile in HOSTILE:
        for view in ("open", "all"):
            with searched.sessions.read() as session:
                total, rows = queue.count_and_first_page(
                    session, QueueQuery(view=view, search=hostile.text), TODAY, searched.settings, 20)
                assert total == len(rows) <= len(CASES), hostile.id
