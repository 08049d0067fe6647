"""The Dutch the report writes: number words, één/een, lists, and the narrative's sentences."""

from __future__ import annotations

from datetime import date

import pytest

from klachtendesk.report.dutch import (
    capitalise,
    decimal,
    integer,
    join,
    lower_first,
    number,
    percent,
    split_label,
)
from klachtendesk.report.narrative import (
    case_text,
    category_sentence,
    outcome_words,
    qualification_sentence,
)
from klachtendesk.report.period import Period
from klachtendesk.report.summary import MISSING, PENDING, CategoryCases, ComplaintCase

YEAR_2023 = Period(date(2023, 1, 1), date(2023, 12, 31), 2023)

WORDS = ["nul", "één", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien", "elf",
         "twaalf", "dertien", "veertien", "vijftien", "zestien", "zeventien", "achttien", "negentien", "twintig"]


@pytest.mark.parametrize(("n", "word"), list(enumerate(WORDS)))
def test_numbers_up_to_twenty_are_words(n, word):
    assert number(n) == word


@pytest.mark.parametrize(("n", "text"), [(21, "21"), (30, "dertig"), (45, "45"), (100, "honderd"),
                                         (101, "101"), (1066, "1.066"), (223864, "223.864")])
def test_larger_numbers_are_digits_except_round_tens(n, text):
    assert number(n) == text


def test_the_numeral_one_has_accents_and_capitalises_as_een_with_one_accent():
    assert number(1) == "één"
    assert capitalise(number(1)) == "Eén"
    assert capitalise(number(6)) == "Zes"
    assert capitalise("een klacht") == "Een klacht"  # the article keeps no accents


def test_numbers_in_digits_and_percentages_are_belgian():
    assert integer(1283) == "1.283"
    assert decimal(21.4) == "21,4"
    assert decimal(37.0) == "37,0"
    assert decimal(1234.5) == "1.234,5"
    assert percent(7, 13) == "53,8%"
    assert percent(130, 580) == "22,4%"  # Woonhaven: not answered in time
    assert percent(0, 0) == "–"


def test_labels_inside_a_sentence_start_lower_case_but_keep_abbreviations():
    assert lower_first("Voorbeeldgedrag verkeer") == "voorbeeldgedrag verkeer"
    assert lower_first("Afhandeling JUR") == "afhandeling JUR"
    assert lower_first("JUR-dossier") == "JUR-dossier"
    assert lower_first("ABC") == "ABC"


def test_lists_join_with_commas_and_en():
    assert join([]) == ""
    assert join(["twee gegrond"]) == "twee gegrond"
    assert join(["twee gegrond", "vier ongegrond"]) == "twee gegrond en vier ongegrond"
    assert join(["a", "b", "c"]) == "a, b en c"


def test_a_qualification_splits_at_its_dash_whatever_the_dash():
    assert split_label("Niet ontvankelijk – onbevoegd") == ("Niet ontvankelijk", "onbevoegd")
    assert split_label("Niet ontvankelijk - onbevoegd") == ("Niet ontvankelijk", "onbevoegd")
    assert split_label("Gegrond") == ("Gegrond", "")
    assert split_label("Geen/onvoldoende gevolg") == ("Geen/onvoldoende gevolg", "")


def _section(category: str, *outcomes: tuple[str, int]) -> CategoryCases:
    return CategoryCases(category, tuple(outcomes), ())


@pytest.mark.parametrize(("section", "first", "sentence"), [
    (_section("Overlast", ("Ongegrond", 2)), True,
     "We kregen in 2023 twee klachten over overlast, allebei ongegrond."),
    (_section("Dienstverlening", ("Gegrond", 2), ("Ongegrond", 4)), False,
     "Zes daarvan hadden betrekking op dienstverlening, waarvan twee gegrond."),
    (_section("Dienstverlening", ("Gegrond", 2), ("Ongegrond", 4)), True,
     "We kregen in 2023 zes klachten over dienstverlening, waarvan twee gegrond."),
    (_section("Discriminatie", ("Gegrond", 1)), False,
     "Eén daarvan had betrekking op discriminatie en was gegrond."),
    (_section("Discriminatie", ("Gegrond", 1)), True,
     "We kregen in 2023 één klacht over discriminatie, die gegrond was."),
    (_section("Voorbeeldgedrag verkeer", ("Gegrond", 2), ("Betwist", 1)), False,
     "Drie daarvan hadden betrekking op voorbeeldgedrag verkeer, waarvan twee gegrond en één betwist."),
    (_section("Voorbeeldgedrag verkeer", ("Gegrond", 1), ("Betwist", 1), ("Ongegrond", 1)), False,
     "Drie daarvan hadden betrekking op voorbeeldgedrag verkeer, waarvan één gegrond en één betwist."),
    (_section("Attitude", ("Gegrond – individuele disfunctie", 2), ("Ongegrond", 5), ("Afhandeling JUR", 1),
              ("Nog in onderzoek", 1)), False,
     "Negen daarvan hadden betrekking op attitude, waarvan twee gegrond (individuele disfunctie), "
     "één afhandeling JUR en één nog in onderzoek."),
    (_section("Overlast", ("Ongegrond", 2), ("Betwist", 1)), False,
     "Drie daarvan hadden betrekking op overlast, waarvan twee ongegrond en één betwist."),
    (_section("Facturatie", ("Ongegrond", 3)), False,
     "Drie daarvan hadden betrekking op facturatie, alle drie ongegrond."),
    (_section("Facturatie", ("Ongegrond", 25)), False,
     "25 daarvan hadden betrekking op facturatie, alle 25 ongegrond."),
    (_section("Overig", ("Niet ontvankelijk – onbevoegd", 1)), False,
     "Eén daarvan had betrekking op overig en was niet ontvankelijk (onbevoegd)."),
    (_section("Schadegeval", (PENDING, 1)), False,
     "Eén daarvan had betrekking op schadegeval en is nog in behandeling."),
    (_section("Schadegeval", ("Gegrond", 1), (PENDING, 2)), True,
     "We kregen in 2023 drie klachten over schadegeval, waarvan één gegrond en twee nog in behandeling."),
    (_section(MISSING, (PENDING, 2)), False,
     "Twee daarvan hadden geen categorie, allebei nog in behandeling."),
    (_section(MISSING, (PENDING, 1)), True,
     "We kregen in 2023 één klacht zonder categorie, die nog in behandeling is."),
])
def test_category_sentences(section, first, sentence):
    assert category_sentence(section, YEAR_2023, first=first) == sentence


def test_a_typed_period_is_named_by_its_dates():
    spring = Period(date(2023, 3, 1), date(2023, 5, 31))
    assert category_sentence(_section("Overlast", ("Ongegrond", 2)), spring, first=True) == (
        "We kregen van 1/3/2023 tot en met 31/5/2023 twee klachten over overlast, allebei ongegrond.")


@pytest.mark.parametrize(("label", "sentence"), [
    ("Gegrond", "De klacht is gegrond."),
    ("Deels gegrond", "De klacht is deels gegrond."),
    ("Betwist", "De klacht is betwist."),
    ("Niet ontvankelijk – onbevoegd", "De klacht is niet ontvankelijk: onbevoegd."),
    ("Gegrond – individuele disfunctie", "De klacht is gegrond: individuele disfunctie."),
    ("Nog in onderzoek", "De klacht is nog in onderzoek."),
    ("Afhandeling JUR", "Eindkwalificatie: Afhandeling JUR."),
    ("", "De klacht is nog in behandeling."),
])
def test_qualification_sentences(label, sentence):
    assert qualification_sentence(label) == sentence


def test_outcome_words_inside_a_list():
    assert outcome_words("Niet ontvankelijk – geen onderzoek/onvoldoende gegevens") == \
        "niet ontvankelijk (geen onderzoek/onvoldoende gegevens)"
    assert outcome_words(PENDING) == "nog in behandeling"


def test_a_case_tells_date_title_account_investigation_qualification_and_extra_action():
    case = ComplaintCase(
        reference="2023-0006", received=date(2023, 6, 6), title="Geen nazorg",
        description="De bewoners kregen geen uitleg.\n", motivation="Er was geen nazorg voorzien.",
        qualification="Gegrond", extra_action="Een nazorgfolder in vier talen", extra_action_done=None,
    )
    text = case_text(case)
    assert text.heading == "6/6/2023 – Geen nazorg"
    assert text.paragraphs == (
        ("Klacht", "De bewoners kregen geen uitleg."),
        ("Onderzoek", "Er was geen nazorg voorzien."),
        ("", "De klacht is gegrond."),
        ("Extra actie", "Een nazorgfolder in vier talen. Nog niet uitgevoerd."),
    )


def test_a_case_without_texts_still_says_its_qualification():
    case = ComplaintCase("2023-0001", date(2023, 1, 2), "Kort", "", "", "Ongegrond")
    assert case_text(case).paragraphs == (("", "De klacht is ongegrond."),)
