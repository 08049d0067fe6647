"""Hostile text in mail headers and bodies reaches no terminal and no document as markup or
control characters: stored clean, printed escaped, written into letters as plain text."""

from __future__ import annotations

import base64
import re
import sqlite3
from email.message import EmailMessage
from io import BytesIO

import pytest
from docx import Document
from hostile import ESCAPE_PAYLOADS, HOSTILE_STRINGS

from klachtendesk.cli import main

TERMINAL_ACTIVE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
SHORT = [h for h in HOSTILE_STRINGS if h.field == "text" and len(h.text) < 500]


def _encoded(text: str) -> str:
    """An RFC 2047 encoded word: any character, control characters included, reaches the
    parser this way, as it does from a hostile sender."""
    data = text.encode("utf-8", "surrogatepass")
    return f"=?utf-8?b?{base64.b64encode(data).decode()}?="


def _mail(number: int, subject: str, name: str, body: str) -> bytes:
    message = EmailMessage()
    message["To"] = "brandweer@example.be"
    message["Date"] = "Mon, 16 Nov 2026 09:00:00 +0100"
    message["Message-ID"] = f"<hostile-{number}@example.org>"
    message.set_content(body.encode("utf-8", "surrogatepass").decode("utf-8", "replace"))
    head = (f"From: {_encoded(name)} <burger{number}@example.org>\r\nSubject: {_encoded(subject)}\r\n").encode()
    return head + message.as_bytes()


def _one_line(text: str) -> str:
    return " ".join(text.replace("\r", " ").replace("\n", " ").split("\n")) or "leeg"


@pytest.fixture
def hostile_store(brandweer, store_path, tmp_path, capsys):
    brandweer.close()
    folder = tmp_path / "inbox"
    folder.mkdir()
    for number, h in enumerate(SHORT):
        subject = _one_line(h.text) or "leeg"
        (folder / f"{number:03d}.eml").write_bytes(_mail(number, subject, _one_line(h.text)[:60], h.text + "\n"))
    code = main(["mail", str(folder), "--db", str(store_path), "--user", "Els"])
    out = capsys.readouterr()
    return code, out.out + out.err


def test_output_of_mail_has_nothing_a_terminal_acts_on(hostile_store):
    code, out = hostile_store
    assert code == 0, out
    assert not TERMINAL_ACTIVE.findall(out.replace("\n", "")), "raw control characters in the output"
    for payload in ESCAPE_PAYLOADS:
        assert payload not in out


def test_stored_mail_text_is_clean_and_markup_kept_literally(hostile_store, store_path):
    with sqlite3.connect(store_path) as db:
        rows = db.execute("SELECT title, description, complainant_name FROM case_file").fetchall()
        notes = [n for (n,) in db.execute("SELECT note FROM event")]
    assert len(rows) == len(SHORT)
    for value in [v for row in rows for v in row] + notes:
        assert not TERMINAL_ACTIVE.findall(value.replace("\n", "").replace("\t", "")), value
        for payload in ESCAPE_PAYLOADS:
            assert payload not in value
    titles = {row[0] for row in rows}
    for literal in ("[b]vet[/b]", "[@click=app.quit]sluit af[/]", "[link=https://evil.example/]klik hier[/link]",
                    "<script>alert(1)</script>", "'); DROP TABLE case_file;--"):
        assert literal in titles


def test_letters_and_dossier_of_hostile_mail_hold_plain_text(hostile_store, store_path, tmp_path, capsys):
    with sqlite3.connect(store_path) as db:
        references = [r for (r,) in db.execute("SELECT reference FROM case_file WHERE title LIKE '%[b]vet%' "
                                               "OR title LIKE '%<script>%' OR title LIKE '%GEHACKT%' "
                                               "OR complainant_name LIKE '%[link%' ORDER BY id")]
    assert references
    for reference in references:
        for fmt in ("docx", "eml"):
            target = tmp_path / f"{reference}.{fmt}"
            assert main(["letter", reference, "--kind", "ontvangstmelding", "--format", fmt, "-o", str(target),
                         "--db", str(store_path), "--user", "Els"]) == 0
            data = target.read_bytes()
            if fmt == "docx":
                text = "\n".join(p.text for p in Document(BytesIO(data)).paragraphs)
            else:
                text = data.decode("ascii")  # an e-mail is 7-bit: headers encoded, body quoted-printable
            assert not TERMINAL_ACTIVE.findall(text.replace("\n", "").replace("\r", "").replace("\t", ""))
        dossier = tmp_path / f"{reference}.html"
        assert main(["dossier", reference, "-o", str(dossier), "--db", str(store_path), "--user", "Els"]) == 0
        html = dossier.read_text()
        assert "<script" not in html and not TERMINAL_ACTIVE.findall(html.replace("\n", ""))
    capsys.readouterr()
    with sqlite3.connect(store_path) as db:
        (title,), = db.execute("SELECT title FROM case_file WHERE title = '<script>alert(1)</script>'").fetchall()
        reference, = db.execute("SELECT reference FROM case_file WHERE title = ?", (title,)).fetchone()
    main(["dossier", reference, "-o", str(tmp_path / "x.html"), "--db", str(store_path), "--user", "Els"])
    html = (tmp_path / "x.html").read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html
    main(["letter", reference, "--kind", "ontvangstmelding", "--format", "docx", "-o", str(tmp_path / "x.docx"),
          "--db", str(store_path), "--user", "Els"])
    text = "\n".join(p.text for p in Document(BytesIO((tmp_path / "x.docx").read_bytes())).paragraphs)
    assert "Betreft: ontvangstmelding – <script>alert(1)</script>" in text
