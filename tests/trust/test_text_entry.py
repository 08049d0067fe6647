"""Every way text enters goes through the same cleaning (issue 11).

A preset's organisation name and labels, ``--user`` and the first-run name reach the
terminal, the reports and every change's record: escape sequences and control characters
are removed from them as from typed text, and a name that is empty once cleaned is refused.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hostile import hostile_params
from openpyxl import load_workbook
from sqlalchemy import text

from klachtendesk.presets import load_preset
from klachtendesk.store.database import Store

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "cli"))
from process import run  # noqa: E402

PRESETS = Path(__file__).resolve().parents[2] / "src" / "klachtendesk" / "presets"

#: What a hostile or careless preset may hold: a window title (OSC 0), a clipboard write
#: (OSC 52), colours (CSI), a terminal reset (ESC c) and a bidi override.
HOSTILE_NAME = "Zone \x1b]0;PWNED\x07Antwerpen\x1b[31m"
HOSTILE_LABEL = "Dienst\x1b]52;c;SEFDSw==\x07verlening\x1b[5m"


def _toml(value: str) -> str:
    return '"' + "".join(ch if ch.isprintable() and ch not in '"\\' else f"\\u{ord(ch):04x}" for ch in value) + '"'


@pytest.fixture
def hostile_preset(tmp_path) -> Path:
    source = (PRESETS / "algemeen.toml").read_text(encoding="utf-8")
    source = source.replace('name = "Mijn organisatie"', f"name = {_toml(HOSTILE_NAME)}", 1)
    source = source.replace('label = "Dienstverlening"', f"label = {_toml(HOSTILE_LABEL)}", 1)
    source = source.replace('label = "Klacht"', f"label = {_toml('Kl' + chr(0x1B) + 'cacht' + chr(0x202E))}", 1)
    path = tmp_path / "eigen.toml"
    path.write_text(source, encoding="utf-8")
    return path


def test_a_presets_name_and_labels_are_cleaned_when_read(hostile_preset):
    preset = load_preset(str(hostile_preset))
    assert preset.settings.organisation == "Zone Antwerpen"
    assert "Dienstverlening" in [c.label for c in preset.categories]
    assert preset.types[0].label == "Klacht"


def test_a_preset_label_that_is_only_escape_sequences_is_refused_as_empty(tmp_path):
    source = (PRESETS / "algemeen.toml").read_text(encoding="utf-8")
    path = tmp_path / "leeg.toml"
    path.write_text(source.replace('name = "Mijn organisatie"', 'name = "\\u001b[31m  \\u0007"', 1), encoding="utf-8")
    from klachtendesk.domain.errors import DomainError

    with pytest.raises(DomainError, match="organisation.name: mag niet leeg zijn"):
        load_preset(str(path))


def test_a_preset_label_too_long_is_named(tmp_path):
    source = (PRESETS / "algemeen.toml").read_text(encoding="utf-8")
    path = tmp_path / "lang.toml"
    path.write_text(source.replace('label = "Dienstverlening"', f'label = "{"x" * 301}"', 1), encoding="utf-8")
    from klachtendesk.domain.errors import DomainError

    with pytest.raises(DomainError, match=r"categories\[1\]\.label: is te lang \(hoogstens 300 tekens\)$"):
        load_preset(str(path))


def test_no_escape_sequence_of_a_preset_reaches_the_terminal(tmp_path, hostile_preset):
    db = tmp_path / "eigen.db"
    made = run("init", "--preset", str(hostile_preset), "--db", str(db), "--user", "Els", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert "Databank voor Zone Antwerpen gemaakt" in made.stdout
    assert "\x1b" not in made.stdout + made.stderr
    for fmt in ("csv", "html", "md"):
        shown = run("report", "--year", "2026", "--format", fmt, "--db", str(db), "--user", "Els", cwd=tmp_path)
        assert shown.returncode == 0, shown.stderr
        assert "Dienstverlening" in shown.stdout, fmt
        assert "\x1b" not in shown.stdout and "\x07" not in shown.stdout and "\u202e" not in shown.stdout, fmt


def test_a_user_name_with_escape_sequences_is_recorded_clean_and_the_xlsx_export_works(tmp_path):
    db = tmp_path / "s.db"
    raw = "Els\x1b[31m Peeters\x1bc"
    made = run("init", "--preset", "brandweer", "--db", str(db), "--user", raw, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    footer = run("footer", "Met vriendelijke groet", "--db", str(db), "--user", raw, cwd=tmp_path)
    assert footer.returncode == 0, footer.stderr
    store = Store.open(db)
    from klachtendesk import clock
    from klachtendesk.store.cases import CaseFields, create_case

    user = store.taxonomy.find("users", "Els Peeters")
    assert user is not None  # the name init recorded, cleaned
    with store.sessions.write() as session:
        create_case(session, CaseFields(received=clock.today(), signal_type_id=store.taxonomy.types[0].id,
                                        title="Rook in de gang", handler_id=user.id),
                    user="Els Peeters", settings=store.settings, taxonomy=store.taxonomy, now=clock.now())
    with store.sessions.read() as session:
        users = {row[0] for row in session.execute(text("SELECT user FROM event"))}
        names = {row[0] for row in session.execute(text("SELECT name FROM app_user"))}
    store.close()
    assert users == {"Els Peeters"} and names == {"Els Peeters"}
    exported = run("export", str(tmp_path / "x.xlsx"), "--include-staff-member", "--db", str(db), "--user", raw,
                   cwd=tmp_path)
    assert exported.returncode == 0, exported.stderr
    sheet = load_workbook(tmp_path / "x.xlsx").active
    assert "Els Peeters" in [cell.value for cell in sheet[2]]


@pytest.mark.parametrize("blank", ["   ", "\x1b[31m", "\x9b", ""])
def test_a_user_name_that_is_empty_once_cleaned_is_refused(tmp_path, brandweer, blank):
    brandweer.close()
    result = run("footer", "Groet", "--db", str(brandweer.path), "--user", blank, cwd=tmp_path)
    assert result.returncode == 2
    assert "--user: de naam is leeg" in result.stderr
    assert "Traceback" not in result.stderr and "\x1b" not in result.stderr
    store = Store.open(brandweer.path)
    with store.sessions.read() as session:
        recorded = session.execute(text("SELECT count(*) FROM event WHERE kind = 'settings'")).scalar()
    store.close()
    assert recorded == 0  # nothing was recorded under an empty name


@pytest.mark.parametrize("hostile", hostile_params("name"))
def test_the_hostile_corpus_as_organisation_name_label_and_user(tmp_path, hostile):
    import argparse

    from klachtendesk.cli.common import _user
    from klachtendesk.domain.errors import DomainError

    source = (PRESETS / "algemeen.toml").read_text(encoding="utf-8")
    path = tmp_path / "eigen.toml"
    path.write_text(source.replace('name = "Mijn organisatie"', f"name = {_toml(hostile.text)}", 1)
                    .replace('label = "Dienstverlening"', f"label = {_toml(hostile.text)}", 1), encoding="utf-8")
    if hostile.accepts is None:
        with pytest.raises(DomainError, match="organisation.name: mag niet leeg zijn"):
            load_preset(str(path))
        with pytest.raises(argparse.ArgumentTypeError, match="de naam is leeg"):
            _user(hostile.text)
    else:
        preset = load_preset(str(path))
        assert preset.settings.organisation == hostile.accepts
        assert preset.categories[0].label == hostile.accepts
        assert _user(hostile.text) == hostile.accepts
