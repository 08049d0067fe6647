"""What once ended in an English traceback, exit 70 and a crash log is one Dutch line (issue 11).

Each case was reproduced with the installed command first. The commands run in this
process (``cli.main``), as a user's shell would run them, with stdout and stderr captured.
"""

from __future__ import annotations

import errno
import os
import subprocess
from pathlib import Path

import pytest

from klachtendesk.cli import main
from klachtendesk.presets import load_preset
from klachtendesk.store.database import Store

PRESETS = Path(__file__).resolve().parents[2] / "src" / "klachtendesk" / "presets"


def _dutch_line(capsys: pytest.CaptureFixture[str]) -> str:
    out = capsys.readouterr()
    assert "Traceback" not in out.err and "onverwachte fout" not in out.err, out.err
    lines = [line for line in out.err.splitlines() if line.startswith("klachtendesk")]
    assert lines, out.err
    return lines[-1]


@pytest.fixture
def store_with_a_case(tmp_path) -> Path:
    from klachtendesk import clock
    from klachtendesk.store.cases import CaseFields, create_case

    path = tmp_path / "s.db"
    store = Store.create(path, load_preset("brandweer"), user="Els Peeters")
    with store.sessions.write() as session:
        create_case(session, CaseFields(received=clock.today(), signal_type_id=store.taxonomy.types[0].id,
                                        title="Rook in de gang"),
                    user="Els Peeters", settings=store.settings, taxonomy=store.taxonomy, now=clock.now())
    store.close()
    return path


def _mount(folder: Path, options: str) -> Path:
    folder.mkdir(exist_ok=True)
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
                                           capture_output=True).returncode != 0:
        pytest.skip("a small file system cannot be mounted here (the fault-injecting tests still run)")
    return folder


def _fill(path: Path) -> None:
    """Write until the disk is full (another program did it, as far as the desk knows)."""
    with path.open("wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"\0" * 1024)
        except OSError as err:
            assert err.errno == errno.ENOSPC


# -- export ------------------------------------------------------------------------------------

def test_export_to_a_folder(store_with_a_case, tmp_path, capsys):
    assert main(["export", str(tmp_path), "--db", str(store_with_a_case)]) == 1
    assert "is een map; geef een bestandsnaam" in _dutch_line(capsys)


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_export_on_a_real_full_disk(store_with_a_case, tmp_path, capsys, suffix):
    folder = _mount(tmp_path / "full", "size=16k")
    try:
        _fill(folder / "filler")
        assert main(["export", str(folder / f"x.{suffix}"), "--db", str(store_with_a_case)]) == 1
        assert "De schijf is vol" in _dutch_line(capsys)
        assert [p.name for p in folder.iterdir()] == ["filler"]  # nothing half-written left behind
    finally:
        subprocess.run(["umount", str(folder)], check=True)


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_export_to_a_real_read_only_folder(store_with_a_case, tmp_path, capsys, suffix):
    folder = _mount(tmp_path / "ro", "ro,size=16k")
    try:
        assert main(["export", str(folder / f"x.{suffix}"), "--db", str(store_with_a_case)]) == 1
        assert "mag klachtendesk niet schrijven (alleen-lezen" in _dutch_line(capsys)
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def test_a_full_disk_reported_the_way_lxml_reports_it(store_with_a_case, tmp_path, capsys, monkeypatch):
    """The fault-injecting variant: openpyxl's sheets are written by lxml, which raises its own
    SerialisationError("IO_ENOSPC") rather than an OSError."""
    from lxml.etree import SerialisationError
    from openpyxl import Workbook

    def full(self, handle):  # type: ignore[no-untyped-def]
        raise SerialisationError("IO_ENOSPC")

    monkeypatch.setattr(Workbook, "save", full)
    assert main(["export", str(tmp_path / "x.xlsx"), "--db", str(store_with_a_case)]) == 1
    assert "De schijf is vol: " in _dutch_line(capsys)
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("s.db")) == ["backups"]


def test_a_read_only_folder_by_fault_injection(store_with_a_case, tmp_path, capsys, monkeypatch):
    import tempfile

    def refused(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(tempfile, "mkdtemp", refused)
    assert main(["export", str(tmp_path / "x.csv"), "--db", str(store_with_a_case)]) == 1
    assert "alleen-lezen" in _dutch_line(capsys)


# -- the frozen clock --------------------------------------------------------------------------

@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_a_today_the_calendar_cannot_count_from(store_with_a_case, capsys, day):
    with pytest.raises(SystemExit) as stopped:
        main(["alerts", "--today", day, "--db", str(store_with_a_case)])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert f"'{day}' ligt buiten 1900-2999" in err and "Traceback" not in err


@pytest.mark.parametrize("value", ["abc", "9999-12-31", "2026-02-30"])
def test_a_klachtendesk_today_that_is_no_usable_date(store_with_a_case, capsys, monkeypatch, value):
    monkeypatch.setenv("KLACHTENDESK_TODAY", value)
    assert main(["alerts", "--db", str(store_with_a_case)]) == 2
    line = _dutch_line(capsys)
    assert line.startswith("klachtendesk: $KLACHTENDESK_TODAY: ") and f"'{value}'" in line


def test_a_user_that_is_one_c1_control(store_with_a_case, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["footer", "Groet", "--user", "\x9b", "--db", str(store_with_a_case)])
    assert stopped.value.code == 2
    assert "--user: de naam is leeg" in capsys.readouterr().err


# -- references, extensions, presets -----------------------------------------------------------

def _register(tmp_path: Path, header: str, row: str) -> Path:
    path = tmp_path / "register.csv"
    path.write_text(f"{header}\n{row}\n", encoding="utf-8")
    return path


def test_a_reference_whose_number_no_column_holds(store_with_a_case, tmp_path, capsys):
    path = _register(tmp_path, "referentie;ontvangen;type;titel",
                     "2026-99999999999999999999;1/11/2026;Klacht;Uit een ander systeem")
    assert main(["import", str(path), "--db", str(store_with_a_case), "--user", "Els"]) == 0
    capsys.readouterr()
    store = Store.open(store_with_a_case)
    from sqlalchemy import text

    with store.sessions.read() as session:
        kept = session.execute(text("SELECT reference FROM case_file WHERE title = 'Uit een ander systeem'")).all()
    store.close()
    assert [row[0] for row in kept] == ["2026-99999999999999999999"]  # kept as the other system wrote it


def test_a_huge_extension_in_a_register(tmp_path, capsys):
    db = tmp_path / "a.db"
    Store.create(db, load_preset("algemeen"), user="Els").close()
    path = _register(tmp_path, "ontvangen;type;titel;verlenging_dagen;verlenging_reden",
                     "1/11/2026;Klacht;Test;999999999999999999999999;lang")
    assert main(["import", str(path), "--db", str(db), "--user", "Els"]) == 1
    out = capsys.readouterr()
    assert "kolom verlenging_dagen" in out.out + out.err and "Traceback" not in out.err


@pytest.mark.parametrize(("old", "new", "where"), [
    ("retention_years = 5", "retention_years = 3000", "organisation.retention_years: moet een geheel getal van 0"),
    ("term = 45", "term = 4000000", "types[1].term: moet een geheel getal van 0 tot en met 3650"),
    ("max_extension = 0", "max_extension = 99999999", "types[1].max_extension: moet een geheel getal"),
])
def test_a_preset_with_numbers_the_calendar_cannot_hold(tmp_path, capsys, old, new, where):
    preset = tmp_path / "eigen.toml"
    preset.write_text((PRESETS / "brandweer.toml").read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    assert main(["init", "--preset", str(preset), "--db", str(tmp_path / "n.db")]) == 1
    assert where in _dutch_line(capsys)
    assert not (tmp_path / "n.db").exists()


# -- import of what is not a regular file ------------------------------------------------------

def test_import_of_dev_null_and_of_a_folder(store_with_a_case, tmp_path, capsys):
    assert main(["import", os.devnull, "--db", str(store_with_a_case), "--user", "Els"]) == 1
    line = _dutch_line(capsys)
    assert "geen gewoon bestand" in line and "bestaat niet" not in line
    folder = tmp_path / "register.csv"
    folder.mkdir()
    assert main(["import", str(folder), "--db", str(store_with_a_case), "--user", "Els"]) == 1
    line = _dutch_line(capsys)
    assert "is een map" in line and "bestaat niet" not in line
