"""Chapter tables as data: a preset's [[tables]] checked, with a Dutch line naming the table and field."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from klachtendesk.domain.chapter import parse_chapter
from klachtendesk.domain.errors import DomainError
from klachtendesk.domain.taxonomy import parse_preset
from klachtendesk.presets import load_preset, preset_names

MINIMAL = """
[organisation]
name = "Eigen dienst"
[[types]]
label = "Klacht"
complaint = true
[[categories]]
label = "Onthaal"
[[qualifications]]
label = "Gegrond"
founded = "ja"
[[channels]]
label = "E-mail"
"""


def _preset(tables: str):
    return parse_preset(tomllib.loads(MINIMAL + tables), name="eigen", source="eigen.toml")


def test_every_shipped_preset_but_the_general_one_has_its_chapter():
    tables = {name: [t.id for t in load_preset(name).tables] for name in preset_names()}
    assert tables["algemeen"] == []
    assert tables["brandweer"] == ["trefwoord_kwalificatie", "bron"]
    assert tables["politie"] == ["kanalen", "aard", "klachten_trefwoord", "meldingen_trefwoord", "vragen",
                                 "bemiddeling"]
    assert tables["stad"] == ["teams_digitaal"]
    assert tables["zorgbedrijf"] == ["per_jaar", "entiteit_maand", "themas", "binnen_14_20", "ombuds_maand",
                                     "doorlooptijd_maand", "niet_opgelost_14", "niet_opgelost_20", "nieuw_afgesloten"]
    assert tables["woonhaven"] == ["contacten", "categorieen", "kwartalen", "kanalen", "opgelost", "tijdig",
                                   "gegrond", "patrimonium"]
    assert tables["onderwijs"] == ["aard", "aard_maand", "tijdigheid", "gegrond_thema", "ontvankelijkheid"]


def test_the_tables_sit_at_the_end_of_each_preset_file():
    import klachtendesk.presets as presets

    for path in Path(presets.__file__).parent.glob("*.toml"):
        text = path.read_text(encoding="utf-8")
        if "[[tables]]" in text:
            tail = text[text.index("[[tables]]"):]
            assert not any(f"\n[[{kind}]]" in tail for kind in ("types", "categories", "qualifications",
                                                                  "channels", "entities")), path.name


def test_a_team_adds_a_table_without_code():
    preset = _preset("""
[[tables]]
id = "per_kanaal"
title = "Klachten per kanaal"
rows = "channel"
filter = { complaints = true }
columns = { split = "half", total = "end", values = [{ measure = "count" }, { measure = "share" }] }
""")
    (table,) = preset.tables
    assert (table.id, table.rows[0].split, table.columns[0].split, table.columns[0].total) == (
        "per_kanaal", "channel", "half", "end")
    assert preset.tables_source[0]["id"] == "per_kanaal"


@pytest.mark.parametrize(("tables", "message"), [
    ('[[tables]]\nid = "x"\ntitle = "X"\nrows = "kanaal"',
     "eigen.toml: tabel 'x', rows.split: 'kanaal' kan niet; kies uit 'category'"),
    ('[[tables]]\nid = "x"\ntitle = "X"\nrows = "channel"\nfilter = { types = ["Vraag"] }',
     "eigen.toml: tabel 'x', filter.types: 'Vraag' is geen type van deze organisatie"),
    ('[[tables]]\nid = "x"\ntitle = "X"\nrows = "channel"\ncolour = "rood"',
     "eigen.toml: tabel 'x', colour: onbekend veld"),
    ('[[tables]]\nid = "Per Kanaal"\ntitle = "X"\nrows = "channel"',
     "eigen.toml: tabel 'Per Kanaal', id: 'Per Kanaal' kan niet: kleine letters, cijfers en _"),
    ('[[tables]]\nid = "x"\nrows = "channel"', "eigen.toml: tabel 'x', title: ontbreekt"),
    ('[[tables]]\nid = "x"\ntitle = "X"', "eigen.toml: tabel 'x', rows: ontbreekt"),
    ('[[tables]]\nid = "x"\ntitle = "X"\nrows = "channel"\ncolumns = { values = [{ measure = "share", of = "y" }] }',
     "eigen.toml: tabel 'x', columns.values[1]: een aandeel heeft een telling ervoor nodig"),
    ('[[tables]]\nid = "x"\ntitle = "X"\nrows = "channel"\n'
     'columns = { values = [{ measure = "count" }, { measure = "share", of = "Alles" }] }',
     "eigen.toml: tabel 'x', columns.values[2].of: 'Alles' is geen telling van deze tabel"),
    ('[[tables]]\nid = "x"\ntitle = "X"\nrows = "channel"\norder = ["Brief"]',
     "eigen.toml: tabel 'x', rows.order: 'Brief' is geen kanaal van deze organisatie"),
    ('[[tables]]\nid = "x"\ntitle = "X"\nrows = "channel"\nfilter = { founded = ["misschien"] }',
     "eigen.toml: tabel 'x', filter.founded: 'misschien' kan niet"),
    ('[[tables]]\nid = "x"\ntitle = "X"\nrows = "channel"\n[[tables]]\nid = "x"\ntitle = "Y"\nrows = "type"',
     "eigen.toml: tabel 'x', id: staat er twee keer in"),
    ('[[tables]]\nid = "x"\ntitle = "X"\nrows = "year"\nyears = 40',
     "eigen.toml: tabel 'x', rows.years: moet een geheel getal van 1 tot en met 20 zijn"),
])
def test_a_wrong_table_is_refused_with_its_table_and_field(tables, message):
    with pytest.raises(DomainError) as err:
        _preset(tables)
    assert err.value.message.startswith(message), err.value.message


def test_a_stored_chapter_is_read_without_the_presets_labels():
    (table,) = parse_chapter([{"id": "x", "title": "X", "rows": "channel", "filter": {"types": ["Weg"]}}],
                             source="store")
    assert table.filter.types == ("Weg",)  # matches no case, refuses nothing
