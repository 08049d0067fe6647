"""The command line as a user runs it: a separate process, from another directory."""

from __future__ import annotations

import pytest
from process import run


def test_help_from_any_directory(tmp_path):
    result = run("--help", cwd=tmp_path)
    assert result.returncode == 0
    for command in ("init", "presets", "demo", "import", "export", "alerts"):
        assert command in result.stdout


def test_help_and_usage_errors_speak_dutch(tmp_path):
    help_text = run("--help", cwd=tmp_path).stdout
    assert help_text.startswith("gebruik: klachtendesk")
    assert "toon deze hulp en stop" in help_text and "usage" not in help_text and "show this" not in help_text
    missing = run("import", cwd=tmp_path)
    assert missing.returncode == 2
    assert missing.stderr.splitlines()[-1] == "klachtendesk import: fout: deze argumenten ontbreken: BESTAND"
    unknown = run("alerts", "--extra", cwd=tmp_path)
    assert unknown.stderr.splitlines()[-1] == "klachtendesk: fout: onbekende argumenten: --extra"


def test_presets_lists_organisation_names(tmp_path):
    result = run("presets", cwd=tmp_path)
    assert "brandweer    Brandweer Zone Antwerpen" in result.stdout
    assert "Politiezone Antwerpen" in result.stdout


def test_init_then_alerts_on_an_empty_store(tmp_path):
    assert run("init", "--preset", "brandweer", "--db", "b.db", cwd=tmp_path).returncode == 0
    result = run("alerts", "--db", "b.db", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.strip() == "0 te laat, 0 binnen 3 werkdagen, 0 zonder ontvangstmelding op tijd (0 zaken)."


def test_db_from_the_environment(tmp_path):
    env = {"KLACHTENDESK_DB": str(tmp_path / "env.db")}
    assert run("init", "--preset", "algemeen", cwd=tmp_path, env_extra=env).returncode == 0
    assert (tmp_path / "env.db").exists()


def test_demo_and_its_alerts(tmp_path):
    result = run("demo", "--db", "demo.db", "--no-tui", "--today", "2026-11-27", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    alerts = run("alerts", "--db", "demo.db", "--today", "2026-11-27", cwd=tmp_path).stdout.splitlines()
    assert alerts[0].startswith("2026-0001    TE LAAT (17 d)")
    assert alerts[-1] == "2 te laat, 2 binnen 3 werkdagen, 1 zonder ontvangstmelding op tijd (5 zaken)."
    # Most urgent first: due dates ascending.
    assert [line.split()[0] for line in alerts[:-1]] == [
        "2026-0001", "2026-0002", "2026-0004", "2026-0003", "2026-0005"]


@pytest.mark.parametrize(
    ("args", "message", "code"),
    [
        (("init", "--preset", "nergens"), "Onbekende preset 'nergens'", 1),
        (("alerts", "--db", "ontbreekt.db"), "Er is nog geen databank", 1),
        (("alerts", "--db", "geen/map/x.db"), "bestaat niet", 1),
        (("import", "nergens.csv", "--db", "b.db"), "bestaat niet", 1),
        (("export", "x.pdf", "--db", "b.db"), "kies een .csv- of .xlsx-bestand", 1),
    ],
)
def test_errors_are_one_dutch_line_without_traceback(tmp_path, args, message, code):
    run("init", "--preset", "brandweer", "--db", "b.db", cwd=tmp_path)
    result = run(*args, cwd=tmp_path)
    assert result.returncode == code
    assert message in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_import_errors_list_every_row_and_write_nothing(tmp_path):
    run("init", "--preset", "brandweer", "--db", "b.db", cwd=tmp_path)
    (tmp_path / "r.csv").write_text(
        "ontvangen;type;titel\n6/6/2023;Klacht;goed\n31/2/2023;Klacht;fout\n6/6/2023;Vraag;fout\n")
    result = run("import", "r.csv", "--db", "b.db", cwd=tmp_path)
    assert result.returncode == 1
    assert "r.csv, regel 3, kolom ontvangen: 31/2/2023 bestaat niet" in result.stdout
    assert "r.csv, regel 4, kolom type: onbekende waarde 'Vraag'" in result.stdout
    assert "er is niets geïmporteerd" in result.stderr
    assert "0 zaken" in run("alerts", "--db", "b.db", cwd=tmp_path).stdout


def test_newer_schema_exits_with_status_2(tmp_path):
    import sqlite3

    run("init", "--preset", "brandweer", "--db", "b.db", cwd=tmp_path)
    conn = sqlite3.connect(tmp_path / "b.db")
    conn.execute("UPDATE alembic_version SET version_num = 'ffff'")
    conn.commit()
    conn.close()
    result = run("alerts", "--db", "b.db", cwd=tmp_path)
    assert result.returncode == 2 and "nieuwer schema" in result.stderr


_FOOTER = "Niet tevreden? Neem contact op met de ombudsvrouw: ombudsvrouw@stad.example, 03 123 45 67."

def test_the_cli_shows_and_sets_the_footer(tmp_path):
    assert run("init", "--preset", "stad", "--db", "s.db", cwd=tmp_path).returncode == 0
    shown = run("footer", "--db", "s.db", cwd=tmp_path)
    assert shown.returncode == 0 and "nog geen slottekst" in shown.stdout
    saved = run("footer", _FOOTER, "--db", "s.db", "--user", "Tom", cwd=tmp_path)
    assert saved.returncode == 0 and "Slottekst bewaard" in saved.stdout
    assert run("footer", "--db", "s.db", cwd=tmp_path).stdout.strip() == _FOOTER
    refused = run("footer", " ", "--db", "s.db", cwd=tmp_path)
    assert refused.returncode == 1 and "nog niet ingesteld" in refused.stderr


def test_init_refuses_an_unknown_fact_naming_the_entry(tmp_path):
    own = tmp_path / "eigen.toml"
    own.write_text('[organisation]\nname = "X"\nfacts = ["opgelost"]\n[[types]]\nlabel = "Klacht"\n'
                   '[[qualifications]]\nlabel = "Gegrond"\n', encoding="utf-8")
    result = run("init", "--preset", str(own), "--db", "x.db", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip().endswith("organisation.facts: onbekend gegeven 'opgelost'; kies uit: school, "
                                          "solved, ombudsnorms, mediation_result, staff_member")
    assert not (tmp_path / "x.db").exists()


def test_init_refuses_a_wrong_chapter_table_in_one_dutch_line(tmp_path):
    preset = tmp_path / "eigen.toml"
    preset.write_text('[organisation]\nname = "Eigen dienst"\n[[types]]\nlabel = "Klacht"\ncomplaint = true\n'
                      '[[qualifications]]\nlabel = "Gegrond"\n'
                      '[[tables]]\nid = "per_kanaal"\ntitle = "Per kanaal"\nrows = "kanalen"\n', encoding="utf-8")
    result = run("init", "--preset", str(preset), "--db", "e.db", cwd=tmp_path)
    assert result.returncode == 1
    assert "tabel 'per_kanaal', rows.split: 'kanalen' kan niet" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "e.db").exists()


def test_an_own_preset_adds_a_chapter_table_that_the_report_computes(tmp_path):
    import json

    preset = tmp_path / "eigen.toml"
    preset.write_text('[organisation]\nname = "Eigen dienst"\n[[types]]\nlabel = "Klacht"\ncomplaint = true\n'
                      '[[qualifications]]\nlabel = "Gegrond"\n[[channels]]\nlabel = "E-mail"\n'
                      '[[tables]]\nid = "per_kanaal"\ntitle = "Per kanaal"\nrows = "channel"\n'
                      'columns = { split = "half" }\n', encoding="utf-8")
    assert run("init", "--preset", str(preset), "--db", "e.db", cwd=tmp_path).returncode == 0
    result = run("report", "--db", "e.db", "--year", "2026", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    table = json.loads(result.stdout)["tables"]["per_kanaal"]
    assert table == {"title": "Per kanaal", "columns": ["Q1-Q2", "Q3-Q4"],
                     "rows": {"E-mail": {"Q1-Q2": 0, "Q3-Q4": 0}}, "total": {"Q1-Q2": 0, "Q3-Q4": 0}}
