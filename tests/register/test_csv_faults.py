"""CSV files as careless programs and people write them: each is read as meant, or refused
naming the line and the column, and never half-read (nothing is written)."""

from __future__ import annotations

import pytest
from engine_params import both_engines
from sqlalchemy import text

from klachtendesk.register.importer import ImportFailed, import_register
from klachtendesk.register.person import matching_case_ids

pytestmark = both_engines

HEADER = "ontvangen;type;titel;omschrijving"


def rows(n: int, start: int = 1) -> list[str]:
    return [f"6/6/2023;Klacht;Zaak {i};Tekst {i}" for i in range(start, start + n)]


def write(path, lines, encoding="utf-8"):
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def stored(store):
    with store.sessions.read() as session:
        return [tuple(r) for r in session.execute(text(
            "SELECT title, description FROM case_file ORDER BY id")).all()]


def refused(store, path):
    """The errors of a refused import, as (line, column, reason); nothing may be stored."""
    with pytest.raises(ImportFailed) as failed:
        import_register(store, path, user="Els")
    assert stored(store) == []
    return [(e.line, e.column, e.reason) for e in failed.value.result.errors]


def test_a_stray_opening_quote_is_refused_not_swallowing_the_rest(brandweer, tmp_path):
    path = write(tmp_path / "r.csv", [HEADER, *rows(3), '6/6/2023;Klacht;Open;"Begint met een aanhalingsteken',
                                      *rows(47, start=5)])
    [(line, column, reason)] = refused(brandweer, path)
    assert (line, column) == (5, "omschrijving")
    assert "nergens gesloten" in reason


def test_a_quote_closing_so_late_that_the_cell_holds_rows_is_refused(brandweer, tmp_path):
    path = write(tmp_path / "r.csv", [HEADER, '6/6/2023;Klacht;Open;"Begint hier', *rows(5, start=2),
                                      '6/6/2023;Klacht;Zaak 7;en sluit hier"', *rows(3, start=8)])
    [(line, column, reason)] = refused(brandweer, path)
    assert (line, column) == (2, "omschrijving")
    assert "aanhalingsteken sluit te laat" in reason


def test_an_undoubled_quote_in_a_quoted_cell_is_refused_not_dropped(brandweer, tmp_path):
    path = write(tmp_path / "r.csv", [HEADER, *rows(1), '6/6/2023;Klacht;Citaat;"Hij zei: "nee"', *rows(1, 3)])
    [(line, column, reason)] = refused(brandweer, path)
    assert (line, column) == (3, "omschrijving")
    assert 'dubbel staan ("")' in reason


def test_quotes_written_correctly_keep_every_character(brandweer, tmp_path):
    path = write(tmp_path / "r.csv", [HEADER, '6/6/2023;Klacht;Citaat;"Hij zei: ""nee""\nen ging; weg"',
                                      '6/6/2023;Klacht;Maat;Een 5" scherm'])
    assert import_register(brandweer, path, user="Els").created == 2
    assert stored(brandweer) == [("Citaat", 'Hij zei: "nee"\nen ging; weg'), ("Maat", 'Een 5" scherm')]


def test_a_row_with_more_cells_than_the_header_is_refused(brandweer, tmp_path):
    path = write(tmp_path / "r.csv", [HEADER, *rows(2), "6/6/2023;Klacht;Puntkomma;Eerste deel;tweede deel",
                                      "6/6/2023;Klacht;Lege rest;Tekst;;"])
    [(line, column, reason)] = refused(brandweer, path)
    assert (line, column) == (4, "5")
    assert "'tweede deel'" in reason and "buiten de kolommen" in reason
    # Empty cells past the header (trailing separators) are no data: that row alone imports.
    path = write(tmp_path / "ok.csv", [HEADER, "6/6/2023;Klacht;Lege rest;Tekst;;"])
    assert import_register(brandweer, path, user="Els").created == 1


def test_an_empty_header_cell_above_data_is_refused(brandweer, tmp_path):
    path = write(tmp_path / "r.csv", ["ontvangen;type;;titel", "6/6/2023;Klacht;;Leeg", "6/6/2023;Klacht;notitie;Vol"])
    [(line, column, reason)] = refused(brandweer, path)
    assert (line, column) == (3, "3")
    assert "geen naam in de kop" in reason and "'notitie'" in reason


def test_one_stray_byte_in_a_utf8_file_is_refused_not_mojibake(brandweer, tmp_path):
    good = "6/6/2023;Klacht;Café;Hélène schreef".encode()
    path = tmp_path / "r.csv"
    path.write_bytes(b"\r\n".join([HEADER.encode(), good, good, b"6/6/2023;Klacht;Caf\xe9;x", good]) + b"\r\n")
    [(line, column, reason)] = refused(brandweer, path)
    assert (line, column) == (4, "titel")
    assert "0xE9" in reason and "geen UTF-8" in reason


def test_utf8_in_a_windows_1252_file_is_refused(brandweer, tmp_path):
    path = tmp_path / "r.csv"
    path.write_bytes(b"\r\n".join([HEADER.encode(), "6/6/2023;Klacht;Café;x".encode("cp1252"),
                                   "6/6/2023;Klacht;x;Hélène".encode()]) + b"\r\n")
    [(line, column, reason)] = refused(brandweer, path)
    assert (line, column) == (3, "omschrijving")
    assert "Windows-1252" in reason


def test_a_windows_1252_file_reads_its_accents(brandweer, tmp_path):
    path = write(tmp_path / "r.csv", [HEADER, *rows(3), "6/6/2023;Klacht;Café;Hélène – “citaat”"], "cp1252")
    assert import_register(brandweer, path, user="Els").created == 4
    assert stored(brandweer)[-1] == ("Café", "Hélène – “citaat”")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_a_utf16_file_is_read(brandweer, tmp_path, encoding):
    """Excel's "Unicode text": UTF-16 (with BOM, or without), tab-separated."""
    path = write(tmp_path / "r.csv", ["ontvangen\ttype\ttitel\tmelder", "6/6/2023\tKlacht\tCafé\tHélène Peeters"],
                 encoding)
    assert import_register(brandweer, path, user="Els").created == 1
    assert stored(brandweer) == [("Café", "")]
    assert len(matching_case_ids(brandweer, "Hélène")) == 1


def test_a_sep_line_names_the_separator_and_lines_keep_their_numbers(brandweer, tmp_path):
    path = write(tmp_path / "r.csv", ["sep=,", "ontvangen,type,titel", '6/6/2023,Klacht,"Een; twee"',
                                      "31/2/2023,Klacht,Fout"])
    [(line, column, reason)] = refused(brandweer, path)
    assert (line, column) == (4, "ontvangen")
    path = write(tmp_path / "r.csv", ["sep=,", "ontvangen,type,titel", '6/6/2023,Klacht,"Een; twee"'])
    assert import_register(brandweer, path, user="Els").created == 1
    assert stored(brandweer) == [("Een; twee", "")]
