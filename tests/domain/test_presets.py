"""The shipped presets load, and follow DOMAIN.md §5."""

from __future__ import annotations

import re

import pytest

from klachtendesk.domain.errors import DomainError
from klachtendesk.domain.taxonomy import parse_preset
from klachtendesk.presets import list_presets, load_preset

ORGANISATIONS = {
    "brandweer": "Brandweer Zone Antwerpen",
    "politie": "Politiezone Antwerpen, dienst klantenmanagement",
    "stad": "Stad Antwerpen klantenmanagement",
    "onderwijs": "Stedelijk Onderwijs Antwerpen",
    "woonhaven": "Woonhaven Antwerpen",
    "zorgbedrijf": "Zorgbedrijf Antwerpen",
    "algemeen": "Mijn organisatie",
}


def test_every_preset_loads_with_its_organisation():
    assert {p.name: p.organisation for p in list_presets()} == ORGANISATIONS


def test_fire_zone_taxonomy_matches_the_published_report():
    preset = load_preset("brandweer")
    assert [t.label for t in preset.types] == ["Klacht"]
    assert len(preset.categories) == 12
    assert {q.label for q in preset.qualifications} >= {
        "Gegrond", "Ongegrond", "Betwist", "Niet ontvankelijk – onbevoegd"}


def test_terms_of_the_organisations():
    onderwijs = {t.label: t.term.days for t in load_preset("onderwijs").types}
    assert onderwijs == {"Klacht": 28, "Melding": 21, "Suggestie": 14, "Vraag": 8}
    assert all(t.term.unit == "werkdagen" and t.term.days == 21 for t in load_preset("stad").types)
    zorg = load_preset("zorgbedrijf")
    assert all(t.term.days == 14 and t.term.max_extension == 6 for t in zorg.types)
    assert len(zorg.settings.approvals) == 2
    assert load_preset("politie").settings.period_start == (19, 1)


def test_police_categories_are_scoped_per_signal_type():
    politie = load_preset("politie")
    scoped = {c.label: c.types for c in politie.categories}
    assert scoped["Attitude"] == ("Klacht politieoptreden",)
    overlast = next(c for c in politie.categories if c.label == "Overlast")
    assert "Horeca" in " ".join(overlast.children)


def test_unknown_preset_names_the_choices():
    with pytest.raises(DomainError, match="brandweer"):
        load_preset("bestaatniet")


def test_a_users_own_file_is_checked(tmp_path):
    path = tmp_path / "eigen.toml"
    path.write_text('[organisation]\nname = "X"\n[[types]]\nlabel = "Klacht"\nunit = "weken"\n')
    with pytest.raises(DomainError, match="kalenderdagen of werkdagen"):
        load_preset(str(path))
    path.write_text("[organisation\n")
    with pytest.raises(DomainError, match="geen geldig TOML"):
        load_preset(str(path))


def test_duplicate_labels_are_refused():
    data = {
        "organisation": {"name": "X"},
        "types": [{"label": "Klacht"}, {"label": "klacht"}],
        "qualifications": [{"label": "Gegrond"}],
    }
    with pytest.raises(DomainError, match="twee keer"):
        parse_preset(data, name="x", source="x")


def test_each_organisation_declares_the_fields_its_intake_asks():
    declared = {name: load_preset(name).settings.intake_fields for name in ORGANISATIONS}
    assert declared == {
        "brandweer": (), "algemeen": (), "politie": ("address", "handler"), "stad": ("entity",),
        "onderwijs": ("school", "line"), "woonhaven": ("address", "entity"), "zorgbedrijf": ("entity",),
    }


@pytest.mark.parametrize(("fields", "message"), [
    ('["adres"]', "organisation.intake_fields: 'adres' is geen veld dat de intake kan tonen; kies uit address"),
    ('["entity"]', "organisation.intake_fields: 'entity' vraagt een lijst [[entities]]"),
    ('["line"]', "organisation.intake_fields: 'line' vraagt de lijnen"),
    ('["school"]', "'school' vraagt \"school\" in organisation.facts"),
    ('["address", "address"]', "'address' staat er twee keer in"),
    ('"school"', "moet een lijst zijn"),
])
def test_a_wrong_intake_field_is_refused_naming_the_entry(tmp_path, fields, message):
    path = tmp_path / "eigen.toml"
    path.write_text(f'[organisation]\nname = "X"\nintake_fields = {fields}\n[[types]]\nlabel = "Klacht"\n'
                    '[[qualifications]]\nlabel = "Gegrond"\n')
    with pytest.raises(DomainError, match=re.escape(message)):
        load_preset(str(path))
def _preset(**organisation):
    return {"organisation": {"name": "X", **organisation}, "types": [{"label": "Klacht"}],
            "qualifications": [{"label": "Gegrond"}]}


def test_the_facts_a_preset_uses_are_checked_by_name():
    parsed = parse_preset(_preset(facts=["ombudsnorms", "school"]), name="x", source="eigen.toml")
    assert parsed.settings.facts == ("school", "ombudsnorms")
    with pytest.raises(DomainError, match=r"eigen.toml: organisation.facts: onbekend gegeven 'opgelost'; "
                                          r"kies uit: school, solved, ombudsnorms"):
        parse_preset(_preset(facts=["opgelost"]), name="x", source="eigen.toml")
    with pytest.raises(DomainError, match="organisation.ombudsnorms: moet een lijst"):
        parse_preset(_preset(ombudsnorms="Correcte bejegening"), name="x", source="eigen.toml")


def test_the_shipped_presets_use_the_facts_their_reports_need():
    assert load_preset("onderwijs").settings.facts == ("school",)
    assert load_preset("politie").settings.facts == ("mediation_result", "staff_member")
    for name in ("woonhaven", "zorgbedrijf"):
        settings = load_preset(name).settings
        assert settings.facts == ("solved", "ombudsnorms")
        assert "Redelijke behandeltermijn" in settings.ombudsnorms and len(settings.ombudsnorms) == 14
    assert load_preset("brandweer").settings.facts == ()


def test_school_holidays_and_type_flags_are_checked():
    data = _preset()
    data["calendar"] = {"school_holidays": "Vlaams"}
    with pytest.raises(DomainError, match="calendar.school_holidays: geen schoolvakanties bekend voor 'Vlaams'"):
        parse_preset(data, name="x", source="eigen.toml")
    data = _preset()
    data["types"] = [{"label": "Spam", "needs_qualification": "nee"}]
    with pytest.raises(DomainError, match=r"types\[1\].needs_qualification: moet true of false zijn"):
        parse_preset(data, name="x", source="eigen.toml")
    with pytest.raises(DomainError, match="answer_footer_required: moet true of false zijn"):
        parse_preset(_preset(answer_footer_required="ja"), name="x", source="eigen.toml")
    assert load_preset("onderwijs").settings.calendar.school_holidays == "Flemish"
    assert {t.label for t in load_preset("stad").types if not t.needs_qualification} == {
        "Wegwijsvraag", "Afspraak", "Spam"}
